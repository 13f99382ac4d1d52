"""Keys, profiles and a real bundle server on 127.0.0.1 for the admin tests."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from native_host.bundles.format import instant_text, sign_profile, signed_header
from native_host.bundles.keys import PrivateKey, generate
from native_host.bundles.server import make_app

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def profile_bytes(version: int = 1, pid: str = "tscpl", handle: str = "topekalibrary",
                  **extra: Any) -> bytes:
    data = {"schema": "persona-guard/profile@1", "id": pid, "version": version, "locked": True,
            "personas": {"library": {"label": "Library",
                                     "accounts": [{"site": "x", "handle": handle}]}},
            **extra}
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


def sign(profile: bytes, key: PrivateKey, *, now: datetime = NOW,
         expires: datetime | None = None) -> bytes:
    return sign_profile(profile, "profile.json", key, now=now, expires=expires)


def sign_unchecked(profile: bytes, key: PrivateKey, pid: str, version: int) -> bytes:
    """A correctly signed bundle around bytes that `admin sign` would refuse."""
    sha = hashlib.sha256(profile).hexdigest()
    header = signed_header(key.public.key_id, pid, version, NOW, None, sha)
    return json.dumps({
        "format": "persona-guard/bundle@1", "key_id": key.public.key_id, "profile_id": pid,
        "version": version, "signed_at": instant_text(NOW), "expires": None,
        "profile_sha256": sha, "profile": base64.b64encode(profile).decode(),
        "signature": base64.b64encode(key.sign(header)).decode()}).encode()


@pytest.fixture(scope="session")
def org_key() -> PrivateKey:
    return generate()


@pytest.fixture(scope="session")
def other_key() -> PrivateKey:
    return generate()


@dataclass
class Publisher:
    """A folder served by `admin serve`'s app on a real 127.0.0.1 port."""

    folder: Path
    base: str
    hits: list[tuple[str, int]]  # (If-None-Match or "", status) per bundle request
    server: Any  # aiohttp's TestServer: `await publisher.server.close()` takes it down
    delay: list[float]  # [seconds] each bundle answer waits: a slow server

    def url(self, name: str = "tscpl.bundle.json") -> str:
        return f"{self.base}/{name}"

    def publish(self, raw: bytes, name: str = "tscpl.bundle.json") -> str:
        path = self.folder / name
        tmp = path.with_name("." + name)
        tmp.write_bytes(raw)
        tmp.replace(path)  # a new inode, as a real publish step would make
        return self.url(name)


@pytest.fixture
async def publisher(tmp_path: Path, aiohttp_server: Callable[..., Awaitable[Any]]) -> Publisher:
    from aiohttp import web

    folder = tmp_path / "bundles"
    folder.mkdir()
    hits: list[tuple[str, int]] = []
    delay = [0.0]

    @web.middleware
    async def record(request: web.Request, handler: Any) -> web.StreamResponse:
        await asyncio.sleep(delay[0])
        response = await handler(request)
        if request.path != "/healthz":
            hits.append((request.headers.get("If-None-Match", ""), response.status))
        return response

    app = make_app(folder)
    app.middlewares.append(record)
    server = await aiohttp_server(app)
    return Publisher(folder, str(server.make_url("")).rstrip("/"), hits, server, delay)


def later(days: int) -> datetime:
    return NOW + timedelta(days=days)


@pytest.fixture(autouse=True)
def no_system_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read this machine's /etc/persona-guard/policy.json."""
    monkeypatch.setenv("PERSONA_GUARD_POLICY_FILE", str(tmp_path / "no-policy.json"))
