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


def test_the_log_rotates_at_its_size_keeping_the_newest_lines_owner_only(tmp_path):
    path = tmp_path / "host.log"
    handler = SharedRotatingFileHandler(path, maxBytes=200, backupCount=2)
    for n in range(12):
        handler.emit(record(f"line {n:02d} " + "x" * 40))
    handler.close()
    files = [path, tmp_path / "host.log.1", tmp_path / "host.log.2"]
    assert sorted(tmp_path.iterdir()) == sorted(files)
    lines = [line for f in reversed(files) for line in f.read_text().splitlines()]
    assert lines == [f"line {n:02d} " + "x" * 40 for n in range(12 - len(lines), 12)]
    assert all(f.stat().st_size < 200 for f in files)
    assert all(f.stat().st_mode & 0o777 == 0o600 for f in files)
