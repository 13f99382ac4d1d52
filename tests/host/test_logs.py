"""The log every host and the CLI share: a rotation by one process is followed by the
others, so no process keeps writing into a rotated file."""

from __future__ import annotations

import logging

from native_host.host.logs import SharedRotatingFileHandler


def record(text: str) -> logging.LogRecord:
    return logging.LogRecord("persona_guard.host", logging.INFO, __file__, 1, text, None, None)


def test_a_rotation_by_another_process_is_followed(tmp_path):
    path = tmp_path / "host.log"
    first = SharedRotatingFileHandler(path, maxBytes=200, backupCount=2)
    second = SharedRotatingFileHandler(path, maxBytes=200, backupCount=2)  # another host
    second.emit(record("second starts"))
    for n in range(10):
        first.emit(record(f"first line {n:02d} " + "x" * 40))
    second.emit(record("second after the rotation"))
    first.close()
    second.close()
    assert "second after the rotation" in path.read_text()
    rotated = "".join(p.read_text() for p in tmp_path.glob("host.log.*"))
    assert "second after the rotation" not in rotated
    assert len(list(tmp_path.glob("host.log.*"))) == 2  # backupCount respected
