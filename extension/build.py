"""Assemble the extension for one browser family: `build.py chromium|firefox --out DIR`.

One manifest source (manifest.base.json) plus what differs per browser: Chromium gets a
service worker and the `key` that pins its ID; Firefox gets background scripts and its
gecko id. The content scripts are every file in sites/ (one per site) followed by the
engine in content/, injected on the union of the sites' `matches` lines, so adding a
site is adding its file (sites/registry.js derives each site's hosts from the same
`matches`). No bundler: files are copied as they are, except that the native host's name
is written into background/host.js from native_host.identifiers.

Any other https host may be guarded at run time (a Mastodon instance the person uses):
`optional_host_permissions` lets the popup ask for it. `--grant ORIGIN` (tests only) builds
the extension with that host already granted, as a person clicking "Allow" would leave it;
no browser lets a test click its permission prompt. `--bench` adds the counters bench/ reads.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # native_host.identifiers, when run from a fresh clone

from native_host.identifiers import (  # noqa: E402
    CHROMIUM_EXTENSION_KEY,
    GECKO_EXTENSION_ID,
    HOST_NAME,
)

COPIED = ("common", "background", "content", "sites", "popup", "options", "frames", "welcome",
          "_locales", "icons")
# Order matters: the registry first, then the site entries, then the engine that reads them.
CONTENT_ENGINE = ("common/ui.js", "content/adapter.js", "content/frames.js", "content/chip.js",
                  "content/warning.js", "content/guard.js", "content/relevance.js",
                  "content/main.js")
BACKGROUND = ("common/ui.js", "common/contrast.js", "common/install.js", "background/host.js",
              "background/sites.js", "background/frames.js", "background/main.js")
BENCH = "content/bench.js"  # counters for bench/ only (--bench), loaded just before main.js
# bench/ only too: the echo host's port, loaded after background/main.js (--bench)
BACKGROUND_BENCH = "background/bench.js"
# The chip and the warning are extension pages in frames: the sites may load these (and
# only these), so the page's document never holds their text.
FRAMED = ["frames/chip.html", "frames/chip.js", "frames/chip.css", "frames/warning.html",
          "frames/warning.js", "frames/warning.css", "frames/link.js", "common/ui.js",
          "common/contrast.js"]
_MATCHES = re.compile(r"^\s*matches:\s*(\[[^\]]*\])", re.MULTILINE)
_HOSTS = re.compile(r"^\s*hosts:", re.MULTILINE)
_HOST_NAME = re.compile(r'^const HOST_NAME = "[^"]*";$', re.MULTILINE)


def site_files() -> list[Path]:
    return sorted(p for p in (HERE / "sites").glob("*.js") if p.name != "registry.js")


def site_matches(path: Path) -> list[str]:
    """Each site file declares `matches: [...]` on one line, as JSON-compatible strings;
    its hosts are those of its matches (sites/registry.js), never a list of their own."""
    text = path.read_text(encoding="utf-8")
    found = _MATCHES.search(text)
    if not found:
        raise SystemExit(f"build.py: {path.name} has no 'matches: [...]' line")
    if _HOSTS.search(text):
        raise SystemExit(f"build.py: {path.name} lists 'hosts:'; a site's hosts are those of "
                         "its 'matches' (sites/registry.js): remove the 'hosts' line")
    return json.loads(found.group(1))


# What "Guard this site" may ask for: one https origin at a time, never all at once.
OPTIONAL_HOSTS = ["https://*/*"]


def manifest(family: str, grant: tuple[str, ...] = (), bench: bool = False) -> dict[str, object]:
    data: dict[str, object] = json.loads((HERE / "manifest.base.json").read_text("utf-8"))
    sites = site_files()
    matches = sorted({m for path in sites for m in site_matches(path)})
    engine = [*CONTENT_ENGINE[:-1], *([BENCH] if bench else []), CONTENT_ENGINE[-1]]
    scripts = ["sites/registry.js", *(f"sites/{p.name}" for p in sites), *engine]
    data["content_scripts"] = [
        {"matches": matches, "js": scripts, "run_at": "document_start", "all_frames": False}
    ]
    data["host_permissions"] = [*matches, *(f"{origin.rstrip('/')}/*" for origin in grant)]
    data["optional_host_permissions"] = OPTIONAL_HOSTS
    # Any https page: "Guard this site" adds sites at run time (use_dynamic_url keeps the
    # frames from telling a page that the extension is there).
    framed: dict[str, object] = {"resources": FRAMED, "matches": OPTIONAL_HOSTS}
    if family == "chromium":
        # A fresh ID per browser session for these URLs: a page cannot probe for the
        # extension by its fixed ID. Firefox has no such key (and warns on it); its
        # moz-extension:// host is already a random UUID per installation.
        framed["use_dynamic_url"] = True
    data["web_accessible_resources"] = [framed]
    if family == "chromium":
        data["key"] = CHROMIUM_EXTENSION_KEY
        data["background"] = {"service_worker": "background/worker.js"}
        data["storage"] = {"managed_schema": "managed_schema.json"}
        data["minimum_chrome_version"] = "111"
    else:
        data["background"] = {"scripts": [*BACKGROUND, *([BACKGROUND_BENCH] if bench else [])]}
        data["browser_specific_settings"] = {
            "gecko": {"id": GECKO_EXTENSION_ID, "strict_min_version": "142.0",
                      "data_collection_permissions": {"required": ["none"]}}
        }
    return data


def build(family: str, out: Path, grant: tuple[str, ...] = (), bench: bool = False) -> Path:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in COPIED:
        shutil.copytree(HERE / name, out / name)
    if family == "chromium":
        shutil.copy2(HERE / "managed_schema.json", out / "managed_schema.json")
    else:
        (out / "background" / "worker.js").unlink()  # importScripts shim: Chromium only
    if not bench:
        (out / BENCH).unlink()
        (out / BACKGROUND_BENCH).unlink()
    elif family == "chromium":
        with (out / "background" / "worker.js").open("a", encoding="utf-8") as worker:
            worker.write(f'importScripts("/{BACKGROUND_BENCH}");\n')
    text = json.dumps(manifest(family, grant, bench), indent=2) + "\n"
    (out / "manifest.json").write_text(text, "utf-8")
    write_host_name(out / "background" / "host.js")
    return out


def write_host_name(path: Path) -> None:
    """The native host's name, from the one place the installer takes it too."""
    text = path.read_text(encoding="utf-8")
    new, count = _HOST_NAME.subn(f"const HOST_NAME = {json.dumps(HOST_NAME)};", text)
    if count != 1:
        raise SystemExit(f"build.py: {path.name} has no 'const HOST_NAME = \"...\";' line")
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("family", choices=["chromium", "firefox"])
    parser.add_argument("--out", type=Path, required=True, help="folder to (re)create")
    parser.add_argument("--grant", action="append", default=[], metavar="ORIGIN",
                        help="tests only: build with https://ORIGIN's permission already granted")
    parser.add_argument("--bench", action="store_true",
                        help="add the counters bench/ reads (content/bench.js); never shipped")
    args = parser.parse_args(argv)
    for origin in args.grant:
        if not re.fullmatch(r"https://[a-z0-9.-]+(:\d+)?/?", origin):
            parser.error(f"--grant {origin!r}: give an https origin such as https://social.example")
    print(build(args.family, args.out.resolve(), tuple(args.grant), args.bench))
    return 0


if __name__ == "__main__":
    sys.exit(main())
