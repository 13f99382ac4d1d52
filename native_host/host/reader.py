"""The reader thread: blocking reads of frames, each handed to the asyncio loop's inbox.
A thread with blocking reads works for pipes, files and Windows pipes alike."""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Any

from native_host.host.protocol import FrameReader, FrameTooLarge, TruncatedFrame

if TYPE_CHECKING:
    import asyncio

EOF_ITEM = object()  # the input ended (or cannot be read): the loop stops


def start(reader: FrameReader, loop: asyncio.AbstractEventLoop,
          inbox: asyncio.Queue[Any]) -> threading.Thread:
    """Feed `inbox` with each frame's body (bytes), a FrameTooLarge (skipped, reading goes
    on), a TruncatedFrame (the last item) or EOF_ITEM."""
    thread = threading.Thread(target=_read, args=(reader, loop, inbox), name="frames",
                              daemon=True)
    thread.start()
    return thread


def _read(reader: FrameReader, loop: asyncio.AbstractEventLoop,
          inbox: asyncio.Queue[Any]) -> None:
    def post(item: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop has already closed
            loop.call_soon_threadsafe(inbox.put_nowait, item)

    while True:
        try:
            body = reader.read()
        except FrameTooLarge as error:
            post(error)
            continue
        except TruncatedFrame as error:
            post(error)
            return
        except OSError:
            body = None
        post(EOF_ITEM if body is None else body)
        if body is None:
            return
