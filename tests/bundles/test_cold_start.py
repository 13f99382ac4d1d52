"""Bundle sync must not slow the host's start: nothing of it loads aiohttp or the crypto
library until there is something to fetch."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import native_host.host.host, native_host.bundles.syncer
import native_host.bundles.sources, native_host.bundles.sink
from native_host.bundles.sink import saved_sync_status
from native_host.store.store import Store
saved_sync_status(Store(sys.argv[1]))
heavy = [m for m in ("aiohttp", "cryptography", "native_host.bundles.format") if m in sys.modules]
print(",".join(heavy))
"""


def test_the_host_modules_load_without_aiohttp_or_crypto(tmp_path: object) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
