"""The syncer against a real bundle server on 127.0.0.1: what a staff member's machine ends
up enforcing after each thing an admin (or an attacker, or the network) does."""

from __future__ import annotations

import asyncio
import base64
import json
from datetime import datetime

from native_host.bundles.keys import PrivateKey
from native_host.bundles.sources import SyncConfig, parse_policy
from native_host.bundles.syncer import MemorySink, Syncer
from tests.bundles.conftest import NOW, Publisher, later, profile_bytes, sign, sign_unchecked


def config(*urls: str, keys: list[PrivateKey], interval: int = 15) -> SyncConfig:
    policy = parse_policy({"bundle_urls": list(urls),
                           "trusted_keys": [k.public.text for k in keys]}, "managed policy",
                          strict=False)
    return SyncConfig(policy.sources, interval)


def syncer(sink: MemorySink, now: datetime = NOW, **kwargs: object) -> Syncer:
    return Syncer(sink, clock=lambda: now, **kwargs)  # type: ignore[arg-type]


async def installed_after_one_round(publisher: Publisher, key: PrivateKey, raw: bytes,
                                    ) -> tuple[Syncer, MemorySink, str]:
    url = publisher.publish(raw)
    sink = MemorySink()
    sync = syncer(sink)
    sync.configure(config(url, keys=[key]))
    await sync.sync_now()
    return sync, sink, url


async def test_first_fetch_installs_the_profile(publisher: Publisher, org_key: PrivateKey,
                                                ) -> None:
    sync, sink, url = await installed_after_one_round(publisher, org_key,
                                                      sign(profile_bytes(4), org_key))
    try:
        assert sink.profile_bytes(url) == profile_bytes(4)
        (status,) = sync.status()["sources"]
        assert status["state"] == "installed" and status["version"] == 4
        assert status["profile_id"] == "tscpl" and status["error"] is None
        assert status["last_success"] == "2026-11-21T12:00:00.000+00:00"
    finally:
        await sync.stop()


async def test_unchanged_bundle_costs_a_304(publisher: Publisher, org_key: PrivateKey) -> None:
    sync, sink, url = await installed_after_one_round(publisher, org_key,
                                                      sign(profile_bytes(4), org_key))
    try:
        await sync.sync_now()
        assert publisher.hits[0] == ("", 200)
        etag, status = publisher.hits[1]
        assert status == 304 and etag == sink.installed(url).etag  # type: ignore[union-attr]
        assert sync.status()["sources"][0]["state"] == "unchanged"
        assert sink.profile_bytes(url) == profile_bytes(4)
    finally:
        await sync.stop()


async def test_a_new_version_replaces_the_old(publisher: Publisher, org_key: PrivateKey) -> None:
    sync, sink, url = await installed_after_one_round(publisher, org_key,
                                                      sign(profile_bytes(4), org_key))
    try:
        publisher.publish(sign(profile_bytes(5), org_key))
        await sync.sync_now()
        assert sink.profile_bytes(url) == profile_bytes(5)
        assert sync.status()["sources"][0]["version"] == 5
    finally:
        await sync.stop()


async def refused(publisher: Publisher, org_key: PrivateKey, bad: bytes) -> dict[str, object]:
    """Install v4, publish `bad`, sync: v4 must still be in force. Returns the status."""
    sync, sink, url = await installed_after_one_round(publisher, org_key,
                                                      sign(profile_bytes(4), org_key))
    try:
        publisher.publish(bad)
        await sync.sync_now()
        assert sink.profile_bytes(url) == profile_bytes(4), "the last good bundle was lost"
        (status,) = sync.status()["sources"]
        assert status["state"] == "failed" and status["version"] == 4
        assert status["last_success"] is not None
        return status
    finally:
        await sync.stop()


async def test_rollback_is_refused(publisher: Publisher, org_key: PrivateKey) -> None:
    status = await refused(publisher, org_key, sign(profile_bytes(3), org_key))
    assert status["error_code"] == "rollback"
    assert "v3 < installed v4" in str(status["error"])


async def test_expired_bundle_is_refused(publisher: Publisher, org_key: PrivateKey) -> None:
    old = sign(profile_bytes(5), org_key, now=later(-30), expires=later(-1))
    status = await refused(publisher, org_key, old)
    assert status["error_code"] == "expired"


async def test_unknown_key_is_refused(publisher: Publisher, org_key: PrivateKey,
                                      other_key: PrivateKey) -> None:
    status = await refused(publisher, org_key, sign(profile_bytes(5), other_key))
    assert status["error_code"] == "unknown_key"


async def test_tampered_payload_is_refused(publisher: Publisher, org_key: PrivateKey) -> None:
    data = json.loads(sign(profile_bytes(5), org_key))
    data["profile"] = base64.b64encode(profile_bytes(5, handle="impostor")).decode()
    status = await refused(publisher, org_key, json.dumps(data).encode())
    assert status["error_code"] == "tampered"


async def test_changed_envelope_is_refused(publisher: Publisher, org_key: PrivateKey) -> None:
    data = json.loads(sign(profile_bytes(5), org_key))
    data["version"] = 50  # someone edits the number to force an update
    status = await refused(publisher, org_key, json.dumps(data).encode())
    assert status["error_code"] == "bad_signature"


