"""The bundle server on a real 127.0.0.1 port: ETag, 304, Cache-Control, health, what it
refuses to serve, and `admin serve` itself with its access log."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import aiohttp

from native_host.bundles.server import DEFAULT_CACHE_CONTROL, etag_matches
from tests.bundles.conftest import Publisher
from tests.conftest import free_port


async def test_a_bundle_has_a_strong_etag_and_cache_control(publisher: Publisher) -> None:
    url = publisher.publish(b'{"a": 1}')
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        assert await response.read() == b'{"a": 1}'
        etag = response.headers["ETag"]
        assert etag.startswith('"') and not etag.startswith("W/")
        assert response.headers["Cache-Control"] == DEFAULT_CACHE_CONTROL
        assert response.content_type == "application/json"


async def test_if_none_match_gets_304_until_the_file_changes(publisher: Publisher) -> None:
    url = publisher.publish(b'{"v": 1}')
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as first:
            etag = first.headers["ETag"]
        async with session.get(url, headers={"If-None-Match": etag}) as again:
            assert again.status == 304
            assert await again.read() == b""
            assert again.headers["ETag"] == etag
        publisher.publish(b'{"v": 2}')
        async with session.get(url, headers={"If-None-Match": etag}) as changed:
            assert changed.status == 200
            assert await changed.read() == b'{"v": 2}'
            assert changed.headers["ETag"] != etag


def test_if_none_match_lists_and_weak_forms() -> None:
    assert etag_matches('"a", "b"', '"b"')
    assert etag_matches('W/"b"', '"b"')
    assert etag_matches("*", '"b"')
    assert not etag_matches('"a"', '"b"')


async def test_health_and_missing_files(publisher: Publisher) -> None:
    publisher.publish(b"{}")
    (publisher.folder / "org.key").write_bytes(b"-----BEGIN PRIVATE KEY-----\nabc\n")
    (publisher.folder / "oops.json").write_bytes(b"-----BEGIN PRIVATE KEY-----\nabc\n")
    (publisher.folder / ".hidden").write_bytes(b"x")
    async with aiohttp.ClientSession() as session:
        async with session.get(publisher.url("healthz")) as health:
            assert health.status == 200
            assert await health.json() == {"status": "ok", "bundles": 1}
        for name in ("nothing.json", "org.key", "oops.json", ".hidden", "..%2Fetc%2Fpasswd"):
            async with session.get(publisher.url(name)) as response:
                assert response.status == 404, name


def test_admin_serve_logs_each_request(tmp_path: Path) -> None:
    (tmp_path / "tscpl.bundle.json").write_bytes(b"{}")
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "native_host.cli", "admin", "serve", str(tmp_path), "--port",
         str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "admin serve did not start"
                time.sleep(0.1)
        urllib.request.urlopen(f"{base}/tscpl.bundle.json", timeout=2).close()
    finally:
        server.terminate()
        out, err = server.communicate(timeout=20)
    assert "1 file(s)" in out
    assert '"GET /tscpl.bundle.json HTTP/1.1" 200 2' in err


def test_admin_serve_on_a_missing_folder_says_so(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "native_host.cli", "admin", "serve",
                           str(tmp_path / "nope")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "is not a folder" in done.stderr and "Traceback" not in done.stderr
