"""The ``edu-app trust`` sub-commands: the publisher keys whose signed packs show as verified
(docs/lesson-packs.md, "Signatures and trust"). The list lives in the data dir."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from edu_app.cli.errors import CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``trust`` command group."""
    parser = subparsers.add_parser("trust", help="manage the publisher keys you trust", description=__doc__)
    commands = parser.add_subparsers(dest="trust_command", metavar="TRUST_COMMAND", required=True)

    add = commands.add_parser("add", help="trust a publisher key (a publisher.pub file, or the key of a signed pack)")
    add.add_argument("source", type=Path, metavar="KEY_OR_PACK", help="publisher.pub, or a signed pack .zip/folder")
    add.add_argument("--name", help="the name to show for this publisher (default: the name in the key or pack)")
    add.set_defaults(func=_add)

    listing = commands.add_parser("list", help="list the trusted keys")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(func=_list)

    remove = commands.add_parser("remove", help="stop trusting a key")
    remove.add_argument("key", metavar="FINGERPRINT_OR_NAME", help="the publisher's name or its fingerprint (8+ digits)")
    remove.set_defaults(func=_remove)


def _key_from(source: Path) -> tuple[bytes, str]:
    """The public key and publisher name in a ``publisher.pub`` file or a signed pack."""
    from lessons.files import read_pack_files
    from lessons.signing import KeyFileError, SignatureStatus, check_signature, read_public_key_file

    # Anything but a folder or a .zip is read as a key file, so a device or a FIFO is refused
    # by the key reader (regular files only, size capped) instead of being opened.
    if not source.is_dir() and source.suffix != ".zip":
        try:
            return read_public_key_file(source)
        except KeyFileError as error:
            raise CliError(str(error)) from None
    files = read_pack_files(source)
    if files.errors:
        raise CliError(f"{source} cannot be read as a pack: {files.errors[0]}")
    check = check_signature(files.files)
    if check.status is not SignatureStatus.VALID or check.public_key is None:
        raise CliError(f"{source}: {check.reason}; no key was added")
    return check.public_key, check.publisher or ""


def _add(args: argparse.Namespace) -> int:
    from edu_app.trust import TrustError, add_key

    public_key, name = _key_from(args.source)
    try:
        entry = add_key(public_key, args.name or name)
    except TrustError as error:
        raise CliError(f"{error} (use --name)") from None
    print(f"Trusted {entry.name}: key {entry.fingerprint}")
    print("Check this fingerprint with the publisher through a channel you already trust.")
    return 0


def _list(args: argparse.Namespace) -> int:
    from edu_app.trust import TrustError, trusted_keys

    try:
        keys = trusted_keys()
    except TrustError as error:
        raise CliError(str(error), 1) from None
    if args.json:
        rows = [{"name": k.name, "fingerprint": k.fingerprint, "added": k.added} for k in keys]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not keys:
        print("No trusted keys. Built-in packs need none; add a publisher with: edu-app trust add publisher.pub")
    for key in keys:
        print(f"{key.fingerprint}  {key.added}  {key.name}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from edu_app.trust import TrustError, remove_key

    try:
        entry = remove_key(args.key)
    except TrustError as error:
        raise CliError(str(error), 1) from None
    print(f"No longer trusted: {entry.name} (key {entry.fingerprint})")
    return 0
