"""The store folder's watch (store/changes.py): it may say "nothing changed" only when
nothing did, so the host can skip the two stats before a check. Real files and a real
inotify watch; on a system without one, every call says "maybe" and the stats decide."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from native_host.store import changes
from native_host.store.changes import FolderChanges
from native_host.store.files import atomic_write

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="inotify is Linux's; elsewhere the stats decide")


@linux_only
def test_nothing_changed_is_said_only_until_something_does(tmp_path: Path):
    watch = FolderChanges(str(tmp_path))
    assert watch.watching and not watch.maybe()
    atomic_write(tmp_path / "state.json", b"{}", 0o600)
    assert watch.maybe()
    assert not watch.maybe()  # that change was told once


@linux_only
@pytest.mark.parametrize("change", ["replaced by rename", "written in place", "deleted",
                                    "chmod", "new file"])
def test_each_way_another_process_changes_a_file_is_seen(tmp_path: Path, change: str):
    target = tmp_path / "state.json"
    target.write_text("{}")
    watch = FolderChanges(str(tmp_path))
    code = {
        "replaced by rename": "p.with_name('t').write_text('{ }'); p.with_name('t').replace(p)",
        "written in place": "p.write_text('{\"mode\": 1}')",
        "deleted": "p.unlink()",
        "chmod": "p.chmod(0o600)",
        "new file": "p.with_name('profiles.json').write_text('[]')",
    }[change]
    subprocess.run([sys.executable, "-c", f"import pathlib; p = pathlib.Path({str(target)!r}); "
                    f"{code}"], check=True)
    # the other process has exited: its change is in the watch before this call
    assert watch.maybe()


@linux_only
def test_more_changes_than_one_read_holds_are_all_taken_at_once(tmp_path: Path):
    watch = FolderChanges(str(tmp_path))
    for n in range(3000):  # ~200 KB of events, of names of several lengths
        (tmp_path / f"file-{'x' * (n % 7)}-{n:05d}.json").write_text("")
    assert watch.maybe()
    assert not watch.maybe()


@linux_only
def test_a_folder_moved_away_among_many_changes_is_still_noticed(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    watch = FolderChanges(str(folder))
    for n in range(1500):
        (folder / f"f{n}").write_text("")
    folder.rename(tmp_path / "moved")
    for n in range(1500):  # after the move: the watch still reports these
        (tmp_path / "moved" / f"g{n}").write_text("")
    assert watch.maybe()
    assert not watch.watching


@linux_only
def test_a_folder_moved_away_leaves_the_stats_to_decide(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    watch = FolderChanges(str(folder))
    folder.rename(tmp_path / "moved")
    assert watch.maybe()
    assert not watch.watching
    assert watch.maybe() and watch.maybe()  # for good: changes can no longer be seen


def test_without_inotify_every_call_says_maybe(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(changes.sys, "platform", "darwin")
    watch = FolderChanges(str(tmp_path))
    assert not watch.watching
    assert watch.maybe() and watch.maybe()


def test_a_folder_that_cannot_be_watched_leaves_the_stats_to_decide(tmp_path: Path):
    watch = FolderChanges(str(tmp_path / "not-there"))
    assert not watch.watching and watch.maybe()


@linux_only
def test_the_watch_is_not_inherited_by_child_processes(tmp_path: Path):
    watch = FolderChanges(str(tmp_path))
    assert watch._fd is not None and not os.get_inheritable(watch._fd)
