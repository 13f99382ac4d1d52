"""`NamedTuple`, the class syntax of `typing.NamedTuple`, without importing `typing`: that
import alone costs each start about 3 ms, a tenth of the bare interpreter's (the host's
`ready` and `persona-guard mode` import nothing else from it). Type checkers see
`typing.NamedTuple` itself; at run time the class is a `collections.namedtuple` with the
body's defaults, methods and docstring, so it behaves as typing's does.

    class Window(NamedTuple):
        start: str
        days: tuple[str, ...] = ()

tests/unit/test_tuples.py holds it to typing's: fields, defaults, `_replace`, equality,
pickling.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without the import; type checkers read it
if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    import collections

    class _NamedTupleMeta(type):
        def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, object]):
            if not bases:  # NamedTuple itself
                return super().__new__(mcs, name, bases, namespace)
            annotations = namespace.get("__annotations__")
            if annotations is None and callable(namespace.get("__annotate__")):
                annotations = namespace["__annotate__"](1)  # Python 3.14: computed lazily
            fields = list(annotations or {})
            defaults = [namespace[field] for field in fields if field in namespace]
            if any(field not in namespace for field in fields[len(fields) - len(defaults):]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            base = collections.namedtuple(name, fields, defaults=defaults,
                                          module=str(namespace.get("__module__")))
            body = {key: value for key, value in namespace.items()
                    if key not in fields and key not in ("__dict__", "__weakref__")}
            body["__slots__"] = ()
            cls = type(name, (base,), body)
            cls.__qualname__ = str(namespace.get("__qualname__", name))
            return cls

    class NamedTuple(metaclass=_NamedTupleMeta):
        """Subclass it with annotated fields, as typing.NamedTuple."""
