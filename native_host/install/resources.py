"""Files the package ships beside its code: the extension's source (for `package`,
`probe`, `demo`). In a wheel it is package data, `native_host/_extension/` (setup.py
copies it in); in a source checkout it is `extension/` at the top of the repository."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # native_host/


def extension_source() -> Path:
    """The folder holding the extension's build.py: the checkout's when this runs from
    one (an editable install too), else the copy installed with the package."""
    checkout = PACKAGE.parent / "extension"
    if (checkout / "build.py").is_file() and (PACKAGE.parent / "pyproject.toml").is_file():
        return checkout
    return PACKAGE / "_extension"
