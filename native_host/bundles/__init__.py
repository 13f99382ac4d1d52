"""Signed org profiles on both sides: the bundle format, keys, the server, where
subscriptions come from, the syncer and the sink that installs into the store."""
