"""Content script → verdict round trip, against its floor (goal: p50 and p99 <= 1.25x the
echo host's).

    .venv/bin/python bench/extension_round_trip.py [--checks N] [--rounds R]

Scenario 01 (work mode, the librarian's personal account answers a patron): the content
script sends N checks, each with a different draft so none comes from its cache, through
the background's native port to the host and back. Timed inside the tab. The floor is
bench/echo_host.c (compiled now), which answers each request with the request itself,
registered in the same profile beside the real host: the bench build's background opens a
second port to it (extension/background/bench.js), and the tab sends one check to each in
turn over the same path. The echo's figures are Chromium's messaging and the extension's
own share; what the real host adds over them is the host's.

Each round is one launch of Chromium. Both hosts meet the same launch, the same scheduler
and the same moment, so their ratio does not carry the launch-to-launch spread (where the
scheduler put Chromium's threads) that moved it when each had a launch of its own:
`rounds` gives each launch's ratios and `median_of_rounds` their medians, beside the ratios
of all rounds pooled."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

import echo_host
from extension_common import COMPOSER, DEMO_DIR, LIBRARIAN, SUBMIT, percentiles, wait

from native_host.browser.session import BrowserSession, launch

# The tab's clock: Chromium steps performance.now() by 100 µs in a page that is not
# cross-origin isolated, and by 5 µs in one that is; a 1 ms round trip needs the finer
# steps. The page is served isolated, which changes nothing between the two hosts: both
# are timed by the same clock in the same page. (The service worker keeps 100 µs steps:
# the background_to_host figures are rounded to them.)
ISOLATED = {"Cross-Origin-Opener-Policy": "same-origin",
            "Cross-Origin-Embedder-Policy": "require-corp"}
# The same checks sent by the background straight to each host in turn: no content script.
HOST_ONLY = """async ([request, n]) => {
  const hosts = { real: PersonaGuardBackground.host, echo: PersonaGuardBackground.echo };
  const times = { real: [], echo: [] };
  for (let i = 0; i < n; i++) {
    const body = { ...request, draft: { text: `${request.draft.text} host ${i}` } };
    for (const which of i % 2 ? ["echo", "real"] : ["real", "echo"]) {
      const started = performance.now();
      await hosts[which].request("check", body);
      times[which].push(performance.now() - started);
    }
  }
  return times;
}"""
# The extension's own share: the background answers the tab's check at once, as if the
# host had (no native messaging at all); its request to the host is put back afterwards.
NO_NATIVE = """async ([tab, warmup, n]) => {
  const host = PersonaGuardBackground.host;
  const real = host.request;
  const verdict = { decision: "allow", active_persona: null, expected_persona: null, reasons: [],
    suggestion: null, block_hint: null };
  host.request = function (type, ...rest) {
    return type === "check" ? Promise.resolve({ v: 1, type: "verdict", id: "at-once", verdict })
      : real.call(this, type, ...rest);
  };
  try {
    await PersonaGuardBackground.measureRoundTrip(tab, warmup);
    return (await PersonaGuardBackground.measureRoundTrip(tab, n)).times;
  } finally {
    host.request = real;
  }
}"""


def _request(session: BrowserSession, page: Any) -> dict[str, object]:
    """The check request the tab would send, as the probe reads it."""
    found = session.probe(page)
    identity = {k: found["identity"][k] for k in ("site", "handle", "kind", "display_name")}
    return {"site": found["site"], "action": "reply", "identity": identity,
            "context": found["context"], "draft": {"text": LIBRARIAN["draft"]}}


def _clicks_to_warning(session: BrowserSession, page: Any, clicks: int) -> list[float]:
    """What the person meets: click Reply on a warned draft, the warning is up after..."""
    page.click(COMPOSER)
    page.keyboard.type(LIBRARIAN["draft"])
    wait(lambda: session.probe(page).get("verdict"))
    shown = []
    for i in range(clicks):
        page.click(COMPOSER)
        page.keyboard.type(f" {i}")
        wait(lambda: session.probe(page).get("verdict"))
        page.click(SUBMIT)
        found = wait(lambda: session.probe(page))
        shown.append(found["stats"]["lastWarningShownMs"])
        page.keyboard.press("Escape")
        wait(lambda: session.probe(page)["dialog"] is None)
    return shown


def _round(args: argparse.Namespace) -> dict[str, Any]:
    """One launch of Chromium with both hosts registered; every figure of one round."""
    with tempfile.TemporaryDirectory(prefix="persona-guard-round-trip-") as folder:
        workdir = Path(folder)
        echo_host.register(workdir)
        with launch(profiles=LIBRARIAN["profiles"], mode=LIBRARIAN["mode"], workdir=workdir,
                    bench=True) as session:
            session.wait_for_host()
            # The page sits beside librarian.json, as the demo serves it.
            session.serve_file(LIBRARIAN["page"]["url"],
                               DEMO_DIR / LIBRARIAN["page"]["fixture"], ISOLATED)
            page = session.open(LIBRARIAN["page"]["url"])
            shown = _clicks_to_warning(session, page, args.clicks)
            tab = session.tab_id(page)
            decision = session.background(
                "([t]) => PersonaGuardBackground.measureRoundTrip(t, 1)", [tab])["decision"]
            interleaved = ("([t, n]) => chrome.tabs.sendMessage(t, "
                           "{ kind: 'measure_interleaved', n }, { frameId: 0 })")
            session.background(interleaved, [tab, args.warmup])
            trips = session.background(interleaved, [tab, args.checks])
            if "error" in trips:
                raise SystemExit(f"extension_round_trip: a check failed: {trips['error']}")
            request = _request(session, page)
            session.background(HOST_ONLY, [request, args.warmup])
            host_only = session.background(HOST_ONLY, [request, args.checks])
            no_native = session.background(NO_NATIVE, [tab, args.warmup, args.checks])
    return {"decision": decision, "shown": shown, "times": trips["real"],
            "echo_times": trips["echo"], "host_only": host_only["real"],
            "echo_host_only": host_only["echo"], "no_native": no_native}


def _ratios(ours: dict[str, float], floor: dict[str, float]) -> dict[str, float]:
    return {q: round(ours[q] / floor[q], 2) if floor[q] else 0.0 for q in ("p50", "p99")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=4,
                        help="launches of Chromium, each timing both hosts in turn")
    args = parser.parse_args()
    pooled: dict[str, list[float]] = {}
    decision = None
    rounds: list[dict[str, dict[str, float]]] = []
    for _ in range(args.rounds):
        figures = _round(args)
        decision = figures.pop("decision")
        for key, values in figures.items():
            pooled.setdefault(key, []).extend(values)
        rounds.append({
            "round_trip_ratio": _ratios(percentiles(figures["times"]),
                                        percentiles(figures["echo_times"])),
            "background_to_host_ratio": _ratios(percentiles(figures["host_only"]),
                                                percentiles(figures["echo_host_only"]))})
    real = {"shown": pooled["shown"], "times": pooled["times"], "host_only": pooled["host_only"]}
    echo = {"times": pooled["echo_times"], "host_only": pooled["echo_host_only"],
            "no_native": pooled["no_native"]}
    trip, trip_floor = percentiles(real["times"]), percentiles(echo["times"])
    host, host_floor = percentiles(real["host_only"]), percentiles(echo["host_only"])
    print(json.dumps({
        "benchmark": "extension_round_trip",
        "decision": decision,
        # Click to warning: the verdict was asked for while typing, so it is already here.
        "click_to_warning_ms": percentiles(real["shown"]),
        # Uncached: a new draft each time, tab -> background -> host -> background -> tab.
        "round_trip_ms": trip,
        "round_trip_echo_ms": trip_floor,
        "round_trip_ratio": _ratios(trip, trip_floor),
        # The same checks sent by the background straight to the host: no content script.
        "background_to_host_ms": host,
        "background_to_echo_ms": host_floor,
        "background_to_host_ratio": _ratios(host, host_floor),
        # What the real host adds over the echo (its own work), and what the tab <-> background
        # hop adds over the background's own request (the content script's share).
        "host_share_p50_ms": round(trip["p50"] - trip_floor["p50"], 4),
        # Tab -> background -> tab, the background answering at once: the extension's own
        # share of the round trip (messaging between the tab and the service worker, and
        # the work on each side), with no native messaging in it.
        "round_trip_no_native_ms": percentiles(echo["no_native"]),
        "content_hop_p50_ms": round(trip["p50"] - host["p50"], 4),
        "rounds": rounds,  # one launch each, both hosts interleaved in it
        "median_of_rounds": {
            figure: {q: round(statistics.median(r[figure][q] for r in rounds), 2)
                     for q in ("p50", "p99")}
            for figure in ("round_trip_ratio", "background_to_host_ratio")},
        "goal_ratio": 1.25,
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }, indent=2))


if __name__ == "__main__":
    main()
