"""``candle person ACTION WORKSPACE ID ...``: one person's data rights.

``erase`` deletes everything the workspace holds about one person and destroys their data
key (:mod:`kit.rights.erase`), in two steps: it prints what will go and asks for the id
again, unless ``--yes``. Each action is one ``_add_<action>`` function below, registered
under the ``person`` command.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kit.commands import add_workspace_argument

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


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``person`` command and its actions."""
    parser = subparsers.add_parser(
        "person", help="one person's data rights: erase everything held about them",
        description="One person's data rights in a workspace.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    _add_erase(actions)
