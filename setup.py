"""Build hook: the wheel carries the extension's source as package data,
native_host/_extension/, so a plain `pip install` can build, package and install the
extension. Everything else about the package is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithExtension(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads extension/ of the checkout
            return
        target = Path(self.build_lib) / "native_host" / "_extension"
        shutil.copytree(HERE / "extension", target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithExtension})
