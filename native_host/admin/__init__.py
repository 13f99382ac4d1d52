"""Org distribution: Ed25519 keys, signed profile bundles and the bundle server."""
