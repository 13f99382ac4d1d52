"""The Windows registry behind a three-method interface, so the installer, doctor and
heal run the same code against the real registry and against a dict in tests."""

from __future__ import annotations

from typing import Any, Literal, Protocol

Hive = Literal["HKCU", "HKLM"]


class Registry(Protocol):
    def get_default(self, hive: Hive, key: str) -> str | None:
        """The key's default value, or None when the key or the value is missing."""

    def set_default(self, hive: Hive, key: str, value: str) -> None:
        """Create the key (and its parents) and set its default value."""

    def delete_key(self, hive: Hive, key: str) -> bool:
        """Delete the key; False when it was not there."""


class FakeRegistry:
    """An in-memory registry: keys compare case-insensitively, as Windows does."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def get_default(self, hive: Hive, key: str) -> str | None:
        return self.values.get((hive, key.lower()))

    def set_default(self, hive: Hive, key: str, value: str) -> None:
        self.values[(hive, key.lower())] = value

    def delete_key(self, hive: Hive, key: str) -> bool:
        return self.values.pop((hive, key.lower()), None) is not None


class WindowsRegistry:
    """The real registry. Keys are written in the 64-bit view, where 64-bit browsers
    look first; 32-bit Chrome also reads it."""

    def __init__(self) -> None:
        import winreg  # only on Windows

        # Any: the stubs define winreg's names only when checking for Windows
        self._winreg: Any = winreg
        self._hives = {"HKCU": self._winreg.HKEY_CURRENT_USER,
                       "HKLM": self._winreg.HKEY_LOCAL_MACHINE}
        self._view = getattr(winreg, "KEY_WOW64_64KEY", 0)

    def get_default(self, hive: Hive, key: str) -> str | None:
        winreg = self._winreg
        try:
            with winreg.OpenKey(self._hives[hive], key, 0,
                                winreg.KEY_READ | self._view) as handle:
                value, _kind = winreg.QueryValueEx(handle, "")
        except OSError:
            return None
        return str(value)

    def set_default(self, hive: Hive, key: str, value: str) -> None:
        winreg = self._winreg
        with winreg.CreateKeyEx(self._hives[hive], key, 0,
                                winreg.KEY_WRITE | self._view) as handle:
            winreg.SetValueEx(handle, "", 0, winreg.REG_SZ, value)

    def delete_key(self, hive: Hive, key: str) -> bool:
        winreg = self._winreg
        try:
            winreg.DeleteKeyEx(self._hives[hive], key, self._view, 0)
        except FileNotFoundError:
            return False
        return True
