"""`persona-guard admin serve DIR`: a small static server for signed bundles.

Every file directly in DIR is served at `/<name>` with a strong ETag (a hash of its
bytes), `Cache-Control`, and `304 Not Modified` when the client's `If-None-Match` still
matches, so a fleet polling every few minutes costs a few hundred bytes per machine.
Files are re-read when they change on disk: dropping a newly signed bundle into DIR is
the whole publishing step. `/healthz` answers for load balancers and monitors.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from native_host.errors import InputError

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
        self._cache: dict[str, _Entry] = {}

    def get(self, name: str) -> _Entry | None:
        # Only plain names directly in the folder: no sub-paths, no hidden files.
        if not name or "/" in name or "\\" in name or name.startswith(".") or name.endswith(
                ".key"):
            return None
        path = self.root / name
        try:
            st = os.stat(path)
        except OSError:
            self._cache.pop(name, None)
            return None
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        entry = self._cache.get(name)
        if entry is not None and entry.stamp == stamp:
            return entry
        if not path.is_file():
            return None
        try:
            body = path.read_bytes()
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


def serve(directory: str, host: str, port: int, *, cache_control: str = DEFAULT_CACHE_CONTROL,
          access_log: bool = True) -> None:
    """Run until interrupted. The access log goes to standard error, one line a request."""
    root = check_root(directory)
    names = BundleDirectory(root).names()
    print(f"persona-guard admin serve: {len(names)} file(s) from {root} on "
          f"http://{host}:{port}/ (health: /healthz)", flush=True)
    app = make_app(root, cache_control=cache_control)

    async def flush_log(_: web.Application) -> None:
        BatchedAccessLog.flush()

    app.on_cleanup.append(flush_log)  # the last lines before a stop
    try:
        web.run_app(app, host=host, port=port, print=None,
                    access_log=logging.getLogger("persona_guard.access") if access_log else None,
                    access_log_class=BatchedAccessLog)
    except OSError as error:
        raise InputError(f"{host}:{port}", f"cannot listen there ({error.strerror or error})",
                         "choose another --port, or stop what already listens on it") from None


def _content_type(name: str) -> str:
    if name.endswith(".json"):
        return "application/json"
    return "application/octet-stream"
