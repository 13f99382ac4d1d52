"""native_host.profiles.tuples.NamedTuple behaves as typing.NamedTuple for what the
package's records use: fields in order, defaults, methods, `_replace`, equality, hashing,
unpacking, pickling, and the same refusal of a field without a default after one with."""

from __future__ import annotations

import pickle
import subprocess
import sys
import typing

import pytest

from native_host.profiles.tuples import NamedTuple


class Window(NamedTuple):
    """A doc."""

    persona: str
    start: str = "09:00"
    days: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.persona}@{self.start}"

    @classmethod
    def parse(cls, text: str) -> Window:
        return cls(*text.split("@"))


class TypingWindow(typing.NamedTuple):
    persona: str
    start: str = "09:00"
    days: tuple[str, ...] = ()


def test_fields_defaults_and_values_are_typings():
    ours, theirs = Window("work"), TypingWindow("work")
    assert Window._fields == TypingWindow._fields == ("persona", "start", "days")
    assert Window._field_defaults == TypingWindow._field_defaults
    assert tuple(ours) == tuple(theirs) == ("work", "09:00", ())
    assert ours == theirs  # both are tuples
    assert hash(ours) == hash(theirs)
    assert repr(ours) == "Window(persona='work', start='09:00', days=())"


def test_methods_docstring_and_replace_keep_the_class():
    window = Window.parse("home@18:00")
    assert isinstance(window, Window) and window.label == "home@18:00"
    changed = window._replace(start="19:00")
    assert type(changed) is Window and changed.label == "home@19:00"
    assert Window.__doc__ == "A doc."
    persona, start, days = window
    assert (persona, start, days) == ("home", "18:00", ())
    with pytest.raises(AttributeError):
        window.persona = "x"  # type: ignore[misc]
    assert not hasattr(window, "__dict__")


def test_pickles_as_itself():
    window = Window("work", "08:30", ("mon",))
    assert pickle.loads(pickle.dumps(window)) == window
    assert type(pickle.loads(pickle.dumps(window))) is Window


def test_a_field_without_a_default_after_one_with_is_refused():
    with pytest.raises(TypeError, match="without a default follows"):
        class Bad(NamedTuple):
            first: str = ""
            second: str  # type: ignore[misc]


def test_importing_it_does_not_import_typing():
    code = "import sys, native_host.profiles.tuples; print('typing' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
