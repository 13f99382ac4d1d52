"""A host replaces its merged profiles at every profile change and then freezes what it
holds from the cyclic collector: a replaced set must go as soon as nothing refers to it,
or every change would keep another copy of every account for good."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable
from pathlib import Path

from native_host.profiles.merge import MergedProfiles, load_and_merge
from native_host.store.store import Store

PROFILES = Path(__file__).resolve().parents[2] / "persona_profiles"
FILES = [str(PROFILES / "public-library.json"), str(PROFILES / "library-staff-personal.json")]


def test_a_merged_set_that_scanned_text_is_freed_without_the_collector() -> None:
    def scanned() -> MergedProfiles:
        merged = load_and_merge(FILES)
        merged.matcher.scan("Is the Topeka Library open? #tscpl @topekalibrary", "x", None)
        return merged

    assert_freed_without_the_collector(scanned)


def test_a_set_read_from_the_compiled_profiles_is_freed_too(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for name in FILES:
        store.add_profile(Path(name).read_bytes(), name)
    assert_freed_without_the_collector(lambda: Store(tmp_path).load_merged()[0])


def assert_freed_without_the_collector(load: Callable[[], MergedProfiles]) -> None:
    """The set `load` gives, and its matcher, are gone as soon as nothing refers to them."""
    merged = load()
    gone = [weakref.ref(merged), weakref.ref(merged.matcher)]
    gc.disable()
    try:
        del merged
        assert [ref() for ref in gone] == [None, None]
    finally:
        gc.enable()
