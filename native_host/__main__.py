"""`python -m native_host`: the native messaging host (what browsers launch)."""

from native_host.host.host import main

raise SystemExit(main())
