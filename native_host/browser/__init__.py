"""Driving a real Chromium with the real extension and host: shared by `persona-guard
probe`, `persona-guard demo` and the end-to-end tests."""
