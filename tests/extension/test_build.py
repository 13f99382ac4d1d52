"""What extension/build.py assembles: the host's name from the one place the installer
takes it too, each site's hosts from its own `matches`, and one `t()`/`el()` that every
page loads before the scripts that use it."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from native_host.identifiers import HOST_NAME

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extension_build", EXTENSION / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build_module()


@pytest.mark.parametrize("family", ["chromium", "firefox"])
def test_the_background_names_the_host_the_installer_registers(family, tmp_path):
    out = build.build(family, tmp_path / family)
    line = re.search(r'^const HOST_NAME = "([^"]*)";$',
                     (out / "background" / "host.js").read_text("utf-8"), re.MULTILINE)
    assert line and line.group(1) == HOST_NAME


def test_the_host_name_is_written_over_whatever_the_source_says(tmp_path, monkeypatch):
    copy = tmp_path / "host.js"
    copy.write_text('// the host\nconst HOST_NAME = "org.example.old";\nconnect();\n', "utf-8")
    monkeypatch.setattr(build, "HOST_NAME", "org.example.renamed")
    build.write_host_name(copy)
    assert copy.read_text("utf-8") == ('// the host\nconst HOST_NAME = "org.example.renamed";\n'
                                       'connect();\n')
    copy.write_text("connect();\n", "utf-8")
    with pytest.raises(SystemExit, match="no 'const HOST_NAME"):
        build.write_host_name(copy)


@pytest.mark.parametrize("family", ["chromium", "firefox"])
def test_a_packaged_build_has_no_bench_code_and_a_bench_build_loads_it(family, tmp_path):
    """The bench's counters and its echo host's port are never shipped; `--bench` loads
    the background's after background/main.js, whose names it uses."""
    shipped = build.build(family, tmp_path / "shipped")
    assert not (shipped / build.BENCH).exists()
    assert not (shipped / build.BACKGROUND_BENCH).exists()
    assert "bench" not in (shipped / "manifest.json").read_text("utf-8")
    bench = build.build(family, tmp_path / "bench", bench=True)
    data = json.loads((bench / "manifest.json").read_text("utf-8"))
    content = data["content_scripts"][0]["js"]
    assert content.index(build.BENCH) == content.index("content/main.js") - 1
    if family == "chromium":
        worker = (bench / "background" / "worker.js").read_text("utf-8")
        assert worker.index("/background/main.js") < worker.index(f"/{build.BACKGROUND_BENCH}")
        assert "bench" not in (shipped / "background" / "worker.js").read_text("utf-8")
    else:
        assert data["background"]["scripts"][-2:] == ["background/main.js",
                                                      build.BACKGROUND_BENCH]


def _registered_hosts() -> dict[str, list[str]]:
    """Each site entry's hosts as sites/registry.js derives them, run in node."""
    files = [EXTENSION / "sites" / "registry.js", *build.site_files()]
    script = ("globalThis.document = undefined; globalThis.location = {hostname: ''};\n"
              + "".join(f"require({json.dumps(str(f))});\n" for f in files)
              + "console.log(JSON.stringify(Object.fromEntries(globalThis.PersonaGuardSites"
                ".all().map((e) => [e.id, e.hosts]))));")
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60,
                         check=True)
    return json.loads(out.stdout)


def test_each_site_serves_the_hosts_of_its_matches_and_the_manifest_injects_there():
    hosts = _registered_hosts()
    manifest = build.manifest("chromium")
    injected = set(manifest["content_scripts"][0]["matches"])
    for path in build.site_files():
        matches = build.site_matches(path)
        site = path.stem
        assert hosts[site] == list(dict.fromkeys(
            re.match(r"^https://(?:\*\.)?([^/]+)/", m).group(1) for m in matches)), site
        assert set(matches) <= injected and set(matches) <= set(manifest["host_permissions"])
    assert injected == {m for p in build.site_files() for m in build.site_matches(p)}


def test_a_site_file_that_lists_hosts_of_its_own_is_refused(tmp_path):
    site = tmp_path / "example.js"
    site.write_text('PersonaGuardSites.register({\n  id: "example",\n'
                    '  matches: ["https://example.social/*"],\n  hosts: ["example.social"],\n});\n',
                    "utf-8")
    with pytest.raises(SystemExit, match="remove the 'hosts' line"):
        build.site_matches(site)


_LOCAL_HELPER = re.compile(r"\bfunction (?:el|t)\s*\(|\b(?:const|let|var) (?:el|t)\s*=\s*\(")


def test_one_t_and_one_el_for_the_whole_extension():
    copies = [str(p.relative_to(EXTENSION)) for p in EXTENSION.rglob("*.js")
              if p != EXTENSION / "common" / "ui.js" and _LOCAL_HELPER.search(p.read_text("utf-8"))]
    assert copies == []


def test_every_page_loads_the_shared_helpers_before_the_scripts_that_use_them():
    users = {p.name for p in EXTENSION.rglob("*.js")
             if re.search(r"PersonaGuardUI|FrameLink", p.read_text("utf-8"))
             and p.parent.name not in ("common", "background", "content")}
    pages = list(EXTENSION.rglob("*.html"))
    loaded_by_a_page = set()
    for page in pages:
        scripts = re.findall(r'<script src="([^"]+)"', page.read_text("utf-8"))
        names = [Path(s).name for s in scripts]
        using = [n for n in names if n in users]
        loaded_by_a_page.update(using)
        if using:
            assert "ui.js" in names, f"{page.name} uses t()/el() without common/ui.js"
            assert names.index("ui.js") < min(names.index(n) for n in using), page.name
            for script in scripts:  # a framed page's scripts must be loadable in the frame
                if page.parent.name == "frames":
                    resolved = (page.parent / script).resolve().relative_to(EXTENSION)
                    assert str(resolved) in build.FRAMED, f"{resolved} is not in FRAMED"
    assert users <= loaded_by_a_page, f"scripts no page loads: {users - loaded_by_a_page}"
