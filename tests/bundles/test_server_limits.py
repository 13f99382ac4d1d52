"""`admin serve` cannot leave its folder nor be held open: a symlink out of the folder and
a NUL in the path get 404, a connection that sends nothing (or half a request head) is
closed, and connections beyond the limit get 503. A real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.bundles.conftest import Publisher
from tests.conftest import free_port


async def raw_get(base: str, target: str) -> int:
    """The status of a GET sent byte for byte (a client library would clean the path)."""
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    head = await asyncio.wait_for(reader.readline(), 60)
    writer.close()
    return int(head.split()[1])


async def test_a_symlink_out_of_the_folder_is_not_served(publisher: Publisher,
                                                         tmp_path: Path) -> None:
    (publisher.folder / "passwd.json").symlink_to("/etc/passwd")
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    (publisher.folder / "outside.json").symlink_to(outside)
    publisher.publish(b'{"inside": true}', "real.json")
    (publisher.folder / "alias.json").symlink_to(publisher.folder / "real.json")
    (publisher.folder / "sub.json").mkdir()
    async with aiohttp.ClientSession() as session:
        for name in ("passwd.json", "outside.json", "sub.json"):
            async with session.get(publisher.url(name)) as response:
                assert response.status == 404, name
        async with session.get(publisher.url("alias.json")) as response:
            assert response.status == 200  # a link that stays inside the folder is fine
            assert await response.read() == b'{"inside": true}'


@pytest.mark.parametrize("target", ["/%00", "/a%00.json", "/%01", "/..%00/etc"])
async def test_a_control_character_in_the_path_is_404_never_500(publisher: Publisher,
                                                               target: str) -> None:
    assert await raw_get(publisher.base, target) in (400, 404)


@pytest.fixture
def serve(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """`admin serve` as an admin runs it; short time limits so the tests wait little, or
    (marked `patient`) long ones, so only the connection limit can act."""
    (tmp_path / "tscpl.bundle.json").write_bytes(b"{}")
    port = free_port()
    seconds = "600" if request.node.get_closest_marker("patient") else "1"
    server = subprocess.Popen(
        [sys.executable, "-m", "native_host.cli", "admin", "serve", str(tmp_path), "--port",
         str(port), "--header-timeout", seconds, "--idle-timeout", seconds,
         "--max-connections", "3"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=5).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "admin serve did not start"
            time.sleep(0.1)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(30)


def connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=60)  # a bound on the wait


def closed_by_server(sock: socket.socket) -> bool:
    try:
        while sock.recv(4096):
            pass
    except (ConnectionResetError, TimeoutError):
        return False
    return True


def test_a_silent_connection_is_closed(serve: str) -> None:
    with connect(serve) as sock:
        assert closed_by_server(sock)


def test_a_request_head_that_never_ends_is_closed(serve: str) -> None:
    with connect(serve) as sock:
        sock.sendall(b"GET /tscpl.bundle.json HTTP/1.1\r\nHost: x\r\n")
        assert closed_by_server(sock)


def test_an_idle_keep_alive_connection_is_closed(serve: str) -> None:
    with connect(serve) as sock:
        sock.sendall(b"GET /tscpl.bundle.json HTTP/1.1\r\nHost: x\r\n\r\n")
        assert closed_by_server(sock)  # after the 200, nothing more: closed when idle


@pytest.mark.patient
def test_connections_beyond_the_limit_get_503(serve: str) -> None:
    with contextlib.ExitStack() as held:
        for _ in range(3):
            held.enter_context(connect(serve))
        with connect(serve) as extra:
            assert extra.recv(4096).startswith(b"HTTP/1.1 503")
