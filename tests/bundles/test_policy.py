"""Policy sources: what an admin writes, the mistakes they make, and which one wins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from native_host.bundles.keys import PrivateKey
from native_host.bundles.sources import MANAGED, PERSONAL, PolicySources, parse_policy
from native_host.errors import InputError

URL = "https://config.example.org/pg/tscpl.bundle.json"


def test_managed_policy_gives_urls_keys_and_interval(org_key: PrivateKey) -> None:
    sources = PolicySources(system_path=Path("/nonexistent/policy.json"))
    sources.set_managed({"bundle_urls": [URL], "trusted_keys": [org_key.public.text],
                         "sync_interval_minutes": 30})
    config = sources.config()
    assert [(s.url, s.origin) for s in config.sources] == [(URL, MANAGED)]
    assert config.sources[0].keys == (org_key.public.text,)
    assert config.interval_minutes == 30 and config.problems == ()


def test_no_policy_means_nothing_to_sync_every_15_minutes() -> None:
    sources = PolicySources(system_path=Path("/nonexistent/policy.json"))
    sources.set_managed({})
    assert sources.config().sources == () and sources.config().interval_minutes == 15


@pytest.mark.parametrize(("policy", "path", "words"), [
    ({"bundle_urls": ["ftp://x/b"], "trusted_keys": ["k"]}, "bundle_urls[0]", "http(s) URL"),
    ({"bundle_urls": [URL]}, "trusted_keys", "no bundle could be verified"),
    ({"bundle_urls": [URL], "trusted_keys": ["rsa:abc"]}, "trusted_keys[0]",
     "not a Persona Guard public key"),
    ({"sync_interval_minutes": 0}, "sync_interval_minutes", "from 1 to 1440"),
    ({"bundle_url": [URL]}, "bundle_url", "not a policy field"),
])
def test_policy_mistakes_name_the_field_and_the_fix(policy: dict[str, object], path: str,
                                                    words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_policy(policy, "/etc/persona-guard/policy.json", strict=True)
    assert caught.value.path == path and words in str(caught.value) and caught.value.fix


def test_a_broken_policy_file_keeps_the_last_good_one(tmp_path: Path, org_key: PrivateKey,
                                                      ) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"bundle_urls": [URL], "trusted_keys": [org_key.public.text]}))
    sources = PolicySources(system_path=path)
    assert sources.reload_system() is True
    assert [s.url for s in sources.config().sources] == [URL]
    path.write_text('{"bundle_urls": [')  # someone saves half an edit
    assert sources.reload_system() is True
    config = sources.config()
    assert [s.url for s in config.sources] == [URL]
    assert str(path) in config.problems[0] and "last good" in config.problems[0]
    assert sources.reload_system() is False  # unchanged file: nothing to do


def test_managed_wins_over_file_and_personal_keeps_its_own_key(
        tmp_path: Path, org_key: PrivateKey, other_key: PrivateKey) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"bundle_urls": [URL, URL + "?b"],
                                "trusted_keys": [other_key.public.text],
                                "sync_interval_minutes": 5}))
    sources = PolicySources(system_path=path)
    sources.reload_system()
    sources.set_managed({"bundle_urls": [URL], "trusted_keys": [org_key.public.text]})
    sources.set_personal([("https://mine.example/p.bundle.json", org_key.public.text)])
    config = sources.config()
    assert [(s.url, s.origin) for s in config.sources] == [
        (URL, MANAGED), (URL + "?b", str(path)), ("https://mine.example/p.bundle.json", PERSONAL)]
    assert config.sources[0].keys == (org_key.public.text,)  # not the file's key
    assert config.interval_minutes == 5


def test_a_bad_managed_policy_is_reported_and_the_previous_one_kept(org_key: PrivateKey) -> None:
    sources = PolicySources(system_path=Path("/nonexistent/policy.json"))
    sources.set_managed({"bundle_urls": [URL], "trusted_keys": [org_key.public.text]})
    sources.set_managed({"bundle_urls": [URL], "trusted_keys": []})
    config = sources.config()
    assert [s.url for s in config.sources] == [URL]
    assert "managed policy" in config.problems[0]
