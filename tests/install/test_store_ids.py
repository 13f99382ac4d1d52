"""Store-ready packages and store-assigned IDs: `package --store` writes zips a store
accepts (no "key" for Chromium, the gecko id for Firefox); `install --extension-id`
(repeatable) adds a store's ID to the host manifests and to the host's own caller check,
kept for later installs; `doctor` names every allowed ID."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

from native_host.identifiers import GECKO_EXTENSION_ID
from tests.conftest import REPO
from tests.host.conftest import HELLO, frame
from tests.install.conftest import cli_env
from tests.install.test_install_real import CHROMIUM, FIREFOX

STORE_ID = "abcdefghijklmnopabcdefghijklmnop"
AMO_ID = "{12345678-1234-1234-1234-123456789abc}"


def package(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "native_host.cli", "package", *args],
                          capture_output=True, text=True, cwd=REPO, timeout=60, check=False)


def test_store_packages_carry_no_key_and_the_gecko_id(tmp_path: Path) -> None:
    done = package("--store", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "persona-guard-chromium-store.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert "key" not in manifest  # the Chrome Web Store refuses a manifest with one
        assert manifest["manifest_version"] == 3 and "background/worker.js" in archive.namelist()
        [framed] = manifest["web_accessible_resources"]
        assert framed["use_dynamic_url"] is True
        assert "frames/warning.html" in framed["resources"]
    with zipfile.ZipFile(tmp_path / "persona-guard-firefox-store.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["browser_specific_settings"]["gecko"]["id"] == GECKO_EXTENSION_ID
        assert "use_dynamic_url" not in manifest["web_accessible_resources"][0]
    # The ordinary zips keep the key that pins the unpacked ID.
    assert package("--family", "chromium", "--out", str(tmp_path)).returncode == 0
    with zipfile.ZipFile(tmp_path / "persona-guard-chromium.zip") as archive:
        assert "key" in json.loads(archive.read("manifest.json"))


def test_extension_ids_reach_the_manifests_the_host_and_doctor(home: Path, run_cli) -> None:
    done = run_cli("install", "--extension-id", STORE_ID, "--extension-id", AMO_ID)
    assert done.returncode == 0, done.stderr
    assert STORE_ID in done.stdout and AMO_ID in done.stdout
    chromium = json.loads((home / CHROMIUM).read_text("utf-8"))
    assert chromium["allowed_origins"] == ["chrome-extension://idjcphppfhhnepdjnmhfdhjfnmbnflei/",
                                           f"chrome-extension://{STORE_ID}/"]
    firefox = json.loads((home / FIREFOX).read_text("utf-8"))
    assert firefox["allowed_extensions"] == [GECKO_EXTENSION_ID, AMO_ID]
    kept = home.parent / "data" / "extension-ids.json"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    # A later install without the option keeps them.
    assert run_cli("install").returncode == 0
    assert json.loads((home / CHROMIUM).read_text("utf-8"))["allowed_origins"][1] == (
        f"chrome-extension://{STORE_ID}/")
    # The host itself answers the store build, and still refuses any other extension.
    assert host_answers(home, f"chrome-extension://{STORE_ID}/")["type"] == "ready"
    refused = host_answers(home, f"chrome-extension://{'p' * 32}/")
    assert refused["type"] == "error" and refused["code"] == "origin_not_allowed"
    assert host_answers(home, "/path/org.personaguard.host.json", AMO_ID)["type"] == "ready"
    report = run_cli("doctor").stdout
    assert f"chrome-extension://{STORE_ID}/" in report and AMO_ID in report


def test_bad_extension_id_is_a_clean_error(home: Path, run_cli) -> None:
    done = run_cli("install", "--extension-id", "not-an-id")
    assert done.returncode == 2
    assert "'not-an-id' is not an extension ID" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (home / CHROMIUM).exists()  # nothing half-installed


def host_answers(home: Path, *args: str) -> dict:
    """The first frame the host sends when a browser starts it with `args`."""
    proc = subprocess.run([sys.executable, "-m", "native_host", *args], input=frame(HELLO),
                          capture_output=True, env=cli_env(home), cwd=REPO, timeout=60,
                          check=False)
    body = proc.stdout[4:4 + int.from_bytes(proc.stdout[:4], sys.byteorder)]
    return json.loads(body)
