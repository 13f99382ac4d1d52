"""The floor of the extension's round trip: bench/echo_host.c, compiled with gcc when the
bench runs (no binary is kept in the repository) and registered in a Chromium profile the
way session.register_host registers the real one, under ECHO_NAME beside it: the bench
build's background (extension/background/bench.js) opens a second port to it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from native_host.install.manifest import host_manifest, manifest_bytes
from native_host.store.files import atomic_write

SOURCE = Path(__file__).resolve().parent / "echo_host.c"


def build(out_dir: Path) -> Path:
    """Compile the echo host into `out_dir`; a clear error when gcc is not there."""
    gcc = shutil.which("gcc")
    if gcc is None:
        raise SystemExit("bench/echo_host.py: gcc is not installed, and the echo host (the "
                         "floor) is compiled from bench/echo_host.c; install it: apt-get "
                         "install gcc")
    binary = out_dir / "echo-host"
    subprocess.run([gcc, "-O2", "-Wall", "-Werror", "-o", str(binary), str(SOURCE)], check=True)
    return binary


# extension/background/bench.js connects to this name.
ECHO_NAME = "org.personaguard.bench_echo"


def register(workdir: Path) -> Path:
    """Build the echo host and register it, under ECHO_NAME, for the profile that
    `launch(workdir=workdir)` will create, before Chromium starts."""
    workdir.mkdir(parents=True, exist_ok=True)
    binary = build(workdir)
    manifest = host_manifest("chromium", binary)
    manifest["name"] = ECHO_NAME
    path = workdir / "chromium-profile" / "NativeMessagingHosts" / f"{ECHO_NAME}.json"
    atomic_write(path, manifest_bytes(manifest), 0o644)
    return binary
