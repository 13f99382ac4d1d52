"""The floor of the extension's round trip: bench/echo_host.c, compiled with gcc when the
bench runs (no binary is kept in the repository) and registered in a Chromium profile under
the host's own name, exactly as session.register_host registers the real one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from native_host.identifiers import HOST_NAME
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


def register(workdir: Path) -> Path:
    """Build the echo host and register it for the profile that `launch(workdir=workdir,
    with_host=False)` will create, before Chromium starts."""
    workdir.mkdir(parents=True, exist_ok=True)
    binary = build(workdir)
    manifest = workdir / "chromium-profile" / "NativeMessagingHosts" / f"{HOST_NAME}.json"
    atomic_write(manifest, manifest_bytes(host_manifest("chromium", binary)), 0o644)
    return binary
