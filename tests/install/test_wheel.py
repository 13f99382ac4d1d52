"""A plain (not editable) install is complete: the wheel built from this checkout,
installed into a virtual environment of its own, away from the checkout, can `install`,
`doctor` and `package` (the extension's source is in the wheel), and `demo` plays the
librarian scenario from the wheel's own data, or, without Playwright, says what to
install. The environment borrows this one's dependencies (linked in, no network) except
Playwright, which only the `[browser]` run sees."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.install.conftest import cli_env

pytestmark = pytest.mark.install

SITE = Path(sysconfig.get_paths()["purelib"])
NOT_BORROWED = ("playwright", "persona_guard", "native_host", "__editable__")


@dataclass
class Installed:
    venv: Path
    wheel: Path
    browser_path: Path  # a folder holding only Playwright, for PYTHONPATH

    def run(self, home: Path, *args: str, browser: bool = False,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = cli_env(home)
        env.pop("PYTHONPATH", None)
        if browser:
            env["PYTHONPATH"] = str(self.browser_path)
        return subprocess.run([str(self.venv / "bin" / "persona-guard"), *args], env=env,
                              cwd=cwd or home, capture_output=True, text=True, timeout=180)


def borrow(site: Path, into: Path, keep: tuple[str, ...] = (), skip: tuple[str, ...] = ()
           ) -> None:
    into.mkdir(parents=True)
    for entry in site.iterdir():
        name = entry.name.lower()
        if (keep and not name.startswith(keep)) or name.startswith(skip) or name.endswith(
                ".pth"):
            continue
        (into / entry.name).symlink_to(entry)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    root = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-c", "import sys; from setuptools import build_meta as b; "
         "print(b.build_wheel(sys.argv[1]))", str(root / "dist")],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    wheel = root / "dist" / built.stdout.strip().splitlines()[-1]
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    deps, browser = root / "deps", root / "browser"
    borrow(SITE, deps, skip=NOT_BORROWED)
    borrow(SITE, browser, keep=("playwright",))
    venv_site = Path(subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; "
         "print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    (venv_site / "borrowed.pth").write_text(f"{deps}\n", encoding="utf-8")
    pip = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                          "install", "-q", "--no-deps", "--no-index", "--no-compile",
                          str(wheel)], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    assert pip.returncode == 0, pip.stderr
    yield Installed(venv, wheel, browser)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".local" / "share").mkdir(parents=True)
    return home


def test_the_wheel_carries_the_extension_and_the_demo(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert {"native_host/_extension/build.py", "native_host/_extension/manifest.base.json",
            "native_host/browser/librarian.json",
            "native_host/browser/librarian-page.html"} <= names
    source = {p.relative_to(REPO / "extension").as_posix()
              for p in (REPO / "extension").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts}
    assert {f"native_host/_extension/{name}" for name in source} <= names
    requires = zipfile.ZipFile(installed.wheel).read(
        next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Requires-Dist: playwright>=1.45; extra == \"browser\"" in requires
    assert not any(line.startswith("Requires-Dist: playwright") and "extra" not in line
                   for line in requires.splitlines())


def test_package_install_and_doctor_work_from_the_wheel(installed: Installed,
                                                        home: Path) -> None:
    out = home / "zips"
    done = installed.run(home, "package", "--out", str(out))
    assert done.returncode == 0, done.stderr
    for family in ("chromium", "firefox"):
        with zipfile.ZipFile(out / f"persona-guard-{family}.zip") as archive:
            assert "manifest.json" in archive.namelist()
    done = installed.run(home, "install", "--browser", "chromium")
    assert done.returncode == 0, done.stderr
    doctor = installed.run(home, "doctor", "--browser", "chromium")
    assert "Traceback" not in doctor.stdout + doctor.stderr
    assert doctor.returncode == 0, doctor.stdout


@pytest.mark.parametrize("command", ["demo", "probe"])
def test_without_playwright_demo_and_probe_say_what_to_install(installed: Installed,
                                                               home: Path,
                                                               command: str) -> None:
    page = home / "saved.html"
    page.write_text("<html><body>a saved page</body></html>", encoding="utf-8")
    args = (["demo", "--out", str(home / "shots")] if command == "demo"
            else ["probe", str(page), "--url", "https://x.com/home"])
    done = installed.run(home, *args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"persona-guard {command}: browser: Playwright" in done.stderr
    assert "fix: pip install 'persona-guard[browser]'" in done.stderr


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no Debian chromium")
def test_demo_with_the_browser_extra_plays_the_librarian_scenario(installed: Installed,
                                                                  home: Path) -> None:
    shots = home / "shots"
    done = installed.run(home, "demo", "--out", str(shots), browser=True)
    assert done.returncode == 0, done.stderr
    assert "verdict:  warn (expected persona: library)" in done.stdout
    assert sorted(p.name for p in shots.glob("*.png")) == [
        "1-chip.png", "2-warning.png", "3-after-switch.png"]
