"""The messages a host reads by hand (reader.plain_message) are exactly what their models
in messages.py read: whatever plain reading accepts, the model accepts with the same
values; whatever the model refuses, plain reading leaves to the model (which then
explains it). A message plain reading is not sure of may still be valid: it takes the
model's path, so only the time differs."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from native_host.host.messages import parse_incoming
from native_host.host.protocol import ProtocolError
from native_host.host.reader import MAX_IDENTITIES, plain_message

IDENTITY = {"site": "x", "handle": "@TopekaLibrary", "kind": "user"}
VALID: list[dict[str, Any]] = [
    {"v": 1, "type": "get_state", "id": 1},
    {"v": 1, "type": "get_state", "id": "s"},
    {"v": 1, "type": "outcome", "id": "o1", "check_id": 7, "outcome": "cancelled"},
    {"v": 1, "type": "outcome", "id": 2, "check_id": "c7", "outcome": "proceeded"},
    {"v": 1, "type": "outcome", "id": 3, "check_id": 7, "outcome": "switched"},
    {"v": 1, "type": "hello", "id": "h", "extension_version": "0.1.0", "browser": "chromium"},
    {"v": 1, "type": "hello", "id": 0, "extension_version": "0.1.0", "browser": "firefox",
     "policy": {"bundle_urls": ["https://example.org/b.json"]}},
    {"v": 1, "type": "identify", "id": "i", "identities": []},
    {"v": 1, "type": "identify", "id": "i", "identities": [
        IDENTITY, {"site": "facebook", "handle": None, "kind": "page",
                   "display_name": "Topeka & Shawnee County Public Library"},
        {"site": "x"}]},
    {"v": 1, "type": "check", "id": 5, "site": "x", "action": "post", "identity": IDENTITY,
     "draft": {"text": "hello"}},
]
# each of these the model refuses (or reads differently): plain reading must leave it
REFUSED_BY_MODEL: list[dict[str, Any]] = [
    {"v": 2, "type": "get_state", "id": 1},
    {"v": 1, "type": "get_state", "id": 1, "extra": 0},
    {"v": 1, "type": "get_state"},
    {"v": 1, "type": "get_state", "id": 1.5},
    {"v": 1, "type": "get_state", "id": None},
    {"v": 1, "type": "outcome", "id": 1, "check_id": 7, "outcome": "posted"},
    {"v": 1, "type": "outcome", "id": 1, "check_id": [7], "outcome": "cancelled"},
    {"v": 1, "type": "outcome", "id": 1, "outcome": "cancelled"},
    {"v": 1, "type": "outcome", "id": 1, "check_id": 7, "outcome": "cancelled", "x": 1},
    {"v": 1, "type": "hello", "id": 1, "browser": "chromium"},
    {"v": 1, "type": "hello", "id": 1, "extension_version": 1, "browser": "chromium"},
    {"v": 1, "type": "hello", "id": 1, "extension_version": "0.1.0", "browser": "chromium",
     "policy": []},
    {"v": 1, "type": "identify", "id": 1, "identities": [None]},
    {"v": 1, "type": "identify", "id": 1, "identities": [{"site": "myspace"}]},
    {"v": 1, "type": "identify", "id": 1, "identities": [{**IDENTITY, "kind": "bot"}]},
    {"v": 1, "type": "identify", "id": 1, "identities": [{**IDENTITY, "extra": 1}]},
    {"v": 1, "type": "identify", "id": 1, "identities": "x"},
    {"v": 1, "type": "identify", "id": 1, "identities": [IDENTITY] * (MAX_IDENTITIES + 1)},
    {"v": 1, "type": "identify", "id": 1},
    {"v": 1, "type": ["get_state"], "id": 1},
    {"v": 1, "type": "set_mode", "id": 1, "mode": ""},
]


# valid, but not what plain reading vouches for (an odd spelling): the model reads them
LEFT_TO_MODEL: list[dict[str, Any]] = [
    {"v": True, "type": "get_state", "id": 1},
    {"v": 1.0, "type": "outcome", "id": 1, "check_id": 2, "outcome": "cancelled"},
]


def _fields(message: Any) -> dict[str, Any]:
    """A message's values as plain data, read off either kind of message object."""
    def plain(value: Any) -> Any:
        if isinstance(value, list):
            return [plain(item) for item in value]
        if isinstance(value, dict):
            return value
        if hasattr(value, "_asdict"):
            return {k: plain(v) for k, v in value._asdict().items()}
        if hasattr(value, "model_dump"):
            return value.model_dump()
        if hasattr(value, "__slots__"):
            return {k: plain(getattr(value, k)) for k in value.__slots__}
        return value

    names = {"id", "type", "check_id", "outcome", "browser", "policy", "extension_version",
             "identities"}
    return {name: plain(getattr(message, name)) for name in names if hasattr(message, name)}


def _identity_values(identity: dict[str, Any]) -> tuple[Any, ...]:
    return (identity["site"], identity.get("handle"), identity.get("kind", "unknown"),
            identity.get("display_name"))


@pytest.mark.parametrize("data", VALID, ids=lambda d: f"{d['type']}-{d['id']}")
def test_what_plain_reading_accepts_the_model_reads_the_same(data: dict[str, Any]) -> None:
    plain = plain_message(copy.deepcopy(data))
    assert plain is not None, "a plain message of every kind read by hand"
    model = parse_incoming(copy.deepcopy(data))
    assert plain.type == model.type == data["type"]
    ours, theirs = _fields(plain), _fields(model)
    if "identities" in ours:
        assert [_identity_values(i) for i in ours.pop("identities")] == [
            _identity_values(i) for i in theirs.pop("identities")]
    if data["type"] == "check":
        assert (plain.site, plain.action, plain.draft.text) == (
            model.site, model.action, model.draft.text)
    assert {k: v for k, v in ours.items() if k in theirs} == theirs


@pytest.mark.parametrize("data", REFUSED_BY_MODEL)
def test_what_the_model_refuses_plain_reading_leaves_to_it(data: dict[str, Any]) -> None:
    assert plain_message(copy.deepcopy(data)) is None
    with pytest.raises(ProtocolError):
        parse_incoming(copy.deepcopy(data))


def test_every_valid_message_with_one_field_dropped_or_retyped_is_never_misread() -> None:
    # mutations of the valid corpus: plain reading either reads what the model reads, or
    # leaves the message to the model
    odd_values: list[Any] = [None, True, 0, 1.5, "", "x", [], {}, [None], {"a": 1}]
    for data in VALID:
        for key in data:
            variants = [{k: v for k, v in data.items() if k != key}]
            variants += [{**data, key: value} for value in odd_values]
            for variant in variants:
                plain = plain_message(copy.deepcopy(variant))
                if plain is None:
                    continue
                model = parse_incoming(copy.deepcopy(variant))  # raises: a misread
                assert plain.type == model.type
                assert plain.id == model.id


@pytest.mark.parametrize("data", LEFT_TO_MODEL)
def test_an_odd_but_valid_spelling_takes_the_models_path(data: dict[str, Any]) -> None:
    assert plain_message(copy.deepcopy(data)) is None
    assert parse_incoming(copy.deepcopy(data)).type == data["type"]
