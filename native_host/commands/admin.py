"""`persona-guard admin keygen|sign|verify|serve`: publishing signed org profiles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from native_host.decision import clock
from native_host.errors import InputError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    keygen = sub.add_parser("keygen", help="make a signing key pair")
    keygen.add_argument("--out", required=True, metavar="FILE",
                        help="the private key file (mode 0600); the public key goes to FILE.pub")
    keygen.add_argument("--force", action="store_true", help="replace an existing key")

    sign = sub.add_parser("sign", help="sign a profile into a bundle")
    sign.add_argument("profile", metavar="PROFILE", help="the profile JSON file")
    sign.add_argument("--key", required=True, metavar="FILE", help="the private key file")
    sign.add_argument("--out", required=True, metavar="BUNDLE", help="the bundle file to write")
    sign.add_argument("--expires", metavar="DATE",
                      help="refuse the bundle after this date (2027-06-30 = midnight UTC, or "
                      "an ISO time with offset)")

    verify = sub.add_parser("verify", help="check a bundle; exit 0 when valid, 1 when not")
    verify.add_argument("bundle", metavar="BUNDLE", help="the bundle file")
    verify.add_argument("--pubkey", action="append", required=True, metavar="KEY",
                        help="a trusted public key ('ed25519:...') or .pub file; repeat it "
                        "while two keys are trusted")

    serve = sub.add_parser("serve", help="serve a folder of bundles over HTTP")
    serve.add_argument("dir", metavar="DIR", help="the folder holding the bundles")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on "
                       "(default 127.0.0.1; 0.0.0.0 for every interface)")
    serve.add_argument("--port", type=int, default=8787, help="port (default 8787)")
    serve.add_argument("--cache-control", metavar="VALUE", default=None,
                       help="the Cache-Control header for bundles")
    serve.add_argument("--no-access-log", action="store_true", help="do not log each request")
    serve.add_argument("--header-timeout", type=float, default=10.0, metavar="SECONDS",
                       help="close a connection whose request head takes longer (default 10)")
    serve.add_argument("--idle-timeout", type=float, default=15.0, metavar="SECONDS",
                       help="close an idle keep-alive connection after this (default 15)")
    serve.add_argument("--max-connections", type=int, default=512, metavar="N",
                       help="answer 503 to connections beyond N open ones (default 512)")


def run(args: argparse.Namespace) -> int:
    return {"keygen": _keygen, "sign": _sign, "verify": _verify, "serve": _serve}[args.action](
        args)


def _keygen(args: argparse.Namespace) -> int:
    from native_host.bundles.keys import generate, write_key_pair

    key = generate()
    pub = write_key_pair(key, Path(args.out), force=args.force)
    print(key.public.text)
    print(f"key id {key.public.key_id}: private key in {args.out} (mode 0600, keep it offline), "
          f"public key in {pub}", file=sys.stderr)
    return 0


def _sign(args: argparse.Namespace) -> int:
    from native_host.bundles.format import instant_text, parse_expiry, sign_profile
    from native_host.bundles.keys import read_private_key
    from native_host.store.files import atomic_write

    key = read_private_key(args.key)
    expires = parse_expiry(args.expires) if args.expires else None
    try:
        raw = Path(args.profile).read_bytes()
    except OSError as error:
        raise InputError(args.profile, f"cannot be read ({error.strerror or error})",
                         "check the path and that you may read the file") from None
    bundle = sign_profile(raw, args.profile, key, now=clock.now(), expires=expires)
    atomic_write(Path(args.out), bundle, 0o644)  # served as is by a web server
    from native_host.profiles.format import load_profile_bytes

    profile = load_profile_bytes(raw, args.profile)
    until = f", expires {instant_text(expires)}" if expires else ""
    print(f"signed {profile.id} v{profile.version} with key {key.public.key_id}{until}: "
          f"{args.out}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from native_host.bundles.format import BundleRejected, instant_text, verify_bundle
    from native_host.bundles.keys import read_public_key

    keys = [read_public_key(value) for value in args.pubkey]
    try:
        raw = Path(args.bundle).read_bytes()
    except OSError as error:
        raise InputError(args.bundle, f"cannot be read ({error.strerror or error})",
                         "check the path and that you may read the file") from None
    try:
        verified = verify_bundle(raw, args.bundle, keys, now=clock.now())
    except BundleRejected as error:
        print(f"INVALID ({error.code}): {error}", file=sys.stderr)
        return 1
    bundle = verified.bundle
    until = f"expires {instant_text(bundle.expires)}" if bundle.expires else "no expiry"
    print(f"valid: {bundle.profile_id} v{bundle.version}, signed by key {bundle.key_id} at "
          f"{instant_text(bundle.signed_at)}, {until}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from native_host.bundles.server import DEFAULT_CACHE_CONTROL, Limits, serve

    if not 0 <= args.port <= 65535:
        raise InputError("--port", f"{args.port} is not a port", "use 1 to 65535, e.g. 8787")
    for option, value in (("--header-timeout", args.header_timeout),
                          ("--idle-timeout", args.idle_timeout),
                          ("--max-connections", args.max_connections)):
        if not value > 0:
            raise InputError(option, f"{value} is not a positive number", "use e.g. 10")
    limits = Limits(args.header_timeout, args.idle_timeout, args.max_connections)
    serve(args.dir, args.host, args.port, cache_control=args.cache_control or
          DEFAULT_CACHE_CONTROL, access_log=not args.no_access_log, limits=limits)
    return 0
