"""`persona-guard admin serve DIR`: a small static server for signed bundles.

Every file directly in DIR is served at `/<name>` with a strong ETag (a hash of its
bytes), `Cache-Control`, and `304 Not Modified` when the client's `If-None-Match` still
matches, so a fleet polling every few minutes costs a few hundred bytes per machine.
Files are re-read when they change on disk: dropping a newly signed bundle into DIR is
the whole publishing step. `/healthz` answers for load balancers and monitors.

Only regular files whose resolved path is inside DIR are served (a symlink out of it is
not), and a connection cannot be held open for nothing (it matters with `--host
0.0.0.0`): a request's head must arrive within `Limits.header_seconds`, an idle
keep-alive connection closes after `Limits.idle_seconds`, and above
`Limits.connections` open connections a new one gets `503` and is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import signal
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from native_host.errors import InputError
from native_host.store.loggers import logger

DEFAULT_CACHE_CONTROL = "public, max-age=60, must-revalidate"
FLUSH_SECONDS = 0.25  # access-log lines reach standard error at most this late
_PRIVATE_MARK = b"PRIVATE KEY-----"


@dataclass(frozen=True)
class _Entry:
    stamp: tuple[int, int, int]  # (mtime_ns, size, inode): any change means re-read
    body: bytes
    etag: str
    content_type: str


class BundleDirectory:
    """The files of one folder, cached in memory and refreshed when they change."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real_root = root.resolve()
        self._cache: dict[str, _Entry] = {}

    def get(self, name: str) -> _Entry | None:
        # Only plain names directly in the folder: no sub-paths, no hidden files, no
        # control characters (a NUL is no file name anywhere).
        if not name or "/" in name or "\\" in name or name.startswith(".") or name.endswith(
                ".key") or any(ord(c) < 32 for c in name):
            return None
        path = self.root / name
        try:
            # a symlink may point anywhere: only a regular file inside the folder is served
            real = path.resolve(strict=True)
            if not real.is_relative_to(self._real_root):
                return None
            st = os.stat(real)
        except (OSError, ValueError, RuntimeError):
            self._cache.pop(name, None)
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        entry = self._cache.get(name)
        if entry is not None and entry.stamp == stamp:
            return entry
        try:
            body = real.read_bytes()
        except OSError:
            return None
        if _PRIVATE_MARK in body[:200]:
            return None  # a private key dropped here by mistake is never served
        digest = hashlib.sha256(body).hexdigest()[:32]
        entry = _Entry(stamp, body, f'"{digest}"', _content_type(name))
        self._cache[name] = entry
        return entry

    def names(self) -> list[str]:
        try:
            children = sorted(self.root.iterdir())
        except OSError:
            return []
        return [p.name for p in children if self.get(p.name) is not None]


def etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2): `W/"x"` matches `"x"`."""
    if header.strip() == "*":
        return True
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate.startswith("W/"):
            candidate = candidate[2:]
        if candidate == etag:
            return True
    return False


class BatchedAccessLog(AbstractAccessLogger):
    """One line per request, like a web server's common log (then the seconds taken and
    the User-Agent):

        127.0.0.1 [21/Nov/2026:23:30:00 +0000] "GET /tscpl.bundle.json HTTP/1.1" 304 0
        0.000412s "persona-guard/0.1.0"      (on one line)

    Lines are written in batches a few times a second: a write and a logging record per
    request would cost about as much as answering a 304."""

    stream: TextIO | None = None  # None: sys.stderr at the time of writing
    _pending: list[str] = []  # noqa: RUF012  (one buffer for the process, on purpose)
    _flush_scheduled = False
    _stamp: tuple[int, str] = (0, "")

    def log(self, request: web.BaseRequest, response: web.StreamResponse,
            time_taken: float) -> None:
        cls = type(self)
        now = int(time.time())
        if cls._stamp[0] != now:  # one strftime a second, not one per request
            cls._stamp = (now, time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)))
        version = request.version
        agent = request.headers.get("User-Agent", "-")
        cls._pending.append(
            f'{request.remote} [{cls._stamp[1]}] "{request.method} {request.path_qs} '
            f'HTTP/{version.major}.{version.minor}" {response.status} '
            f'{response.body_length} {time_taken:.6f}s "{agent}"\n')
        if not cls._flush_scheduled:
            cls._flush_scheduled = True
            asyncio.get_running_loop().call_later(FLUSH_SECONDS, cls.flush)

    @classmethod
    def flush(cls) -> None:
        cls._flush_scheduled = False
        lines, cls._pending = cls._pending, []
        if lines:
            stream = cls.stream or sys.stderr
            stream.write("".join(lines))
            stream.flush()


def make_app(root: Path, *, cache_control: str = DEFAULT_CACHE_CONTROL) -> web.Application:
    files = BundleDirectory(root)

    async def healthz(request: web.Request) -> web.Response:
        ok = root.is_dir()
        body = {"status": "ok" if ok else "missing folder", "bundles": len(files.names())}
        return web.json_response(body, status=200 if ok else 503,
                                 headers={"Cache-Control": "no-store"})

    async def bundle(request: web.Request) -> web.Response:
        entry = files.get(request.match_info["name"])
        if entry is None:
            return web.Response(status=404, text="no such bundle\n",
                                headers={"Cache-Control": "no-store"})
        headers = {"ETag": entry.etag, "Cache-Control": cache_control}
        inm = request.headers.get("If-None-Match")
        if inm is not None and etag_matches(inm, entry.etag):
            return web.Response(status=304, headers=headers)
        return web.Response(body=entry.body, content_type=entry.content_type, headers=headers)

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/{name}", bundle)  # add_get also answers HEAD
    return app


def check_root(directory: str) -> Path:
    root = Path(directory)
    if not root.is_dir():
        raise InputError(directory, "is not a folder",
                         "give the folder that holds the bundles `admin sign` wrote")
    return root


@dataclass(frozen=True)
class Limits:
    """How long and how many connections may stay open (see the module docstring)."""

    header_seconds: float = 10.0
    idle_seconds: float = 15.0
    connections: int = 512


_BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n"
         b"Retry-After: 5\r\n\r\n")


class _Guarded(asyncio.Protocol):
    """Wraps aiohttp's protocol for one connection: refuses it above the connection limit
    and closes it when no whole request head arrived in time (aiohttp itself bounds only
    the idle time between requests)."""

    open_count = 0

    def __init__(self, inner: Any, limits: Limits) -> None:
        self.inner = inner
        self.limits = limits
        self.transport: asyncio.Transport | None = None
        self._head = b""
        self._timer: asyncio.TimerHandle | None = None
        self._counted = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        if _Guarded.open_count >= self.limits.connections:
            transport.write(_BUSY)
            transport.close()
            return
        _Guarded.open_count += 1
        self._counted = True
        self._timer = asyncio.get_running_loop().call_later(self.limits.header_seconds,
                                                            self._too_slow)
        self.inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if not self._counted:
            return
        if self._timer is not None:  # until the first request's head is complete
            self._head = (self._head + data)[-4096:]
            if b"\r\n\r\n" in self._head:
                self._timer.cancel()
                self._timer, self._head = None, b""
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received() if self._counted else None  # type: ignore[no-any-return]

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._counted:
            _Guarded.open_count -= 1
            self._counted = False
            self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        if self._counted:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self._counted:
            self.inner.resume_writing()

    def _too_slow(self) -> None:
        self._timer = None
        if self.transport is not None:
            self.transport.close()


def serve(directory: str, host: str, port: int, *, cache_control: str = DEFAULT_CACHE_CONTROL,
          access_log: bool = True, limits: Limits | None = None) -> None:
    """Run until interrupted. The access log goes to standard error, one line a request."""
    root = check_root(directory)
    limits = limits or Limits()
    app = make_app(root, cache_control=cache_control)

    async def run() -> None:
        runner = web.AppRunner(
            app, handle_signals=False, keepalive_timeout=limits.idle_seconds,
            access_log=logger("access") if access_log else None,
            access_log_class=BatchedAccessLog)
        await runner.setup()
        try:
            loop = asyncio.get_running_loop()
            try:
                server = await loop.create_server(
                    lambda: _Guarded(runner.server(), limits), host, port)  # type: ignore[misc]
            except OSError as error:
                raise InputError(f"{host}:{port}", f"cannot listen there "
                                 f"({error.strerror or error})", "choose another --port, or "
                                 "stop what already listens on it") from None
            names = BundleDirectory(root).names()
            print(f"persona-guard admin serve: {len(names)} file(s) from {root} on "
                  f"http://{host}:{port}/ (health: /healthz)", flush=True)
            stopping = asyncio.Event()
            for name in ("SIGTERM", "SIGINT"):
                with contextlib.suppress(NotImplementedError, AttributeError):
                    loop.add_signal_handler(getattr(signal, name), stopping.set)
            await stopping.wait()
            server.close()
        finally:
            await runner.cleanup()  # requests under way finish and log their line
            BatchedAccessLog.flush()  # the last lines before a stop

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


def _content_type(name: str) -> str:
    if name.endswith(".json"):
        return "application/json"
    return "application/octet-stream"
