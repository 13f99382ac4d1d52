"""extension/common/contrast.js, run by node: text on any persona colour keeps WCAG AA
(4.5:1), computed independently here from the WCAG formula."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.conftest import REPO

HELPER = REPO / "extension" / "common" / "contrast.js"
NODE = shutil.which("node")
COLOURS = ["#fdd835", "#ffeb3b", "#ffffff", "#000000", "#5f6368", "#2e7d32", "#0b5cad",
           "#777777", "#808080", "#ff9800", "#00bcd4", "#e91e63", "#fff", "#abc", "not a colour"]

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def readable(colours: list[str]) -> list[dict[str, str]]:
    script = (f"const c = require({json.dumps(str(HELPER))});"
              f"console.log(JSON.stringify({json.dumps(colours)}.map(c.readable)))")
    out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True,
                         timeout=30)
    return json.loads(out.stdout)


def ratio(a: str, b: str) -> float:
    def lum(colour: str) -> float:
        rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted([lum(a), lum(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_yellow_persona_gets_dark_text() -> None:
    [paint] = readable(["#fdd835"])
    assert paint == {"background": "#fdd835", "text": "#1b1b1f"}
    assert ratio("#fdd835", "#ffffff") < 2  # the white text it had was unreadable


@pytest.mark.parametrize("paint", readable(COLOURS), ids=COLOURS)
def test_every_colour_reaches_aa(paint: dict[str, str]) -> None:
    assert ratio(paint["background"], paint["text"]) >= 4.5


def test_colours_that_already_pass_are_kept() -> None:
    kept = readable(["#2e7d32", "#0b5cad", "#ffffff", "#000000"])
    assert [p["background"] for p in kept] == ["#2e7d32", "#0b5cad", "#ffffff", "#000000"]


def test_short_and_bad_colours() -> None:
    short, bad = readable(["#fff", "nonsense"])
    assert short["background"] == "#ffffff" and short["text"] == "#1b1b1f"
    assert bad["background"] == "#5f6368"  # the neutral grey, never a crash
