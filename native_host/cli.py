"""`persona-guard`: one table of commands; each command's module is imported only when it
runs, so `persona-guard host` starts without loading what other commands need."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import types
from collections.abc import Callable
from pathlib import Path

from native_host import __version__
from native_host.errors import InputError
from native_host.profiles.tuples import NamedTuple

TYPE_CHECKING = False  # typing's, without importing typing (profiles/tuples.py: why)
if TYPE_CHECKING:
    import argparse
    from typing import Any


class Command(NamedTuple):
    name: str
    module: str
    summary: str


COMMANDS: tuple[Command, ...] = (
    Command("check", "native_host.commands.check", "print the verdict for one check request"),
    Command("host", "native_host.commands.host", "run the native messaging host on stdin/stdout"),
    Command("mode", "native_host.commands.mode", "set the mode: a persona, or auto"),
    Command("status", "native_host.commands.status", "show the mode, profiles and sync state"),
    Command("profile", "native_host.commands.profile", "add, list or remove stored profiles"),
    Command("audit", "native_host.commands.audit", "show the audit log"),
    Command("install", "native_host.commands.install", "register the host with browsers"),
    Command("uninstall", "native_host.commands.uninstall", "remove the host's registration"),
    Command("doctor", "native_host.commands.doctor", "diagnose the host's registration"),
    Command("package", "native_host.commands.package", "build the extension zips into dist/"),
    Command("probe", "native_host.commands.probe", "show what the extension detects on a page"),
    Command("demo", "native_host.commands.demo", "run the librarian demo in headless Chromium"),
    Command("admin", "native_host.commands.admin", "keygen, sign, verify and serve org bundles"),
    Command("subscribe", "native_host.commands.subscribe", "follow a signed org profile URL"),
)


def _top_parser() -> argparse.ArgumentParser:
    import argparse

    width = max(len(c.name) for c in COMMANDS)
    listing = "\n".join(f"  {c.name:<{width}}  {c.summary}" for c in COMMANDS)
    parser = argparse.ArgumentParser(
        prog="persona-guard",
        description="Persona Guard: post from the identity you mean to.",
        epilog=f"commands:\n{listing}\n\n'persona-guard COMMAND --help' shows a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"persona-guard {__version__}")
    parser.add_argument("command", choices=[c.name for c in COMMANDS], metavar="COMMAND")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    name, rest = (argv[0], argv[1:]) if argv else ("", [])
    command = next((c for c in COMMANDS if c.name == name), None)
    if command is None:  # built only here: a parser costs a command's start milliseconds
        # --help/--version (or nothing: the help), else "invalid choice" with the list
        _top_parser().parse_args(argv if name.startswith("-") else [name] if name else ["--help"])
        return 2  # parse_args has exited
    module = importlib.import_module(command.module)
    args = _plain_args(module, rest)
    if args is None:
        import argparse

        parser = argparse.ArgumentParser(prog=f"persona-guard {name}",
                                         description=command.summary)
        module.add_arguments(parser)
        args = parser.parse_args(rest)
    return run_command(name, lambda: module.run(args))


def _plain_args(module: Any, rest: list[str]) -> Any:
    """A command's most used forms read without argparse, which would cost `mode` a third
    of its time: a command may offer `plain_args(rest)`, giving its arguments' values for
    a form it reads alone, or None for anything else (an option, --help), which argparse
    reads as usual."""
    read = getattr(module, "plain_args", None)
    values = None if read is None else read(rest)
    return None if values is None else types.SimpleNamespace(**values)


def run_command(name: str, run: Callable[[], int | None]) -> int:
    """Run one command and map what it raises to what a person sees: bad input (exit 2)
    as `persona-guard NAME: what is wrong` and a `fix:` line; a closed pipe (`| head`)
    quietly; anything unexpected as one line naming the log that holds the traceback
    (exit 1). Never a traceback on the terminal."""
    try:
        code = int(run() or 0)
        sys.stdout.flush()  # a closed pipe shows here, inside the net
        return code
    except InputError as error:
        print(f"persona-guard {name}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        _silence_stdout()
        return 141  # 128 + SIGPIPE, as a shell reports a command whose reader went away
    except KeyboardInterrupt:
        return 130
    except Exception:
        log = _log_traceback(name)
        kind = sys.exc_info()[0].__name__  # type: ignore[union-attr]
        print(f"persona-guard {name}: unexpected error ({kind}); the traceback is in {log}; "
              "please report it with that file", file=sys.stderr)
        return 1


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's own flush at exit finds no
    closed pipe to complain about."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def _log_traceback(name: str) -> str:
    """Write the current exception's traceback to logs/cli.log in the data folder (or the
    temporary folder when that cannot be written); returns the file's path."""
    import tempfile
    import traceback

    from native_host.paths import data_dir, logs_dir

    text = f"persona-guard {name} (pid {os.getpid()}):\n{traceback.format_exc()}\n"
    candidates: list[Path] = []
    with contextlib.suppress(Exception):
        candidates.append(logs_dir(data_dir()) / "cli.log")
    user = getattr(os, "getuid", lambda: "user")()
    candidates.append(Path(tempfile.gettempdir()) / f"persona-guard-cli-{user}.log")
    for path in candidates:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)  # private
            with os.fdopen(fd, "a", encoding="utf-8") as file:
                file.write(text)
            return str(path)
        except OSError:
            continue
    return "(no writable log: " + ", ".join(map(str, candidates)) + ")"


if __name__ == "__main__":
    sys.exit(main())
