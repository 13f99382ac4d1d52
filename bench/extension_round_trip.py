"""Content script → verdict round trip on a warn (targets: p50 <= 1 ms, p99 <= 5 ms).

    .venv/bin/python bench/extension_round_trip.py [--checks N]

Scenario 01 (work mode, the librarian's personal account answers a patron): the content
script sends N checks, each with a different draft so none comes from its cache, through
the background's native port to the real host and back. Timed inside the tab."""

from __future__ import annotations

import argparse
import json

from extension_common import COMPOSER, FIXTURES, LIBRARIAN, SUBMIT, percentiles, wait

from native_host.browser.session import launch

HOST_ONLY = """async ([request, n]) => {
  const times = [];
  for (let i = 0; i < n; i++) {
    const body = { ...request, draft: { text: `${request.draft.text} host ${i}` } };
    const started = performance.now();
    await PersonaGuardBackground.host.request("check", body);
    times.push(performance.now() - started);
  }
  return times;
}"""


def _request(session: object, page: object) -> dict[str, object]:
    """The check request the tab would send, as the probe reads it."""
    found = session.probe(page)  # type: ignore[attr-defined]
    identity = {k: found["identity"][k] for k in ("site", "handle", "kind", "display_name")}
    return {"site": found["site"], "action": "reply", "identity": identity,
            "context": found["context"], "draft": {"text": LIBRARIAN["draft"]}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--clicks", type=int, default=20)
    args = parser.parse_args()
    with launch(profiles=LIBRARIAN["profiles"], mode=LIBRARIAN["mode"], bench=True) as session:
        session.wait_for_host()
        session.serve_file(LIBRARIAN["page"]["url"],
                           FIXTURES.parent.parent.parent / LIBRARIAN["page"]["fixture"])
        page = session.open(LIBRARIAN["page"]["url"])
        page.click(COMPOSER)
        page.keyboard.type(LIBRARIAN["draft"])
        wait(lambda: session.probe(page).get("verdict"))
        # What the person meets: click Reply on a warned draft, the warning is up after...
        shown = []
        for i in range(args.clicks):
            page.click(COMPOSER)
            page.keyboard.type(f" {i}")
            wait(lambda: session.probe(page).get("verdict"))
            page.click(SUBMIT)
            found = wait(lambda: session.probe(page))
            shown.append(found["stats"]["lastWarningShownMs"])
            page.keyboard.press("Escape")
            wait(lambda: session.probe(page)["dialog"] is None)
        tab = session.tab_id(page)
        session.background("([t, n]) => PersonaGuardBackground.measureRoundTrip(t, n)",
                           [tab, args.warmup])
        result = session.background("([t, n]) => PersonaGuardBackground.measureRoundTrip(t, n)",
                                    [tab, args.checks])
        host_only = session.background(HOST_ONLY, [session.probe(page)["verdict"] and
                                                   _request(session, page), args.checks])
    print(json.dumps({
        "benchmark": "extension_round_trip",
        "decision": result.get("decision"),
        # Click to warning: the verdict was asked for while typing, so it is already here.
        "click_to_warning_ms": percentiles(shown),
        # Uncached: a new draft each time, tab -> background -> host -> background -> tab.
        "round_trip_ms": percentiles(result["times"]),
        # The same checks sent by the background straight to the host: the host's share.
        "background_to_host_ms": percentiles(host_only),
        "targets_ms": {"p50": 1, "p99": 5},
    }, indent=2))


if __name__ == "__main__":
    main()
