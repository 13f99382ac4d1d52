"""`persona-guard subscribe URL --pubkey KEY`: follow a signed org profile without managed
policy. The bundle is fetched and verified at once, so a wrong URL or key is caught here
rather than in a browser later; running hosts follow the subscription from then on."""

from __future__ import annotations

import argparse
import asyncio
import sys

from native_host.errors import InputError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", nargs="?", metavar="URL", help="the bundle's http(s) address")
    parser.add_argument("--pubkey", metavar="KEY",
                        help="the publisher's public key ('ed25519:...') or its .pub file")
    parser.add_argument("--list", action="store_true", help="list your subscriptions")
    parser.add_argument("--remove", metavar="URL", help="stop following URL (and drop its "
                        "profile)")


def run(args: argparse.Namespace) -> int:
    from native_host.bundles.sink import BundleStore
    from native_host.store.store import Store

    bundles = BundleStore(Store())
    if args.list:
        return _list(bundles)
    if args.remove:
        if not bundles.unsubscribe(args.remove):
            known = ", ".join(url for url, _ in bundles.subscriptions()) or "none"
            raise InputError("--remove", f"you are not subscribed to {args.remove}",
                             f"use one of: {known}")
        print(f"unsubscribed from {args.remove}")
        return 0
    if not args.url or not args.pubkey:
        raise InputError("subscribe", "needs a URL and --pubkey",
                         "run: persona-guard subscribe https://.../org.bundle.json --pubkey "
                         "ed25519:... (ask your admin for both)")
    return asyncio.run(_subscribe(bundles, args.url, args.pubkey))


async def _subscribe(bundles: object, url: str, pubkey: str) -> int:
    from native_host.bundles.keys import read_public_key
    from native_host.bundles.sink import BundleStore
    from native_host.bundles.sources import PERSONAL, Source, SyncConfig, check_url
    from native_host.bundles.syncer import Syncer

    assert isinstance(bundles, BundleStore)
    check_url(url, "URL")
    key = read_public_key(pubkey).text
    syncer = Syncer(bundles)
    syncer.configure(SyncConfig((Source(url, (key,), PERSONAL),)))
    try:
        (status,) = await syncer.sync_now()
    finally:
        await syncer.stop()
    if status.state == "failed":
        print(f"persona-guard subscribe: not subscribed: {status.error}", file=sys.stderr)
        return 1
    bundles.subscribe(url, key)
    print(f"subscribed to {url}: profile {status.profile_id} v{status.version} is in force; "
          "running browsers follow it from now on")
    return 0


def _list(bundles: object) -> int:
    from native_host.bundles.sink import BundleStore

    assert isinstance(bundles, BundleStore)
    subscriptions = bundles.subscriptions()
    if not subscriptions:
        print("no subscriptions (org bundles from managed policy show in `persona-guard status`)")
    for url, _key in subscriptions:
        installed = bundles.installed(url)
        what = f"{installed.profile_id} v{installed.version}" if installed else "not installed"
        print(f"{url}  {what}")
    return 0
