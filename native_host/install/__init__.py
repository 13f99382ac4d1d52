"""Registering the native messaging host with browsers: manifests, launchers, the
browser x OS x scope table, install/uninstall and doctor."""
