"""``candle person ACTION WORKSPACE ID ...``: one person's data rights.

``export`` writes everything the kit holds about one person into a folder
(:mod:`kit.rights.export`): an administrator's tool, whoever runs it has the workspace
folder, so it answers a subject access request for anyone (on a hub, a practitioner
downloads their own from My learning). ``erase`` deletes everything the workspace holds
about one person and destroys their data key (:mod:`kit.rights.erase`), in two steps: it
prints what will go and asks for the id again, unless ``--yes``. Each action is one
``_add_<action>`` function below, registered under the ``person`` command; when to use
them: docs/data-protection.md.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from kit.commands import add_workspace_argument, count

ERASE_DESCRIPTION = """\
Erase everything WORKSPACE holds about person ID: destroy their data key (so every copy of
their records, backups included, can no longer be opened), delete their record files (with
a lead's review notes about them), drafts, reviews, reflections held for research release
and their entry in kit.yaml, rebuild the tables, and keep an erasure record with only their
id, the date, who erased and the reason code. Research packages made later list them as
withdrawn. Without --yes it says what will go and asks for the id again.

Reason codes: {reasons}.
"""


def _add_id_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("person_id", metavar="ID", help="the person's id, e.g. p07")


def erase(args: argparse.Namespace) -> int:
    """Say what goes, ask for the id again (unless --yes), erase, say what went."""
    from kit.errors import WorkspaceError
    from kit.model.erasure import Erasure
    from kit.model.ids import is_person_id
    from kit.rights.erase import erase_person, plan_erasure
    from kit.store.workspace import Workspace

    workspace = Workspace.open(args.workspace)
    erased_by = args.by or getpass.getuser()
    if not is_person_id(erased_by):
        raise WorkspaceError(f"'{erased_by}' is not an id the erasure record can name as who erased.",
                             "Give one with --by ID (lower-case letters, digits, '_', '.' or '-').")
    Erasure.new(args.person_id, erased_by, args.reason)  # a bad reason or id stops here
    plan = plan_erasure(workspace, args.person_id)
    if plan.anything and not args.yes:
        print(plan.summary(workspace.root))
        print(f"This cannot be undone. Type the id ({args.person_id}) again to erase, "
              "anything else to stop: ", end="", flush=True)
        answer = sys.stdin.readline().strip()
        if answer != args.person_id:
            print("Nothing was erased.")
            return 1
    report = erase_person(workspace, args.person_id, erased_by=erased_by, reason_code=args.reason)
    print(report.summary(workspace.root))
    return 0


def _add_erase(actions: argparse._SubParsersAction) -> None:
    from kit.model.erasure import ERASURE_REASONS

    parser = actions.add_parser(
        "erase", help="erase everything held about one person (destroys their data key)",
        description=ERASE_DESCRIPTION.format(reasons=", ".join(
            f"{code} ({meaning})" for code, meaning in ERASURE_REASONS.items())),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_workspace_argument(parser)
    _add_id_argument(parser)
    parser.add_argument("--reason", required=True, choices=list(ERASURE_REASONS), metavar="CODE",
                        help="why: " + ", ".join(ERASURE_REASONS))
    parser.add_argument("--by", metavar="ID", default=None,
                        help="who erases, as an id (default: your login name)")
    parser.add_argument("--yes", action="store_true",
                        help="erase without asking for the id again (for scripts)")
    parser.set_defaults(handler=erase)


def export(args: argparse.Namespace) -> int:
    """Write the person's download and say what is in it."""
    from kit.rights.export import export_person
    from kit.store.workspace import Workspace

    ws = Workspace.open(args.workspace)
    made = export_person(ws, args.id, args.out)
    counts = made.counts
    print(f"Everything workspace {ws.settings.name} holds about {args.id} is in {made.folder}: "
          f"{count(counts['record_versions'], 'record version')}, "
          f"{count(counts['reviews'], 'review')}, {count(counts['drafts'], 'draft')}, "
          f"{count(counts['audit_lines'], 'audit line')}, "
          f"{count(counts['research_packages'], 'research package')} that included their reflections.")
    print(f"Open {made.folder / 'index.html'} to read it; hand over the whole folder.")
    return 0



def _add_export(actions: argparse._SubParsersAction) -> None:
    exported = actions.add_parser(
        "export", help="everything the kit holds about one person, in a folder",
        description="Write into DIR (new or empty, outside the workspace) every record the person "
                    "wrote or that is about them, in every version with edit and withdrawal "
                    "reasons (JSON and CSV, with the data dictionary), the reviews and review "
                    "notes about them, their research consent history and the research packages "
                    "that included their reflections (by date), the audit lines that name them, "
                    "their drafts, and index.html, a readable and printable portfolio.")
    add_workspace_argument(exported)
    exported.add_argument("id", metavar="ID", help="the person's id, e.g. p07")
    exported.add_argument("--out", required=True, type=Path, metavar="DIR",
                          help="the folder to write (new or empty, outside the workspace)")
    exported.set_defaults(handler=export)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``person`` command and its actions."""
    parser = subparsers.add_parser(
        "person", help="a person's data rights: their whole record in one folder, or erase it",
        description="Answer a person's data-protection request (docs/data-protection.md): "
                    "`export` writes everything the kit holds about them into a folder; "
                    "`erase` erases everything held about them.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    _add_export(actions)
    _add_erase(actions)
