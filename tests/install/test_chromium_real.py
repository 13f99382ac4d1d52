"""A real Chromium, started with a temporary HOME's own profile after a real install,
finds and starts the host. The same session provokes the classic failures and checks
that Chromium's own words are the ones doctor quotes."""

from __future__ import annotations

import importlib.util
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from native_host.identifiers import CHROMIUM_EXTENSION_KEY
from native_host.install.doctor import COMMUNICATION, EXITED, FORBIDDEN, NOT_FOUND
from tests.conftest import REPO
from tests.install.conftest import needs_host
from tests.install.test_install_real import CHROMIUM, LAUNCHER

CHROMIUM_BINARY = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-gpu"]

pytestmark = [
    pytest.mark.e2e,
    needs_host,
    pytest.mark.skipif(not CHROMIUM_BINARY.exists(), reason="Debian's chromium is not installed"),
]

# A minimal extension with the product's pinned key, so it has Persona Guard's ID and
# the installed manifest allows it; it reports what connectNative gives back.
PROBE_WORKER = """
self.probe = () => new Promise((resolve) => {
  const port = chrome.runtime.connectNative("org.personaguard.host");
  port.onMessage.addListener((message) => { resolve({message}); port.disconnect(); });
  port.onDisconnect.addListener(() => resolve({error: chrome.runtime.lastError
    ? chrome.runtime.lastError.message : "disconnected"}));
  port.postMessage({v: 1, type: "hello", id: "probe-1", extension_version: "0.0.0",
                    browser: "chromium", policy: {}});
});
"""


def probe_extension(folder: Path) -> Path:
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({
        "manifest_version": 3, "name": "host probe", "version": "1.0",
        "key": CHROMIUM_EXTENSION_KEY, "permissions": ["nativeMessaging"],
        "background": {"service_worker": "worker.js"}}), "utf-8")
    (folder / "worker.js").write_text(PROBE_WORKER, "utf-8")
    return folder


def wait_for_hosts_to_exit(data_dir: Path, timeout: float = 10.0) -> None:
    """Wait until no process runs with this test's data folder (the launcher exports it)."""
    marker = f"PERSONA_GUARD_DATA_DIR={data_dir}".encode()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = False
        for environ in Path("/proc").glob("[0-9]*/environ"):
            try:
                alive = marker in environ.read_bytes().split(b"\0")
            except OSError:
                continue
            if alive:
                break
        if not alive:
            return
        time.sleep(0.05)
    raise AssertionError(f"a host for {data_dir} is still running after {timeout} s")


class Browser:
    def __init__(self, home: Path, extension: Path) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PERSONA_GUARD_")}
        env["HOME"] = str(home)
        self.context = self._playwright.chromium.launch_persistent_context(
            str(home / ".config" / "chromium"), executable_path=str(CHROMIUM_BINARY),
            headless=True, env=env,
            args=[*ARGS, f"--disable-extensions-except={extension}",
                  f"--load-extension={extension}"])
        workers = self.context.service_workers
        self.worker = workers[0] if workers else self.context.wait_for_event(
            "serviceworker", timeout=15000)

    def close(self) -> None:
        self.context.close()
        self._playwright.stop()


@pytest.fixture
def chromium_with(home: Path) -> Iterator:
    opened: list[Browser] = []

    def start(extension: Path) -> Browser:
        opened.append(Browser(home, extension))
        return opened[-1]

    yield start
    for browser in opened:
        browser.close()


def test_real_chromium_with_temporary_home_finds_the_host(
        home: Path, run_cli, chromium_with, tmp_path: Path) -> None:
    assert run_cli("install", "--browser", "chromium").returncode == 0
    browser = chromium_with(probe_extension(tmp_path / "probe"))
    reply = browser.worker.evaluate("probe()")
    assert reply.get("message", {}).get("type") == "ready", reply
    assert reply["message"]["id"] == "probe-1"
    # A host still shutting down would heal what follows; let it go first.
    wait_for_hosts_to_exit(home.parent / "data")

    # Chromium's own words for each classic failure, as doctor quotes them.
    manifest = home / CHROMIUM
    good = manifest.read_text("utf-8")
    manifest.write_text(good.replace("idjcphppfhhnepdjnmhfdhjfnmbnflei", "a" * 32), "utf-8")
    assert browser.worker.evaluate("probe()") == {"error": FORBIDDEN}
    manifest.write_text(good, "utf-8")
    (home / LAUNCHER).chmod(0o644)
    # Which of the two Chromium says for a launcher it cannot start depends on how far the
    # start got before it failed; doctor and the docs name both.
    assert browser.worker.evaluate("probe()") in ({"error": EXITED}, {"error": COMMUNICATION})
    (home / LAUNCHER).chmod(0o755)
    assert run_cli("uninstall").returncode == 0
    assert browser.worker.evaluate("probe()") == {"error": NOT_FOUND}


EXTENSION_BUILD = REPO / "extension" / "build.py"


@pytest.mark.skipif(not EXTENSION_BUILD.exists(), reason="extension/build.py is not there")
def test_real_extension_connects_to_the_installed_host(
        home: Path, run_cli, chromium_with, tmp_path: Path) -> None:
    assert run_cli("install", "--browser", "chromium").returncode == 0
    spec = importlib.util.spec_from_file_location("extension_build", EXTENSION_BUILD)
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    extension = build.build("chromium", tmp_path / "extension")
    browser = chromium_with(extension)
    status = browser.worker.evaluate(
        "PersonaGuardBackground.host.ready.then(() => PersonaGuardBackground.host.status,"
        " (failure) => ({failure, status: PersonaGuardBackground.host.status}))")
    assert status.get("connected") is True, status
    assert status.get("host_version")
