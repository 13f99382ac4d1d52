"""`persona-guard package`: both zips built from extension/, reproducible, loadable
(manifest.json at the root, the pinned key for Chromium, the gecko id for Firefox)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from native_host.identifiers import CHROMIUM_EXTENSION_KEY, GECKO_EXTENSION_ID, HOST_NAME
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not (REPO / "extension" / "build.py").exists(),
                                reason="extension/build.py is not there")


def package(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "native_host.cli", "package", *args],
                          capture_output=True, text=True, cwd=REPO, timeout=60, check=False)


def test_package_builds_both_zips_reproducibly(tmp_path: Path) -> None:
    done = package("--out", str(tmp_path / "dist"))
    assert done.returncode == 0, done.stderr
    chromium = tmp_path / "dist" / "persona-guard-chromium.zip"
    firefox = tmp_path / "dist" / "persona-guard-firefox.zip"
    with zipfile.ZipFile(chromium) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["key"] == CHROMIUM_EXTENSION_KEY
        assert "nativeMessaging" in manifest["permissions"]
        assert all(not name.startswith("/") and ".." not in name for name in archive.namelist())
    with zipfile.ZipFile(firefox) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["browser_specific_settings"]["gecko"]["id"] == GECKO_EXTENSION_ID
    for zipped in (chromium, firefox):  # the extension asks for the host the installer names
        with zipfile.ZipFile(zipped) as archive:
            host_js = archive.read("background/host.js").decode("utf-8")
            assert f'const HOST_NAME = "{HOST_NAME}";' in host_js
    first = chromium.read_bytes(), firefox.read_bytes()
    assert package("--out", str(tmp_path / "dist")).returncode == 0
    assert (chromium.read_bytes(), firefox.read_bytes()) == first


def test_package_without_an_extension_folder_is_a_clean_error(tmp_path: Path) -> None:
    done = package("--source", str(tmp_path), "--out", str(tmp_path / "dist"))
    assert done.returncode == 2
    assert f"--source: '{tmp_path}' has no build.py" in done.stderr
    assert "Traceback" not in done.stderr
