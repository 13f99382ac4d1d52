"""One way to start Debian's Chromium with Persona Guard loaded: the extension built from
extension/, the real host registered in a temporary profile's NativeMessagingHosts/, and
site pages served at their real addresses from local files. `probe`, `demo` and the
end-to-end tests all go through `launch`."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from native_host.errors import InputError
from native_host.identifiers import CHROMIUM_EXTENSION_ID, DATA_DIR_ENV, HOST_NAME
from native_host.install.manifest import host_manifest, manifest_bytes, write_launcher
from native_host.install.resources import extension_source
from native_host.store.files import atomic_write

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Route, ViewportSize, Worker

REPO = Path(__file__).resolve().parents[2]
EXTENSION_SOURCE = extension_source()
CHROMIUM = os.environ.get("PERSONA_GUARD_CHROMIUM", "/usr/bin/chromium")
# The machine may have no network: without these Chromium keeps dialling home.
CHROMIUM_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-gpu",
    "--no-default-browser-check",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    # Tabs opened side by side by tests keep full-speed timers, as a tab in front has.
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
)
WORKER_TIMEOUT_MS = 15_000
BACKGROUND_TIMEOUT_MS = 10_000  # a bound on a hang, not a time limit on behaviour
PROBE_ATTEMPTS = 3
NO_ANSWER = "the extension did not answer"
PAINTED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


class BrowserUnavailable(InputError):
    """Chromium, Playwright or the extension source is missing; `fix` says what to do."""


INSTALL_PLAYWRIGHT = "pip install 'persona-guard[browser]'"
INSTALL_CHROMIUM = ("install Chromium: apt-get install chromium (Debian, Ubuntu), "
                    "dnf install chromium (Fedora), brew install --cask chromium (macOS); or "
                    "set PERSONA_GUARD_CHROMIUM to a Chromium or Chrome program")


def click_at(page: Page, x: float, y: float) -> None:
    """A trusted mouse click at (x, y), once the page has painted twice: a frame that has
    just grown (the chip's offer, the warning) takes clicks only after Chromium has drawn
    it; before that the click falls through to the page beneath."""
    page.evaluate(PAINTED)
    page.mouse.click(x, y)


def build_extension(out: Path, grant: tuple[str, ...] = (), bench: bool = False) -> Path:
    """Run extension/build.py for Chromium into `out` (the same script packaging uses);
    `grant`: origins whose optional permission is built in as granted (tests only); `bench`
    adds the counters the benchmarks read."""
    script = EXTENSION_SOURCE / "build.py"
    if not script.is_file():
        raise BrowserUnavailable("extension", f"{script} is missing",
                                 "reinstall: pip install --force-reinstall persona-guard")
    extra = [arg for origin in grant for arg in ("--grant", origin)]
    subprocess.run([sys.executable, str(script), "chromium", "--out", str(out), *extra,
                    *(["--bench"] if bench else [])], check=True, stdout=subprocess.DEVNULL)
    return out


def register_host(user_data_dir: Path, data_dir: Path, workdir: Path) -> Path:
    """Chromium on Linux reads <user-data-dir>/NativeMessagingHosts/<name>.json: the host
    is registered for this profile only, pointed at `data_dir`, and nothing else changes."""
    launcher = write_launcher(workdir / "persona-guard-host", python=sys.executable,
                              env={DATA_DIR_ENV: str(data_dir)})
    path = user_data_dir / "NativeMessagingHosts" / f"{HOST_NAME}.json"
    atomic_write(path, manifest_bytes(host_manifest("chromium", launcher)), 0o644)
    return path


def cli(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """`persona-guard ARGS` against the store in `data_dir`, as a person would type it."""
    env = {**os.environ, DATA_DIR_ENV: str(data_dir)}
    return subprocess.run([sys.executable, "-m", "native_host.cli", *args], env=env,
                          capture_output=True, text=True, check=check, timeout=60)


def seed_store(data_dir: Path, profiles: list[dict[str, Any]], mode: str = "auto") -> None:
    """Put `profiles` (org profiles first) and the mode into the store the host will read."""
    from native_host.store.store import Store

    store = Store(data_dir)
    for profile in profiles:
        store.add_profile(json.dumps(profile).encode("utf-8"), f"{profile['id']}.json")
    store.set_mode(None if mode == "auto" else mode, None, "setup")


@dataclass
class Site:
    """Pages served at real addresses: {url: html}. Anything else on those hosts is a 404."""

    pages: dict[str, str] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # more, by url

    def handle(self, route: Route) -> None:
        url = route.request.url.split("#")[0]
        if url not in self.pages:
            url = url.rstrip("/")
        body = self.pages.get(url)
        if body is None:
            route.fulfill(status=404, content_type="text/plain", body="not found")
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body,
                          headers=self.headers.get(url))


@dataclass
class BrowserSession:
    context: BrowserContext
    worker: Worker
    workdir: Path
    user_data_dir: Path
    data_dir: Path
    extension_dir: Path
    site: Site = field(default_factory=Site)
    _hosts: set[str] = field(default_factory=set)

    def serve(self, url: str, html: str, headers: Mapping[str, str] | None = None) -> None:
        """Answer `url` with `html` (and `headers`), as if the site had sent it."""
        self.site.pages[url] = html
        if headers:
            self.site.headers[url] = dict(headers)
        host = urlsplit(url).hostname or ""
        if host not in self._hosts:
            self._hosts.add(host)
            self.context.route(f"https://{host}/**", self.site.handle)

    def serve_file(self, url: str, path: Path, headers: Mapping[str, str] | None = None) -> None:
        self.serve(url, path.read_text(encoding="utf-8"), headers)

    def open(self, url: str) -> Page:
        page = self.context.new_page()
        page.goto(url)
        self.wait_for_content(page)
        return page

    def background(self, expression: str, arg: Any = None) -> Any:
        """Evaluate in the extension's service worker (PersonaGuardBackground is there). An
        answer that never comes (a message to a tab whose content script is being replaced)
        raises TimeoutError after BACKGROUND_TIMEOUT_MS instead of waiting for ever."""
        bounded = (
            f"async (arg) => {{ const run = ({expression}); return await Promise.race(["
            f"Promise.resolve(run(arg)), new Promise((_, reject) => setTimeout(() => reject("
            f"new Error('{NO_ANSWER}')), {BACKGROUND_TIMEOUT_MS}))]); }}")
        if self.worker not in self.context.service_workers:
            # Chromium stopped the idle worker: a call to the old one would never return.
            self.worker = _extension_worker(self.context)
        try:
            return self.worker.evaluate(bounded, arg)
        except Exception as error:
            if NO_ANSWER in str(error):
                raise TimeoutError(NO_ANSWER) from None
            raise

    def tab_id(self, page: Page) -> int:
        url = page.url
        ids = self.background(
            "async (url) => (await chrome.tabs.query({})).filter((t) => t.url === url)"
            ".map((t) => t.id)", url)
        if not ids:
            raise LookupError(f"no tab shows {url}")
        return int(max(ids))

    def probe(self, page: Page) -> dict[str, Any]:
        """What the content script in `page` detects, plus its chip and dialog; asked again
        when a message went unanswered (the script may have been busy replacing a frame)."""
        for attempt in range(PROBE_ATTEMPTS):
            try:
                found: dict[str, Any] = self.background(
                    "(id) => PersonaGuardBackground.probeTab(id)", self.tab_id(page))
                return found
            except TimeoutError:
                if attempt == PROBE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def wait_for_content(self, page: Page, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                found = self.probe(page)
                if found:
                    return found
            except Exception:
                if time.monotonic() > deadline:
                    raise
            if time.monotonic() > deadline:
                raise TimeoutError("the content script did not answer")
            page.wait_for_timeout(50)

    def badge(self, page: Page) -> dict[str, Any]:
        return self.background("(id) => PersonaGuardBackground.badgeOf(id)", self.tab_id(page))

    def host_status(self) -> dict[str, Any]:
        return self.background("() => ({...PersonaGuardBackground.host.status})")

    def wait_for_host(self, connected: bool = True, timeout: float = 15.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            status = self.host_status()
            if bool(status.get("connected")) == connected:
                return status
            if time.monotonic() > deadline:
                raise TimeoutError(f"host status stayed {status}")
            time.sleep(0.05)

    def host_pids(self) -> list[int]:
        """Host processes started by this browser (found by their data folder)."""
        found = []
        marker = f"{DATA_DIR_ENV}={self.data_dir}".encode()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
                if b"native_host" not in cmdline:
                    continue
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
        return found


@contextlib.contextmanager
def launch(*, headless: bool = True, with_host: bool = True,
           profiles: list[dict[str, Any]] | None = None, mode: str = "auto",
           workdir: Path | None = None, keep: bool = False,
           viewport: Mapping[str, int] | None = None,
           grant: tuple[str, ...] = (), bench: bool = False) -> Iterator[BrowserSession]:
    """Chromium with the extension loaded and (with_host) the host registered, in a fresh
    temporary profile; the store in `workdir/data` holds `profiles` and `mode`. `bench`
    builds the extension with the counters bench/ reads."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BrowserUnavailable("browser", "Playwright, which drives Chromium here, is not "
                                 "installed", INSTALL_PLAYWRIGHT) from error
    if not Path(CHROMIUM).exists():
        raise BrowserUnavailable("browser", f"there is no Chromium at {CHROMIUM}",
                                 INSTALL_CHROMIUM)
    owned = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="persona-guard-")) if workdir is None else workdir
    user_data_dir, data_dir = workdir / "chromium-profile", workdir / "data"
    user_data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    extension_dir = build_extension(workdir / "extension", grant, bench)
    if profiles is not None:
        seed_store(data_dir, profiles, mode)
    if with_host:
        register_host(user_data_dir, data_dir, workdir)
    args = [*CHROMIUM_ARGS, f"--disable-extensions-except={extension_dir}",
            f"--load-extension={extension_dir}"]
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(user_data_dir), executable_path=CHROMIUM, headless=headless, args=args,
                viewport=cast("ViewportSize", dict(viewport or {"width": 1100, "height": 760})))
            try:
                worker = _extension_worker(context)
                yield BrowserSession(context, worker, workdir, user_data_dir, data_dir,
                                     extension_dir)
            finally:
                context.close()
    finally:
        if owned and not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _extension_worker(context: BrowserContext) -> Worker:
    prefix = f"chrome-extension://{CHROMIUM_EXTENSION_ID}/"
    for worker in context.service_workers:
        if worker.url.startswith(prefix):
            return worker
    worker = context.wait_for_event("serviceworker", timeout=WORKER_TIMEOUT_MS,
                                    predicate=lambda w: w.url.startswith(prefix))
    return worker
