"""One decision on a large profile set: 50 personas, each with 500 accounts and 200
keywords (words, phrases, hashtags; every phrase starts with one of 20 common words, so
every word of the text is a phrase candidate), a 1 KB draft and a 2 KB reply text.

    .venv/bin/python bench/decision.py [--iterations N]

Prints JSON: p50/p99/max of one decision in microseconds of thread CPU time (the machine
is shared: wall time would measure the neighbours), as the host makes it (`verdict_json`
on a request read by hand), in these cases, and the one-off cost of loading and compiling
the profiles:

* typing: what the host sees while a person writes a reply: the same text replied to, a
  new draft at every call;
* cold: a new draft and a new reply text at every call (no text is remembered; the verdict
  is, by its evidence: the same keywords are found in each);
* cold_new_evidence: the cold case with other keywords found at every call, so the verdict is
  written anew each time too (more distinct verdicts than a set of profiles remembers);
* seed_library_cold: the cold case against the shipped library profiles instead;
* floor: the cold case with a matcher that costs nothing (its answers looked up from a
  table filled beforehand), so the same four reasons: what the rest of the decision
  costs. `cold_to_floor` is the ratio."""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from native_host.decision.mode import Mode
from native_host.decision.request import plain_check
from native_host.decision.rules import decide, verdict_json
from native_host.profiles.format import parse_profile
from native_host.profiles.merge import LoadedProfile, load_and_merge, merge_profiles

PERSONAS, ACCOUNTS, KEYWORDS = 50, 500, 200
WORDS = ("river", "maple", "signal", "copper", "lantern", "orchid", "harbor", "velvet", "summit",
         "meadow", "quartz", "ember", "falcon", "tundra", "willow", "cobalt", "prairie",
         "saffron", "glacier", "thistle")


def build_profile(rng: random.Random, count: int = PERSONAS) -> dict:
    """`count` personas (the large set: 50), each with ACCOUNTS accounts and KEYWORDS
    keywords."""
    personas = {}
    for p in range(count):
        keywords = []
        for k in range(KEYWORDS):
            shape = k % 3
            if shape == 0:
                keywords.append(f"{rng.choice(WORDS)}{p}x{k}")
            elif shape == 1:
                keywords.append(f"{rng.choice(WORDS)} {rng.choice(WORDS)}{p}y{k}")
            else:
                keywords.append(f"#{rng.choice(WORDS)}{p}z{k}")
        personas[f"p{p}"] = {
            "label": f"Persona {p}",
            "accounts": [{"site": "x", "handle": f"acct_{p}_{a}"} for a in range(ACCOUNTS)],
            "keywords": keywords,
            "audience": [{"site": "x", "handle": f"fan_{p}_{a}"} for a in range(20)],
        }
    return {"schema": "persona-guard/profile@1", "id": "bench", "personas": personas,
            "schedule": [{"persona": "p0", "days": ["mon", "tue", "wed", "thu", "fri"],
                          "start": "09:00", "end": "17:00", "timezone": "America/Chicago"}]}


def filler(rng: random.Random, size: int, hits: list[str]) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < size:
        words.append(rng.choice(WORDS) + rng.choice(["", "s", "ing", ",", "."]))
    for hit in hits:
        words.insert(rng.randrange(len(words)), hit)
    return " ".join(words)[:size]


VARIANTS = 512  # more distinct texts than the matcher remembers


def other_evidence(data: dict) -> list[tuple[str, str]]:
    """For each of VARIANTS calls, a keyword to add to the reply text and an account to
    mention in the draft, none twice: other evidence at every call, so each verdict is
    written anew."""
    keywords = [keyword for persona in data["personas"].values()
                for keyword in persona["keywords"]]
    return [(keywords[n % len(keywords)], f"@acct_{n % PERSONAS}_{n % ACCOUNTS}")
            for n in range(VARIANTS)]


class FreeMatcher:
    """The real matcher's answers, looked up from a table filled beforehand."""

    def __init__(self, real: object) -> None:
        self.real, self.table = real, {}

    def __getattr__(self, name: str) -> object:
        method = getattr(self.real, name)

        def looked_up(*args: object) -> object:
            key = (name, *(tuple(a) if isinstance(a, list) else a for a in args))
            if key not in self.table:
                self.table[key] = method(*args)
            return self.table[key]
        setattr(self, name, looked_up)
        return looked_up


def check_messages(data: dict, rng: random.Random) -> list[dict]:
    """VARIANTS `check` messages as the host benches send them on `data`: a new 1 KB draft
    and 2 KB text replied to in each, the same keywords and accounts found in them."""
    p7 = data["personas"]["p7"]["keywords"]
    return [{
        "v": 1, "type": "check", "id": n, "site": "x", "action": "reply",
        "identity": {"site": "x", "handle": "acct_3_250", "kind": "user"},
        "context": {"url": "https://x.com/", "mentions": ["@fan_7_1", "@nobody"],
                    "reply_to": {"handle": "fan_7_2",
                                 "text": filler(rng, 2048, [f"reply{n}", p7[1], p7[2]])}},
        "draft": {"text": filler(rng, 1024, [f"draft{n}", "@acct_9_3"])},
    } for n in range(VARIANTS)]


