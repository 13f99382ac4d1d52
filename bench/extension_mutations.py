"""Content-script cost per mutation batch on a busy timeline (target: <= 1 ms per batch,
no long task added).

    .venv/bin/python bench/extension_mutations.py [--mutations N] [--batch B]

An X home timeline (scenario 07's page) gets N posts appended, B per task, the way a
timeline streams in. The content script's MutationObserver callback is timed inside the
tab; long tasks (> 50 ms) are counted by the page, once on x.com (guarded) and once on an
address the extension does not run on (the baseline)."""

from __future__ import annotations

import argparse
import json

from extension_common import FIXTURES, percentiles, wait

from native_host.browser.session import launch

PAGE = "x/07-personal-content-on-professional-twitter.html"
GUARDED, BASELINE = "https://x.com/home", "https://example.org/home"
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mutations", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    html = (FIXTURES / PAGE).read_text("utf-8")
    with launch(profiles=[], mode="auto", bench=True) as session:
        session.serve(GUARDED, html)
        session.serve(BASELINE, html)
        baseline_page = session.context.new_page()
        baseline_page.goto(BASELINE)
        baseline = baseline_page.evaluate(STREAM, [args.mutations, args.batch])
        baseline_page.close()
        page = session.open(GUARDED)
        page.bring_to_front()
        wait(lambda: session.probe(page)["mutations"]["refreshes"] >= 0)
        before = session.probe(page)["mutations"]
        guarded = page.evaluate(STREAM, [args.mutations, args.batch])
        after = session.background("(id) => PersonaGuardBackground.probeTab(id, true)",
                                   session.tab_id(page))["mutations"]
    batches = after["batches"] - before["batches"]
    print(json.dumps({
        "benchmark": "extension_mutations",
        "mutations": args.mutations,
        "batches": batches,
        "content_ms_per_batch": {
            "mean": round((after["batchMsTotal"] - before["batchMsTotal"]) / max(1, batches), 4),
            **percentiles(after["samples"]["batch"][before["batches"]:]),
            "over_1ms": after["batchesOver1ms"] - before["batchesOver1ms"],
        },
        # Once per quiet period (300 ms), not per batch: re-read identity, move the chip.
        "deferred_refresh_ms": percentiles(after["samples"]["refresh"][before["refreshes"]:]),
        "long_tasks": {"guarded": len(guarded["longTasks"]),
                       "baseline": len(baseline["longTasks"])},
        "stream_ms": {"guarded": round(guarded["ms"], 1), "baseline": round(baseline["ms"], 1)},
        "target_ms_per_batch": 1,
    }, indent=2))


if __name__ == "__main__":
    main()
