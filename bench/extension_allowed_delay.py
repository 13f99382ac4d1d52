"""Delay the guard adds to an allowed post (target: 0 ms, the click is not held).

    .venv/bin/python bench/extension_allowed_delay.py [--posts N]

Scenario 03 (the library's own account answers): for each post the person types, the
verdict arrives while typing, then a real (trusted) click on Reply. Prints JSON: how many
clicks were held, whether the site's own handler got the person's original click event,
and the guard's synchronous cost in its capture listener (ms)."""

from __future__ import annotations

import argparse
import json

from extension_common import COMPOSER, FIXTURES, SUBMIT, percentiles, wait

from native_host.browser.session import launch

PAGE = "x/03-library-account-answers.html"
URL = "https://x.com/kansasreader/status/1858000000000000002"
# The site's own click handler, registered by the page: did it receive the trusted event?
PAGE_SPY = """() => {
  window.benchClicks = [];
  document.querySelector('[data-testid="tweetButtonInline"]').addEventListener("click",
    (event) => window.benchClicks.push({trusted: event.isTrusted,
                                        lag: performance.now() - event.timeStamp}));
}"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=30)
    args = parser.parse_args()
    profiles = json.loads((FIXTURES.parent.parent.parent / "native_host" / "browser" /
                           "librarian.json").read_text("utf-8"))["profiles"]
    with launch(profiles=profiles, mode="auto") as session:
        session.wait_for_host()
        session.serve_file(URL, FIXTURES / PAGE)
        page = session.open(URL)
        page.evaluate(PAGE_SPY)
        costs = []
        for i in range(args.posts):
            page.click(COMPOSER)
            page.keyboard.type(f"We're open noon to five on Sundays ({i}).")
            wait(lambda: session.probe(page).get("verdict"))
            page.click(SUBMIT)
            costs.append(session.probe(page)["stats"]["lastInterceptMs"])
        stats = session.probe(page)["stats"]
        clicks = page.evaluate("() => window.benchClicks")
        posted = page.evaluate("() => Number(document.body.dataset.submitted || 0)")
    print(json.dumps({
        "benchmark": "extension_allowed_delay",
        "posts": args.posts,
        "posted": posted,
        "held": stats["held"],
        "site_handler_got_original_click": all(c["trusted"] for c in clicks),
        "added_delay_ms": 0 if stats["held"] == 0 else None,
        "guard_listener_ms": percentiles(costs),
    }, indent=2))


if __name__ == "__main__":
    main()
