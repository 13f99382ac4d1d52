"""Turning pydantic's validation errors into one clear sentence: the JSON path, what is
wrong and the fix (taken from the field's description when the error has none)."""

from __future__ import annotations

import difflib
import types
import typing
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ValidationError

from native_host.errors import InputError, json_path
from native_host.jsonio import short

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


def input_error(error: ValidationError, source: str, model: type[BaseModel]) -> InputError:
    errors = error.errors(include_url=False)
    first = errors[0]
    loc = _public_loc(tuple(first["loc"]))
    problem, fix = _explain(first, loc, model)
    if len(errors) > 1:
        problem += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return InputError(source, problem, fix, path=json_path(loc))


def input_errors(error: ValidationError, source: str, model: type[BaseModel]) -> list[InputError]:
    """Every problem pydantic found, one InputError each (a form shows each by its field)."""
    found = []
    for item in error.errors(include_url=False):
        loc = _public_loc(tuple(item["loc"]))
        problem, fix = _explain(item, loc, model)
        found.append(InputError(source, problem, fix, path=json_path(loc)))
    return found


def _public_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic adds union and validator tags such as 'function-after[...]': drop them
    return tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in _TAGS)))


_TAGS = {"str", "int", "bool", "dict", "list", "none", "literal"}


def _explain(err: ErrorDetails, loc: tuple[Any, ...], model: type[BaseModel]) -> tuple[str, str]:
    kind, msg = err["type"], err["msg"]
    field = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        near = difflib.get_close_matches(str(field), allowed, n=1)
        fix = f"did you mean '{near[0]}'? " if near else ""
        return f"unknown field '{field}'", fix + "allowed fields: " + ", ".join(allowed)
    if kind == "missing":
        what = _describe(model, loc)
        fix = f"add '{field}'" + (f": {what}" if what else "")
        return f"required field '{field}' is missing", fix
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{short(err.get('input'))} is not allowed here", f"use one of {expected}"
    if kind == "value_error":
        # our validators say "what is wrong; how to fix it"
        problem, _, fix = msg.removeprefix("Value error, ").partition("; ")
        return problem, fix or _describe(model, loc) or "correct the value"
    # only the first letter: the rest may quote a pattern or a value whose case matters
    text = msg.rstrip(".")
    return (f"{text[:1].lower()}{text[1:]} (got {short(err.get('input'))})",
            _describe(model, loc) or "correct the value")


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        else:
            return tp


def _walk(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[Any, Any]:
    """The (type, FieldInfo) at a location inside `model`, or (None, None)."""
    tp: Any = model
    info = None
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            by_alias = {(f.alias or n): f for n, f in tp.model_fields.items()}
            info = by_alias.get(part)
            if info is None:
                return None, None
            tp = info.annotation
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        elif origin is list:
            tp = typing.get_args(tp)[0]
        else:
            return None, None
    return _unwrap(tp), info


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    tp, _ = _walk(model, loc)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or n for n, f in tp.model_fields.items()]
    return []


def _describe(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    _, info = _walk(model, loc)
    return (info.description or "") if info is not None else ""