async def test_an_unsigned_profile_uploaded_by_mistake_is_refused(publisher: Publisher,
                                                                  org_key: PrivateKey) -> None:
    status = await refused(publisher, org_key, profile_bytes(5))
    assert status["error_code"] == "malformed"
    assert "unsigned profile" in str(status["error"]) and "admin sign" in str(status["error"])


async def test_bad_profile_is_refused_with_a_clear_error(publisher: Publisher,
                                                         org_key: PrivateKey) -> None:
    bad = json.loads(profile_bytes(5))
    bad["personas"]["library"]["accounts"][0]["site"] = "myspace"
    status = await refused(publisher, org_key,
                           sign_unchecked(json.dumps(bad).encode(), org_key, "tscpl", 5))
    assert status["error_code"] == "bad_profile"
    assert "personas.library.accounts[0].site" in str(status["error"])
    assert "fix:" in str(status["error"])


async def test_http_error_keeps_the_last_good(publisher: Publisher, org_key: PrivateKey) -> None:
    sync, sink, url = await installed_after_one_round(publisher, org_key,
                                                      sign(profile_bytes(4), org_key))
    try:
        (publisher.folder / "tscpl.bundle.json").unlink()
        await sync.sync_now()
        (status,) = sync.status()["sources"]
        assert status["error_code"] == "http_error" and "404" in status["error"]
        assert sink.profile_bytes(url) == profile_bytes(4)
    finally:
        await sync.stop()


async def test_server_down_keeps_the_last_good(publisher: Publisher, org_key: PrivateKey,
                                               ) -> None:
    sync, sink, url = await installed_after_one_round(publisher, org_key,
                                                      sign(profile_bytes(4), org_key))
    try:
        await publisher.server.close()
        await sync.sync_now()
        (status,) = sync.status()["sources"]
        assert status["error_code"] == "unreachable" and status["state"] == "failed"
        assert "could not be fetched" in status["error"] and status["version"] == 4
        assert sink.profile_bytes(url) == profile_bytes(4)
    finally:
        await sync.stop()


async def test_policy_change_applies_while_running(publisher: Publisher, org_key: PrivateKey,
                                                   other_key: PrivateKey) -> None:
    """A running syncer (long interval) follows a new URL and key at once, then drops the
    URL the admin removed: no restart."""
    first = publisher.publish(sign(profile_bytes(4), org_key))
    second = publisher.publish(sign(profile_bytes(1, pid="branch", handle="tscplbranch"),
                                    other_key), "branch.bundle.json")
    sink = MemorySink()
    sync = syncer(sink)
    sync.configure(config(first, keys=[org_key], interval=60))
    sync.start()
    try:
        await _until(lambda: sink.installed(first) is not None)
        sync.configure(config(second, keys=[other_key], interval=60))
        await _until(lambda: sink.installed(second) is not None)
        assert sink.installed(first) is None  # unsubscribed by the policy change
        assert [s["url"] for s in sync.status()["sources"]] == [second]
    finally:
        await sync.stop()


async def test_a_running_syncer_picks_up_a_new_version_at_the_next_interval(
        publisher: Publisher, org_key: PrivateKey) -> None:
    url = publisher.publish(sign(profile_bytes(4), org_key))
    sink = MemorySink()
    sync = syncer(sink, minute=0.05)  # a 1-minute interval lasts ~50 ms here
    sync.configure(config(url, keys=[org_key], interval=1))
    sync.start()
    try:
        await _until(lambda: sink.installed(url) is not None)
        publisher.publish(sign(profile_bytes(6), org_key))
        await _until(lambda: sink.installed(url).version == 6)  # type: ignore[union-attr]
        assert sync.status()["next_fetch"] is not None
    finally:
        await sync.stop()


async def _until(condition: object, timeout: float = 5.0) -> None:
    async def wait() -> None:
        while not condition():  # type: ignore[operator]
            await asyncio.sleep(0.01)

    await asyncio.wait_for(wait(), timeout)


async def test_a_bundle_larger_than_one_network_read_installs(publisher: Publisher,
                                                              org_key: PrivateKey) -> None:
    keywords = [f"branch keyword {n}" for n in range(20000)]  # ~0.5 MB of profile
    big = profile_bytes(7)
    data = json.loads(big)
    data["personas"]["library"]["keywords"] = keywords
    big = json.dumps(data).encode()
    sync, sink, url = await installed_after_one_round(publisher, org_key, sign(big, org_key))
    try:
        assert sync.status()["sources"][0]["state"] == "installed"
        assert sink.profile_bytes(url) == big
    finally:
        await sync.stop()


async def test_unsubscribing_during_a_slow_fetch_installs_nothing(publisher: Publisher,
                                                                  org_key: PrivateKey) -> None:
    url = publisher.publish(sign(profile_bytes(4), org_key))
    publisher.delay[0] = 0.5
    sink = MemorySink()
    sync = syncer(sink)
    sync.configure(config(url, keys=[org_key]))
    try:
        round_ = asyncio.ensure_future(sync.sync_now())
        await asyncio.sleep(0.2)  # the request is at the server now
        sync.configure(SyncConfig())  # the admin removed the URL
        await round_
        assert sink.installed(url) is None
        assert sync.status()["sources"] == []
    finally:
        await sync.stop()
