"""One error type for bad input: it names the input, the place inside it, what is wrong
and how to fix it, so the CLI and the host can show it as is, never as a traceback."""

from __future__ import annotations


class InputError(Exception):
    """Bad input from a person or a file. `source` is a file name (or "request",
    "--now", ...), `path` a JSON path inside it ("" when the whole input is wrong)."""

    # A plain class, not a dataclass: every command and the host's start import this
    # module, and `dataclasses` (with `inspect`) costs them ~10 ms of their start.
    def __init__(self, source: str, problem: str, fix: str = "", path: str = "") -> None:
        self.source, self.problem, self.fix, self.path = source, problem, fix, path

    def _fields(self) -> tuple[str, ...]:
        return (self.source, self.problem, self.fix, self.path)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, InputError)
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value

    def __repr__(self) -> str:
        source, problem, fix, path = self._fields()
        return (f"{type(self).__name__}(source={source!r}, problem={problem!r}, "
                f"fix={fix!r}, path={path!r})")

    def __str__(self) -> str:
        """For a terminal: the fix on a line of its own."""
        return self._text("\n  fix: ")

    def one_line(self) -> str:
        """For a reply or a log line: `source: path: problem; fix: ...`."""
        return self._text("; fix: ")

    def _text(self, before_fix: str) -> str:
        where = f"{self.source}: {self.path}" if self.path else self.source
        text = f"{where}: {self.problem}"
        if self.fix:
            text += f"{before_fix}{self.fix}"
        return text


def json_path(location: tuple[str | int, ...]) -> str:
    """`("personas", "library", "accounts", 0, "site")` -> `personas.library.accounts[0].site`."""
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"
