"""install_scripts/install.sh run for real in a temporary HOME. pipx is replaced by a
stand-in that "installs" this checkout's environment, so the test stays fast; the
script's own logic (reuse, idempotence, registration, --uninstall) runs as written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.install.conftest import MANIFEST, cli_env, tree

SCRIPT = REPO / "install_scripts" / "install.sh"

FAKE_PIPX = """#!/bin/sh
# Stand-in for pipx: records its arguments, "installs" by writing a persona-guard shim.
echo "pipx $*" >> "$HOME/pipx.log"
case "$1" in
  install) mkdir -p "$HOME/.local/bin"
           printf '#!/bin/sh\\nexec %s -m native_host.cli "$@"\\n' "{python}" \\
             > "$HOME/.local/bin/persona-guard"
           chmod 755 "$HOME/.local/bin/persona-guard" ;;
  environment) echo "$HOME/.local/bin" ;;
  uninstall) rm -f "$HOME/.local/bin/persona-guard"; rmdir "$HOME/.local/bin" ;;
esac
"""


@pytest.fixture
def script_env(home: Path, tmp_path: Path) -> dict[str, str]:
    tools = tmp_path / "tools"
    tools.mkdir()
    pipx = tools / "pipx"
    pipx.write_text(FAKE_PIPX.replace("{python}", sys.executable), "utf-8")
    pipx.chmod(0o755)
    env = cli_env(home)
    env["PATH"] = f"{tools}:{env['PATH']}"
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", str(SCRIPT), *args], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


def test_install_sh_installs_registers_and_is_idempotent(home: Path, script_env) -> None:
    before = tree(home)
    first = run(script_env, "--browser", "chromium")
    assert first.returncode == 0, first.stderr
    assert "Load unpacked" in first.stdout
    assert (home / ".config/chromium/NativeMessagingHosts" / MANIFEST).is_file()
    again = run(script_env, "--browser", "chromium")
    assert again.returncode == 0, again.stderr
    assert "wrote " not in again.stdout and "unchanged" in again.stdout
    log = (home / "pipx.log").read_text("utf-8").splitlines()
    assert log[0].startswith(f"pipx install --force --python python3 {REPO}")

    done = run(script_env, "--uninstall")
    assert done.returncode == 0, done.stderr
    assert "pipx uninstall persona-guard" in (home / "pipx.log").read_text("utf-8")
    (home / "pipx.log").unlink()
    assert tree(home) == before


def test_install_sh_bad_option_is_a_clean_error(script_env) -> None:
    done = run(script_env, "--scope", "everyone")
    assert done.returncode == 2
    assert "--scope 'everyone' is neither user nor system" in done.stderr
    assert "fix: use --scope user" in done.stderr


def test_install_sh_uninstall_without_an_install_says_so(script_env) -> None:
    script_env["PATH"] = "/usr/bin:/bin"
    done = run(script_env, "--uninstall")
    assert done.returncode == 2 and "no Persona Guard installation found" in done.stderr


def test_install_ps1_keeps_the_same_steps() -> None:
    # No PowerShell here: check the script's contract as text.
    text = (REPO / "install_scripts" / "install.ps1").read_text("utf-8")
    assert not (REPO / "install_scripts" / "install.ps1").read_bytes().startswith(b"\xef\xbb\xbf")
    for needle in ("[switch]$Uninstall", "pipx", "'-m', 'venv'", "persona-guard.exe",
                   "install", "uninstall", "$ErrorActionPreference = 'Stop'"):
        assert needle in text, needle
