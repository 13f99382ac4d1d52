"""The real host process, fed a `hello` whose managed policy names a bundle on a real
127.0.0.1 server: the org profile arrives in the state the browser sees, and a changed
policy is applied without restarting the host."""

from __future__ import annotations

import asyncio
import json
import os
import struct
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from native_host.bundles.keys import PrivateKey
from tests.bundles.conftest import Publisher, profile_bytes, sign

HEADER = struct.Struct("=I")


class HostProcess:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(HEADER.pack(len(body)) + body)

    async def until(self, accept: Callable[[dict[str, Any]], bool],
                    timeout: float = 20) -> dict[str, Any]:
        """Read frames until one satisfies `accept`."""
        assert self.process.stdout is not None
        stdout = self.process.stdout

        async def read() -> dict[str, Any]:
            while True:
                (length,) = HEADER.unpack(await stdout.readexactly(HEADER.size))
                frame = json.loads(await stdout.readexactly(length))
                if accept(frame):
                    return frame  # type: ignore[no-any-return]

        return await asyncio.wait_for(read(), timeout)


@pytest.fixture
async def host(tmp_path: Path) -> AsyncIterator[HostProcess]:
    env = {**os.environ, "PERSONA_GUARD_DATA_DIR": str(tmp_path / "data"),
           "PERSONA_GUARD_POLICY_FILE": str(tmp_path / "no-system-policy.json")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "native_host", stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, env=env)
    try:
        yield HostProcess(process)
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
            await process.wait()


def hello(policy: dict[str, Any], request_id: int) -> dict[str, Any]:
    return {"v": 1, "type": "hello", "id": request_id, "extension_version": "0.1.0",
            "browser": "chrome", "policy": policy}


def policy(url: str, key: PrivateKey) -> dict[str, Any]:
    return {"bundle_urls": [url], "trusted_keys": [key.public.text]}


def profile_ids(frame: dict[str, Any]) -> set[str]:
    state = frame.get("state", frame)
    return {p["id"] for p in state.get("profiles", [])}


async def test_managed_policy_brings_the_org_profile_and_follows_a_change(
        host: HostProcess, publisher: Publisher, org_key: PrivateKey, other_key: PrivateKey,
        ) -> None:
    first = publisher.publish(sign(profile_bytes(4), org_key))
    second = publisher.publish(sign(profile_bytes(2, pid="branch", handle="tscplbranch"),
                                    other_key), "branch.bundle.json")

    host.send(hello(policy(first, org_key), 1))
    await host.until(lambda f: f.get("type") == "ready")
    arrived = await host.until(lambda f: "tscpl" in profile_ids(f))
    sources = arrived["sync"]["sources"]
    assert [(s["url"], s["origin"], s["version"]) for s in sources] == [
        (first, "managed policy", 4)]
    assert arrived["personas"]["library"]["label"] == "Library"

    # The admin changes the policy; the browser sends it with its next hello.
    host.send(hello(policy(second, other_key), 2))
    changed = await host.until(lambda f: profile_ids(f) == {"branch"})
    assert [s["url"] for s in changed["sync"]["sources"]] == [second]

    host.send({"v": 1, "type": "get_state", "id": 3})
    state = await host.until(lambda f: f.get("id") == 3)
    assert state["sync"]["sources"][0]["state"] == "installed"
    assert state["sync"]["interval_minutes"] == 15
