"""Synced bundles in the shared store, and `persona-guard subscribe` against a real server:
what `profile list`, the merge and the next sync see."""

from __future__ import annotations

import asyncio
import json
import os
import sys
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


def follow(url: str, key: PrivateKey) -> SyncConfig:
    return SyncConfig((Source(url, (key.public.text,), PERSONAL),))


async def synced(bundles: BundleStore, url: str, key: PrivateKey) -> Syncer:
    sync = Syncer(bundles, clock=lambda: NOW)
    sync.configure(follow(url, key))
    await sync.sync_now()
    await sync.stop()
    return sync


async def test_a_synced_bundle_is_a_locked_org_profile_in_the_store(
        publisher: Publisher, org_key: PrivateKey, bundles: BundleStore) -> None:
    url = publisher.publish(sign(profile_bytes(4), org_key))
    await synced(bundles, url, org_key)
    (entry,) = bundles.store.profiles()
    assert (entry.id, entry.origin) == ("tscpl", "org")
    assert entry.raw.encode() == profile_bytes(4)
    merged, _ = bundles.store.load_merged()
    assert merged.personas["library"].locked_by is not None
    assert bundles.installed(url).version == 4  # type: ignore[union-attr]


async def test_a_bundle_that_does_not_merge_keeps_the_last_good(
        publisher: Publisher, org_key: PrivateKey, bundles: BundleStore) -> None:
    url = publisher.publish(sign(profile_bytes(4), org_key))
    await synced(bundles, url, org_key)
    mine = {"schema": "persona-guard/profile@1", "id": "me", "personas": {"personal": {
        "label": "Personal", "accounts": [{"site": "x", "handle": "davidleeking"}]}}}
    bundles.store.add_profile(json.dumps(mine).encode(), "me.json")
    # v5 claims the person's own account for the library: the merge refuses it.
    publisher.publish(sign(profile_bytes(5, handle="davidleeking"), org_key))
    sync = await synced(bundles, url, org_key)
    (status,) = sync.status()["sources"]
    assert status["state"] == "failed" and status["error_code"] == "not_applied"
    assert "davidleeking" in status["error"]
    assert {e.id: e.raw.encode() for e in bundles.store.profiles()}["tscpl"] == profile_bytes(4)


async def test_a_profile_removed_by_hand_comes_back_at_the_next_sync(
        publisher: Publisher, org_key: PrivateKey, bundles: BundleStore) -> None:
    url = publisher.publish(sign(profile_bytes(4), org_key))
    await synced(bundles, url, org_key)
    bundles.store.remove_profile("tscpl")
    await synced(bundles, url, org_key)
    assert [e.id for e in bundles.store.profiles()] == ["tscpl"]
    assert publisher.hits[-1] == ("", 200)  # fetched whole, not a 304 for a missing profile


async def test_sync_status_is_saved_for_other_processes(
        publisher: Publisher, org_key: PrivateKey, bundles: BundleStore) -> None:
    url = publisher.publish(sign(profile_bytes(4), org_key))
    sync = await synced(bundles, url, org_key)
    bundles.save_status(sync.status())
    again = BundleStore(Store(bundles.store.root))
    assert again.sync_status()["sources"][0]["version"] == 4  # type: ignore[index]


async def subscribe(data: Path, *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "native_host.cli", "subscribe", *args,
        env={**os.environ, "PERSONA_GUARD_DATA_DIR": str(data)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, out.decode(), err.decode()


async def test_subscribe_installs_lists_and_removes(
        publisher: Publisher, org_key: PrivateKey, tmp_path: Path) -> None:
    url = publisher.publish(sign(profile_bytes(4), org_key))
    data = tmp_path / "data"
    code, out, err = await subscribe(data, url, "--pubkey", org_key.public.text)
    assert code == 0, err
    assert "tscpl v4" in out
    assert [e.id for e in Store(data).profiles()] == ["tscpl"]
    code, out, _ = await subscribe(data, "--list")
    assert url in out and "tscpl v4" in out
    code, out, _ = await subscribe(data, "--remove", url)
    assert code == 0 and Store(data).profiles() == []


async def test_subscribe_with_the_wrong_key_subscribes_to_nothing(
        publisher: Publisher, org_key: PrivateKey, other_key: PrivateKey, tmp_path: Path,
        ) -> None:
    url = publisher.publish(sign(profile_bytes(4), org_key))
    data = tmp_path / "data"
    code, _, err = await subscribe(data, url, "--pubkey", other_key.public.text)
    assert code == 1
    assert "not subscribed" in err and "not trusted" in err and "Traceback" not in err
    assert Store(data).profiles() == [] and BundleStore(Store(data)).subscriptions() == []


async def test_the_host_service_follows_a_policy_file_and_a_new_subscription(
        publisher: Publisher, org_key: PrivateKey, other_key: PrivateKey, bundles: BundleStore,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While running: the admin writes the system policy file, later the person subscribes
    from the command line (another process); both apply without a restart."""
    from native_host.bundles.syncer import SyncService

    policy_file = tmp_path / "policy.json"
    monkeypatch.setenv("PERSONA_GUARD_POLICY_FILE", str(policy_file))
    url = publisher.publish(sign(profile_bytes(4), org_key))
    mine = publisher.publish(sign(profile_bytes(1, pid="mine", handle="davidleeking"),
                                  other_key), "mine.bundle.json")
    service = SyncService(bundles, clock=lambda: NOW)
    await service.start()
    try:
        assert service.status() is None  # nothing to sync: no block in the state
        policy_file.write_text(json.dumps({"bundle_urls": [url],
                                           "trusted_keys": [org_key.public.text]}))
        service.tick()
        await until(lambda: {e.id for e in bundles.store.profiles()} == {"tscpl"})
        assert service.status()["sources"][0]["origin"] == str(policy_file)  # type: ignore[index]

        BundleStore(Store(bundles.store.root)).subscribe(mine, other_key.public.text)
        service.tick()
        await until(lambda: {e.id for e in bundles.store.profiles()} == {"tscpl", "mine"})
        saved = BundleStore(Store(bundles.store.root)).sync_status()
        assert [s["version"] for s in saved["sources"]] == [4, 1]  # type: ignore[index]
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "native_host.cli", "status",
            env={**os.environ, "PERSONA_GUARD_DATA_DIR": str(bundles.store.root)},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 0, err.decode()
        assert f"{url} ({policy_file}): tscpl v4" in out.decode()
        assert f"{mine} (subscription): mine v1" in out.decode()
    finally:
        await service.stop()


async def until(condition: object, timeout: float = 10.0) -> None:
    async def wait() -> None:
        while not condition():  # type: ignore[operator]
            await asyncio.sleep(0.02)

    await asyncio.wait_for(wait(), timeout)
