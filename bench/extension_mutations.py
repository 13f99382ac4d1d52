"""Content-script cost on a busy timeline (targets: <= 1 ms per mutation batch; the
deferred refresh <= 1 ms per run, and no run while nothing relevant changed).

    .venv/bin/python bench/extension_mutations.py [--mutations N] [--batch B] [--changes K]

An X home timeline (scenario 07's page), the chip shown beside its composer, gets N posts
appended below the composer, B per task, the way a timeline streams in: they touch neither
who is signed in nor where the composer is, so the deferred refresh (identity re-read, chip
placed) should not run at all. Then, on that long page, K changes that are relevant: the
side navigation's profile link re-rendered (an identity source: the refresh re-reads who is
active) and a banner inserted above the composer (the chip must move). The content script's
MutationObserver callback, its refresh and the chip's placement are timed inside the tab;
long tasks (> 50 ms) are counted by the page, once on x.com (guarded) and once on an address
the extension does not run on (the floor)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from extension_common import COMPOSER, FIXTURES, percentiles, wait

from native_host.browser.session import launch

PAGE = "x/07-personal-content-on-professional-twitter.html"
GUARDED, BASELINE = "https://x.com/home", "https://example.org/home"
QUIET_MS = 300  # the refresh waits for this long without a relevant mutation
STREAM = """async ([total, batch]) => {
  const longTasks = [];
  new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)))
    .observe({ type: "longtask", buffered: false });
  const timeline = document.querySelector('[aria-label="Timeline: Your Home Timeline"]');
  const template = timeline.querySelector('[data-testid="cellInnerDiv"]');
  const started = performance.now();
  for (let done = 0; done < total; done += batch) {
    for (let i = 0; i < batch; i++) timeline.append(template.cloneNode(true));
    await new Promise((resolve) => setTimeout(resolve, 0));  // one task per batch
  }
  await new Promise((resolve) => setTimeout(resolve, 500));  // let deferred work run
  return { ms: performance.now() - started, longTasks };
}"""
# Relevant changes, each followed by a quiet period so each gets its own refresh.
IDENTITY_CHANGES = """async (k) => {
  for (let i = 0; i < k; i++) {
    const link = document.querySelector('[data-testid="AppTabBar_Profile_Link"]');
    link.replaceWith(link.cloneNode(true));  // a framework re-rendering the side navigation
    await new Promise((resolve) => setTimeout(resolve, 450));
  }
}"""
COMPOSER_MOVES = """async (k) => {
  const composer = document.querySelector('[data-testid="inline_composer"]');
  for (let i = 0; i < k; i++) {
    const banner = document.createElement("div");
    banner.textContent = "Show 35 posts";
    banner.style.height = "52px";
    composer.before(banner);
    await new Promise((resolve) => setTimeout(resolve, 450));
    banner.remove();
    await new Promise((resolve) => setTimeout(resolve, 450));
  }
}"""


def _since(before: dict[str, Any], after: dict[str, Any], kind: str, count: str) -> list[float]:
    """The samples of `kind` recorded between two probes (bench.js keeps them in order)."""
    return list(after["samples"].get(kind, [])[before.get(count, 0):after.get(count, 0)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mutations", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--changes", type=int, default=10)
    args = parser.parse_args()
    html = (FIXTURES / PAGE).read_text("utf-8")
    with launch(profiles=[], mode="auto", bench=True) as session:
        session.serve(GUARDED, html)
        session.serve(BASELINE, html)
        baseline_page = session.context.new_page()
        baseline_page.goto(BASELINE)
        # In front and focused in the composer like the guarded page: a page behind
        # another draws no frames and would stream faster for that alone.
        baseline_page.bring_to_front()
        baseline_page.click(COMPOSER)
        baseline = baseline_page.evaluate(STREAM, [args.mutations, args.batch])
        baseline_page.close()
        page = session.open(GUARDED)
        page.bring_to_front()
        page.click(COMPOSER)
        wait(lambda: session.probe(page)["chip"])
        page.wait_for_timeout(2 * QUIET_MS)  # the focus and the chip's own refresh are over

        def counters() -> dict[str, Any]:
            found = session.background("(id) => PersonaGuardBackground.probeTab(id, true)",
                                       session.tab_id(page))
            return dict(found["mutations"])
        before = counters()
        guarded = page.evaluate(STREAM, [args.mutations, args.batch])
        streamed = counters()
        page.evaluate(IDENTITY_CHANGES, args.changes)
        identity = counters()
        page.evaluate(COMPOSER_MOVES, args.changes)
        moved = counters()
        chip = session.probe(page)["chip"]
    batches = streamed["batches"] - before["batches"]
    print(json.dumps({
        "benchmark": "extension_mutations",
        "mutations": args.mutations,
        "batches": batches,
        "content_ms_per_batch": {
            "mean": round((streamed["batchMsTotal"] - before["batchMsTotal"]) / max(1, batches), 4),
            **percentiles(_since(before, streamed, "batch", "batches")),
            "over_1ms": streamed["batchesOver1ms"] - before["batchesOver1ms"],
        },
        # While posts stream in below the composer: nothing relevant changed.
        "stream": {
            "quiet_periods": round(guarded["ms"] / QUIET_MS),
            "refresh_runs": streamed["refreshes"] - before["refreshes"],
            "refresh_ms": percentiles(_since(before, streamed, "refresh", "refreshes") or [0.0]),
            "chip_placements": streamed.get("places", 0) - before.get("places", 0),
        },
        # Relevant changes on the long page: each is one refresh (and, for the composer,
        # one placement of the chip when the banner comes and one when it goes).
        "identity_changes": {
            "changes": args.changes,
            "refresh_runs": identity["refreshes"] - streamed["refreshes"],
            "refresh_ms": percentiles(_since(streamed, identity, "refresh", "refreshes") or [0.0]),
        },
        "composer_moves": {
            "moves": 2 * args.changes,
            "refresh_runs": moved["refreshes"] - identity["refreshes"],
            "refresh_ms": percentiles(_since(identity, moved, "refresh", "refreshes") or [0.0]),
            "chip_placements": moved.get("places", 0) - identity.get("places", 0),
            "place_ms": percentiles(_since(identity, moved, "place", "places") or [0.0]),
            "chip_still_shown": bool(chip),
        },
        "long_tasks": {"guarded": len(guarded["longTasks"]),
                       "baseline": len(baseline["longTasks"])},
        "stream_ms": {"guarded": round(guarded["ms"], 1), "baseline": round(baseline["ms"], 1)},
        "stream_ratio": round(guarded["ms"] / max(1.0, baseline["ms"]), 2),
        "targets_ms": {"per_batch": 1, "per_refresh": 1},
    }, indent=2))


if __name__ == "__main__":
    main()
