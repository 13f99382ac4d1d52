"""`persona-guard package`: build the extension for each browser family with
extension/build.py and zip it into dist/persona-guard-<family>.zip. The zips are
reproducible: sorted entries, fixed timestamps and modes."""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
import zipfile
from pathlib import Path
from types import ModuleType

from native_host.commands._out import output_folder
from native_host.errors import InputError
from native_host.install.resources import extension_source

SOURCE = extension_source()
FAMILIES = ("chromium", "firefox")
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=SOURCE, metavar="DIR",
                        help="the extension source folder; default: the one that came with the "
                        "package")
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help="where the zips go; default: dist/ of the checkout, or ./dist")
    parser.add_argument("--family", choices=(*FAMILIES, "all"), default="all",
                        help="chromium, firefox or all (default)")
    parser.add_argument("--store", action="store_true",
                        help="zips for the stores: Chromium without the \"key\" that pins the "
                        "unpacked ID (the Chrome Web Store refuses it and assigns its own ID; "
                        "allow it with install --extension-id), Firefox with its gecko id")


def run(args: argparse.Namespace) -> int:
    build = _load_build(args.source)
    families = FAMILIES if args.family == "all" else (args.family,)
    checkout = args.source.resolve().parent
    # dist/ of a checkout; ./dist for an installed package (never inside site-packages)
    out = args.out or (checkout / "dist" if (checkout / "pyproject.toml").is_file()
                       else Path.cwd() / "dist")
    for family in families:
        print(package(build, family, out, store=args.store))
    return 0


def package(build: ModuleType, family: str, out: Path, store: bool = False) -> Path:
    target = out / f"persona-guard-{family}{'-store' if store else ''}.zip"
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(build.build(family, Path(scratch) / family))
        if store:
            _for_store(folder)
        output_folder(out)
        partial = target.with_name(f".{target.name}.tmp")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                entry = zipfile.ZipInfo(path.relative_to(folder).as_posix(), FIXED_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, path.read_bytes())
        partial.replace(target)
    return target


def _for_store(folder: Path) -> None:
    """What a store accepts: no `key` (a store signs the package and assigns the ID)."""
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest.pop("key", None)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")


def _load_build(source: Path) -> ModuleType:
    script = source / "build.py"
    if not script.is_file():
        raise InputError("--source", f"'{source}' has no build.py",
                         "run from a source checkout of Persona Guard, or pass "
                         "--source path/to/extension")
    spec = importlib.util.spec_from_file_location("persona_guard_extension_build", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
