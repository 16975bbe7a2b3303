"""``candle retention WORKSPACE [--apply]``: what the workspace's retention rules say is due to
go, and why; with ``--apply``, make it go and say what was done.

The rules are ``retention:`` in kit.yaml (:class:`kit.store.workspace.Retention`); what each
does: :mod:`kit.rights.retention`; when to run it: docs/data-protection.md.
"""

from __future__ import annotations

import argparse

from kit.commands import add_workspace_argument, count
from kit.rights.retention import RetentionDone, RetentionPlan, apply, plan
from kit.store.workspace import Retention, Workspace


def rules_in_words(rules: Retention) -> str:
    """The three rules in one sentence."""
    def rule(value: int | None, unit: str, what: str) -> str:
        return f"{what} kept for ever" if value is None else f"{what} {count(value, unit)}"

    return "; ".join([rule(rules.licence_ended_years, "year", "records after a licence ends:"),
                      rule(rules.draft_days, "day", "drafts not saved again:"),
                      rule(rules.audit_years, "year", "audit lines:")])


def plan_lines(ws: Workspace, due: RetentionPlan) -> list[str]:
    """What is due, one line each, with why."""
    lines = [f"  {person.person_id}: all their records ({person.reason})" for person in due.people]
    lines += [f"  draft {draft.path.relative_to(ws.root)}: {draft.reason}" for draft in due.drafts]
    if due.audit_lines and due.audit_cutoff:
        lines.append(f"  audit log: {count(due.audit_lines, 'line')} written before "
                     f"{due.audit_cutoff:%d %b %Y}")
    return lines


def done_lines(ws: Workspace, done: RetentionDone) -> list[str]:
    """What :func:`apply` did, one line each."""
    lines = [f"  erased {person_id} (their key destroyed, their records, drafts and reviews deleted)"
             for person_id in done.erased]
    lines += [f"  deleted draft {path.relative_to(ws.root)}" for path in done.drafts_deleted]
    lines += [f"  kept draft {path.relative_to(ws.root)}: saved again since it was listed"
              for path in done.drafts_kept]
    if done.audit_lines_dropped:
        lines.append(f"  removed {count(done.audit_lines_dropped, 'line')} from the audit log")
    return lines


def run(args: argparse.Namespace) -> int:
    """List what is due (and, with --apply, do it)."""
    ws = Workspace.open(args.workspace)
    due = plan(ws)
    print(f"Retention rules of workspace {ws.settings.name} (kit.yaml, retention:): "
          f"{rules_in_words(ws.settings.retention)}.")
    if due.is_empty():
        print(f"Nothing is due on {due.today:%d %b %Y}.")
        return 0
    print(f"Due on {due.today:%d %b %Y}:")
    print("\n".join(plan_lines(ws, due)))
    if not args.apply:
        print("Nothing was changed. Run again with --apply to make these go.")
        return 0
    done = apply(ws, due)
    print("Done:")
    print("\n".join(done_lines(ws, done)) or "  nothing (everything listed had already gone)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``retention`` command."""
    parser = subparsers.add_parser(
        "retention", help="list (or, with --apply, remove) what the retention rules say is due",
        description="List what the workspace's retention rules (retention: in kit.yaml) say is due "
                    "to go, and why: the records of practitioners whose licence ended long enough "
                    "ago, drafts not saved again for long enough, old audit lines. With --apply, "
                    "erase those people (as `candle person erase` does), delete those drafts and "
                    "rewrite the audit log without those lines; nothing else is changed.")
    add_workspace_argument(parser)
    parser.add_argument("--apply", action="store_true", help="make what is listed go")
    parser.set_defaults(handler=run)