def plain(data: dict) -> object:
    request = plain_check(data, 1)
    assert request is not None
    return request


def measure(requests: list, merged: object, mode: Mode, now: datetime,
            iterations: int) -> dict[str, float]:
    for request in requests:  # warm up (and fill a FreeMatcher's table)
        verdict_json(request, merged, mode, now)
    gc.collect()
    samples = []
    clock = time.thread_time_ns
    count = len(requests)
    for n in range(iterations):
        request = requests[n % count]
        begin = clock()
        verdict_json(request, merged, mode, now)
        samples.append(clock() - begin)
    samples.sort()
    micro = [sample / 1000 for sample in samples]
    return {"p50_us": round(statistics.median(micro), 1),
            "p99_us": round(micro[int(len(micro) * 0.99) - 1], 1),
            "max_us": round(micro[-1], 1)}


def seed_library(replies: list[str], drafts: list[str], now: datetime,
                 iterations: int) -> dict[str, float]:
    """The same texts against the shipped library profiles (org + a staff member's own)."""
    folder = Path(__file__).resolve().parent.parent / "persona_profiles"
    merged = load_and_merge([str(folder / "public-library.json"),
                             str(folder / "library-staff-personal.json")])
    requests = [plain({
        "site": "x", "action": "reply",
        "identity": {"site": "x", "handle": "davidleeking", "kind": "user"},
        "context": {"url": "https://x.com/", "mentions": ["@topekalibrary"],
                    "reply_to": {"handle": "kansasreader",
                                 "text": "Is the Topeka Library open? " + reply}},
        "draft": {"text": draft + " #tscpl"},
    }) for reply, draft in zip(replies, drafts, strict=True)]
    return measure(requests, merged, Mode.parse("library"), now, iterations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=20000)
    args = parser.parse_args()
    rng = random.Random(7)
    data = build_profile(rng)

    started = time.perf_counter()
    merged = merge_profiles([LoadedProfile(parse_profile(data, "bench.json"), "bench.json")])
    load_ms = (time.perf_counter() - started) * 1000
    gc.collect()
    gc.freeze()  # as the host does after loading profiles

    p7 = data["personas"]["p7"]["keywords"]
    replies = [filler(rng, 2048, [f"reply{n}", p7[1], "@acct_12_40", p7[2]])
               for n in range(VARIANTS)]
    drafts = [filler(rng, 1024, [f"draft{n}", data["personas"]["p9"]["keywords"][0],
                                 "@acct_9_3"]) for n in range(VARIANTS)]

    def request(reply: str, draft: str) -> object:
        return plain({
            "site": "x", "action": "reply",
            "identity": {"site": "x", "handle": "acct_3_250", "kind": "user"},
            "context": {"url": "https://x.com/", "mentions": ["@fan_7_1", "@nobody"],
                        "reply_to": {"handle": "fan_7_2", "text": reply}},
            "draft": {"text": draft},
        })

    typing = [request(replies[0], draft) for draft in drafts]
    cold = [request(reply, draft) for reply, draft in zip(replies, drafts, strict=True)]
    new_evidence = [request(f"{reply} {keyword}", f"{draft} {account}")
                    for reply, draft, (keyword, account)
                    in zip(replies, drafts, other_evidence(data), strict=True)]
    mode, now = Mode.parse("auto"), datetime.fromisoformat("2026-11-17T10:15:00-06:00")
    verdict = decide(cold[0], merged, mode, now)
    figures = {name: measure(requests, merged, mode, now, args.iterations)
               for name, requests in (("typing", typing), ("cold", cold),
                                      ("cold_new_evidence", new_evidence))}
    figures["seed_library_cold"] = seed_library(replies, drafts, now, args.iterations)
    free = replace(merged, matcher=FreeMatcher(merged.matcher))
    figures["floor_free_matcher_cold"] = measure(cold, free, mode, now, args.iterations)
    figures["cold_to_floor_p99"] = round(
        figures["cold"]["p99_us"] / figures["floor_free_matcher_cold"]["p99_us"], 2)
    print(json.dumps({
        "benchmark": "decision",
        "personas": PERSONAS, "accounts_per_persona": ACCOUNTS,
        "keywords_per_persona": KEYWORDS,
        "draft_bytes": len(drafts[0].encode()), "reply_text_bytes": len(replies[0].encode()),
        "iterations": args.iterations,
        **figures,
        "load_and_compile_ms": round(load_ms, 1),
        "verdict": {"decision": verdict.decision,
                    "reasons": sorted(r.code for r in verdict.reasons)},
        "python": sys.version.split()[0],
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }, indent=2))


if __name__ == "__main__":
    main()
