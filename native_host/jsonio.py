"""JSON in and out for everything that crosses a boundary (frames, the store's files, the
audit log): strict on the way in, always valid UTF-8 on the way out.

A browser's `JSON.stringify` writes a lone surrogate (`"\\ud800"`) for broken page text,
and Python decodes it into a `str` that UTF-8 cannot encode. Such a string must still be
compared, stored and echoed: `to_utf8` then writes it as its `\\u` escape, which reads
back as the same string. Standard library only: the host's first reply uses it.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring, encode_basestring_ascii

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


class BadJSON(ValueError):
    """The bytes are not one well-formed JSON text the host accepts; the message says
    what is wrong in a phrase ("the key 'id' appears twice")."""


def to_utf8(value: Any, *, indent: int | None = None,
            separators: tuple[str, str] | None = (",", ":")) -> bytes:
    """`value` as UTF-8 JSON, never raising for a string UTF-8 cannot hold."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: escape it (rare, so only then)
        return json.dumps(value, ensure_ascii=True, indent=indent,
                          separators=separators).encode("ascii")


def str_to_utf8(text: str) -> bytes:
    """`to_utf8(text)` for a str, from the C encoders json.dumps itself calls for one, with
    none of its Python layers in between: a reply's id, written at every check."""
    try:
        return encode_basestring(text).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, as in to_utf8
        return encode_basestring_ascii(text).encode("ascii")


def to_text(value: Any, **options: Any) -> str:
    """`value` as JSON text that any terminal encoding can print (see `to_utf8`)."""
    text = json.dumps(value, ensure_ascii=False, **options)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True, **options)
    return text


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise BadJSON(f"the key {short(key)} appears twice")
            seen.add(key)
    return data


_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys)
MAX_DEPTH = 100  # arrays and objects inside each other; a message needs fewer than 10


def _deeper_than(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def from_bytes(raw: bytes | str) -> Any:
    """Decode one JSON text. Raises BadJSON for what is not UTF-8, not JSON, an object
    with a key given twice (which value would count is anyone's guess), nesting deeper
    than MAX_DEPTH levels or an integer of more than 4,300 digits."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        data = _DECODER.decode(text)
    except UnicodeDecodeError as error:
        raise BadJSON(f"byte {error.start} is not UTF-8") from None
    except json.JSONDecodeError as error:
        raise BadJSON(str(error)) from None
    except RecursionError:
        raise BadJSON(f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as error:
        if isinstance(error, BadJSON):
            raise
        # int('1' * 5000): CPython refuses integers of more than 4,300 digits
        raise BadJSON("an integer of more than 4,300 digits") from None
    # fewer brackets than the limit cannot nest deeper: the walk is only for the rest
    brackets = (text.count("[") + text.count("{")) if isinstance(text, str) else 0
    if brackets > MAX_DEPTH and _deeper_than(data, MAX_DEPTH):
        raise BadJSON(f"nested more than {MAX_DEPTH} levels deep")
    return data


def quick_from_bytes() -> Callable[[bytes | str], Any]:
    """`from_bytes`, with a frame read by orjson's compiled parser when it is written the
    very way orjson writes the value it reads (compact, keys in order, the same escapes;
    as a browser writes a frame): such text holds no key twice, since a dict written back
    never repeats one, and is no deeper than its brackets. Any other text, and every
    error, takes `from_bytes` itself, which says what is wrong. Loaded on demand (the
    host's warm-up): the first reply and the CLI do not wait for orjson's import; without
    orjson, it is `from_bytes`."""
    try:
        import orjson
    except ImportError:
        return from_bytes
    loads, dumps, refused = orjson.loads, orjson.dumps, orjson.JSONDecodeError

    def read(raw: bytes | str) -> Any:
        if type(raw) is bytes and raw.count(b"{") + raw.count(b"[") <= MAX_DEPTH:
            try:
                data = loads(raw)
            except refused:  # not JSON, not UTF-8, a lone surrogate, a huge integer
                pass
            else:
                if dumps(data) == raw:
                    return data
        return from_bytes(raw)

    return read


def short(value: Any, limit: int = 60) -> str:
    """A repr short enough for an error message, however long or deep `value` is."""
    import reprlib

    shortener = reprlib.Repr()
    shortener.maxstring = shortener.maxother = limit
    shortener.maxlevel = 3
    try:
        return shortener.repr(value)
    except (RecursionError, ValueError):
        return f"a {type(value).__name__}"
