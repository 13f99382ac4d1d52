"""A rollback cannot come through another profile or another URL: the highest version a
key put in force for a profile is kept in the shared store (a real 127.0.0.1 server, a
real store), and a URL that starts serving another profile takes its old one away."""

from __future__ import annotations

from pathlib import Path

import pytest

from native_host.bundles.keys import PrivateKey
from native_host.bundles.sink import BundleStore
from native_host.bundles.sources import PERSONAL, Source, SyncConfig
from native_host.bundles.syncer import Syncer
from native_host.store.store import Store
from tests.bundles.conftest import NOW, Publisher, profile_bytes, sign


@pytest.fixture
def bundles(tmp_path: Path) -> BundleStore:
    return BundleStore(Store(tmp_path / "data"))


async def sync_once(bundles: BundleStore, urls: list[str], key: PrivateKey) -> Syncer:
    sync = Syncer(bundles, clock=lambda: NOW)
    sync.configure(SyncConfig(tuple(Source(url, (key.public.text,), PERSONAL) for url in urls)))
    await sync.sync_now()
    await sync.stop()
    return sync


def stored(bundles: BundleStore) -> list[tuple[str, str]]:
    return [(entry.id, entry.raw) for entry in bundles.store.profiles()]


async def test_an_old_version_cannot_return_after_the_url_served_another_profile(
        publisher: Publisher, org_key: PrivateKey, bundles: BundleStore) -> None:
    url = publisher.publish(sign(profile_bytes(5), org_key))
    await sync_once(bundles, [url], org_key)
    publisher.publish(sign(profile_bytes(1, pid="decoy", handle="decoy"), org_key))
    await sync_once(bundles, [url], org_key)
    assert [pid for pid, _ in stored(bundles)] == ["decoy"]  # tscpl v5 left no orphan
    publisher.publish(sign(profile_bytes(4), org_key))
    sync = await sync_once(bundles, [url], org_key)
    (status,) = sync.status()["sources"]
    assert status["error_code"] == "rollback" and "v4 < installed v5" in status["error"]
    assert [pid for pid, _ in stored(bundles)] == ["decoy"]


async def test_an_old_version_is_refused_from_another_url(
        publisher: Publisher, org_key: PrivateKey, bundles: BundleStore) -> None:
    first = publisher.publish(sign(profile_bytes(5), org_key), "a.bundle.json")
    second = publisher.publish(sign(profile_bytes(4), org_key), "b.bundle.json")
    await sync_once(bundles, [first], org_key)
    sync = await sync_once(bundles, [first, second], org_key)
    by_url = {s["url"]: s for s in sync.status()["sources"]}
    assert by_url[second]["error_code"] == "rollback"
    assert stored(bundles) == [("tscpl", profile_bytes(5).decode())]


async def test_the_high_water_mark_outlives_the_profile_being_removed(
        publisher: Publisher, org_key: PrivateKey, bundles: BundleStore) -> None:
    first = publisher.publish(sign(profile_bytes(5), org_key), "a.bundle.json")
    await sync_once(bundles, [first], org_key)
    bundles.remove(first)  # unsubscribed: the profile goes, the mark stays
    assert stored(bundles) == []
    second = publisher.publish(sign(profile_bytes(4), org_key), "b.bundle.json")
    sync = await sync_once(bundles, [second], org_key)
    assert sync.status()["sources"][0]["error_code"] == "rollback"
    assert stored(bundles) == []
    publisher.publish(sign(profile_bytes(6), org_key), "b.bundle.json")
    await sync_once(bundles, [second], org_key)
    assert stored(bundles) == [("tscpl", profile_bytes(6).decode())]


async def test_the_same_bundle_from_a_mirror_url_is_accepted(
        publisher: Publisher, org_key: PrivateKey, bundles: BundleStore) -> None:
    signed = sign(profile_bytes(5), org_key)
    first = publisher.publish(signed, "a.bundle.json")
    mirror = publisher.publish(signed, "mirror.bundle.json")
    await sync_once(bundles, [first], org_key)
    sync = await sync_once(bundles, [mirror], org_key)
    assert sync.status()["sources"][0]["state"] == "installed"
    assert stored(bundles) == [("tscpl", profile_bytes(5).decode())]
