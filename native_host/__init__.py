"""Persona Guard's native messaging host, decision engine and command line."""

__version__ = "0.1.0"
