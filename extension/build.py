"""Assemble the extension for one browser family: `build.py chromium|firefox --out DIR`.

One manifest source (manifest.base.json) plus what differs per browser: Chromium gets a
service worker and the `key` that pins its ID; Firefox gets background scripts and its
gecko id. The content scripts are every file in sites/ (one per site) followed by the
engine in content/, injected on the union of the sites' `matches` lines, so adding a
site is adding its file. No bundler: files are copied as they are.

Any other https host may be guarded at run time (a Mastodon instance the person uses):
`optional_host_permissions` lets the popup ask for it. `--grant ORIGIN` (tests only) builds
the extension with that host already granted, as a person clicking "Allow" would leave it;
no browser lets a test click its permission prompt.
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

from native_host.identifiers import CHROMIUM_EXTENSION_KEY, GECKO_EXTENSION_ID  # noqa: E402

COPIED = ("background", "content", "sites", "popup", "options", "frames", "welcome", "shared",
          "_locales", "icons")
# Order matters: the registry first, then the site entries, then the engine that reads them.
CONTENT_ENGINE = ("content/adapter.js", "content/frames.js", "content/chip.js",
                  "content/warning.js", "content/guard.js", "content/main.js")
BACKGROUND = ("shared/contrast.js", "shared/install.js", "background/host.js",
              "background/sites.js", "background/frames.js", "background/main.js")
# The chip and the warning are extension pages in frames: the sites may load these (and
# only these), so the page's document never holds their text.
FRAMED = ["frames/chip.html", "frames/chip.js", "frames/chip.css", "frames/warning.html",
          "frames/warning.js", "frames/warning.css", "frames/link.js", "shared/contrast.js"]
_MATCHES = re.compile(r"^\s*matches:\s*(\[[^\]]*\])", re.MULTILINE)


def site_files() -> list[Path]:
    return sorted(p for p in (HERE / "sites").glob("*.js") if p.name != "registry.js")


def site_matches(path: Path) -> list[str]:
    """Each site file declares `matches: [...]` on one line, as JSON-compatible strings."""
    found = _MATCHES.search(path.read_text(encoding="utf-8"))
    if not found:
        raise SystemExit(f"build.py: {path.name} has no 'matches: [...]' line")
    return json.loads(found.group(1))


# What "Guard this site" may ask for: one https origin at a time, never all at once.
OPTIONAL_HOSTS = ["https://*/*"]


def manifest(family: str, grant: tuple[str, ...] = ()) -> dict[str, object]:
    data: dict[str, object] = json.loads((HERE / "manifest.base.json").read_text("utf-8"))
    sites = site_files()
    matches = sorted({m for path in sites for m in site_matches(path)})
    scripts = ["sites/registry.js", *(f"sites/{p.name}" for p in sites), *CONTENT_ENGINE]
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
        data["background"] = {"scripts": list(BACKGROUND)}
        data["browser_specific_settings"] = {
            "gecko": {"id": GECKO_EXTENSION_ID, "strict_min_version": "142.0",
                      "data_collection_permissions": {"required": ["none"]}}
        }
    return data


def build(family: str, out: Path, grant: tuple[str, ...] = ()) -> Path:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in COPIED:
        shutil.copytree(HERE / name, out / name)
    if family == "chromium":
        shutil.copy2(HERE / "managed_schema.json", out / "managed_schema.json")
    else:
        (out / "background" / "worker.js").unlink()  # importScripts shim: Chromium only
    text = json.dumps(manifest(family, grant), indent=2) + "\n"
    (out / "manifest.json").write_text(text, "utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("family", choices=["chromium", "firefox"])
    parser.add_argument("--out", type=Path, required=True, help="folder to (re)create")
    parser.add_argument("--grant", action="append", default=[], metavar="ORIGIN",
                        help="tests only: build with https://ORIGIN's permission already granted")
    args = parser.parse_args(argv)
    for origin in args.grant:
        if not re.fullmatch(r"https://[a-z0-9.-]+(:\d+)?/?", origin):
            parser.error(f"--grant {origin!r}: give an https origin such as https://social.example")
    print(build(args.family, args.out.resolve(), tuple(args.grant)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
