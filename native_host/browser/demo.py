"""The librarian demo: scenario 01 from the seeds (work mode; a patron asks the library a
question and the librarian starts answering from his own account) played in a real
Chromium with the real extension and host, on a page built like X's. Writes screenshots
of the chip and the warning."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from native_host.browser.session import BrowserSession, click_at, launch

SCRIPT = Path(__file__).with_name("librarian.json")
COMPOSER = '[data-testid="tweetTextarea_0"]'
SUBMIT = '[data-testid="tweetButtonInline"]'


@dataclass
class DemoResult:
    out: Path
    screenshots: list[Path] = field(default_factory=list)
    verdict: dict[str, Any] | None = None
    outcome: str | None = None
    audit: list[dict[str, Any]] = field(default_factory=list)


def _wait(check: Any, timeout: float = 15.0, what: str = "the page") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.05)


def run_demo(out: Path, headed: bool = False, pause: float = 0.0) -> DemoResult:
    script = json.loads(SCRIPT.read_text("utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    result = DemoResult(out.resolve())
    with launch(headless=not headed, profiles=script["profiles"], mode=script["mode"]) as session:
        session.wait_for_host()
        session.serve_file(script["page"]["url"], SCRIPT.with_name(script["page"]["fixture"]))
        page = session.open(script["page"]["url"])
        page.click(COMPOSER)
        page.keyboard.type(script["draft"], delay=35 if headed else 0)
        result.verdict = _wait(lambda: session.probe(page).get("verdict"), what="the verdict")
        _wait(lambda: session.probe(page).get("chip"), what="the chip")
        result.screenshots.append(_shot(page, out / "1-chip.png"))
        time.sleep(pause)

        page.click(SUBMIT)
        shown = _wait(lambda: (d := session.probe(page).get("dialog")) and d["armed"] and d,
                      what="the warning")
        result.screenshots.append(_shot(page, out / "2-warning.png"))
        time.sleep(pause)

        # The librarian picks the library's account: the reply is held, the draft kept.
        switch = next(c for c in shown["choices"] if c["choice"] == "switched")
        click_at(page, switch["x"], switch["y"])
        _wait(lambda: session.probe(page).get("dialog") is None, what="the warning to close")
        result.outcome = "switched"
        result.screenshots.append(_shot(page, out / "3-after-switch.png"))
        result.audit = _audit(session)
    return result


def _shot(page: Any, path: Path) -> Path:
    page.screenshot(path=str(path))
    return path.resolve()


def _audit(session: BrowserSession) -> list[dict[str, Any]]:
    from native_host.store.audit import AuditLog

    deadline = time.monotonic() + 5
    while True:
        items = list(AuditLog(session.data_dir).records())
        if any(i.get("outcome") for i in items) or time.monotonic() > deadline:
            return items
        time.sleep(0.1)
