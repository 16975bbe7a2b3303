"""``candle migrate WORKSPACE``: encrypt a workspace whose records were written plain.

Records written before the kit encrypted them stay readable as they are; this seals each
one in place with its practitioner's data key (:mod:`kit.store.encrypt`): the sealed file
is flushed to disk before it replaces the plain one, so a run that is stopped leaves every
record whole, and running it again seals the rest.
"""

from __future__ import annotations

import argparse

from kit.commands import add_workspace_argument, count

DESCRIPTION = """\
Encrypt the records of WORKSPACE that are stored plain (written before the kit encrypted
them): each one's free text and identifying fields are sealed with its practitioner's own
data key, made in the key folder (kit.yaml's key_folder, default private/keys) if they have
none. Each sealed file is written and flushed to disk before it replaces the plain one, so
stopping it part way loses nothing; run it again to seal the rest. Untrusted files go to
quarantine first, as `candle check` does. Afterwards back up the key folder (apart from the
records), and replace the backups made before: they hold the records plain.
"""


def run(args: argparse.Namespace) -> int:
    """Seal every plain record; say what was done and what to do next."""
    from kit.store.encrypt import encrypt_plain_records
    from kit.store.workspace import Workspace

    workspace = Workspace.open(args.workspace)
    report = encrypt_plain_records(workspace.store)
    made = report.keys_after - report.keys_before
    print(f"{count(len(report.sealed), 'record file')} encrypted in {workspace.root} "
          f"({report.already_sealed} encrypted before; {count(made, 'data key')} made in "
          f"{workspace.key_folder}).")
    if report.quarantined:
        print(f"{count(len(report.quarantined), 'untrusted file')} moved to quarantine first "
              "(`candle check` lists them).")
    if report.sealed:
        print("Next: back up the key folder, apart from the records and for a shorter time, and "
              "replace the record backups made before now: they hold the records plain.")
    return 1 if report.quarantined else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``migrate`` command."""
    parser = subparsers.add_parser(
        "migrate", help="encrypt the records of a workspace written before encryption",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_workspace_argument(parser)
    parser.set_defaults(handler=run)
