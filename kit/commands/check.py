"""``candle check WORKSPACE``: verify the record store.

Reads every record file, sets aside in ``quarantine/`` (with the reason) what
cannot be trusted: unreadable files; symbolic links under ``records/``,
``private/`` and ``drafts/`` (moved as links, never followed); records lying
outside the folder their own fields name; a second file using a record id;
versions of one practitioner's record in another's folder. Sweeps stale temp
files of interrupted writes and lists everything in quarantine. Exits 1 when
anything is quarantined, so scripts can notice.

It also notes (without failing) what is not the store's fault: a workspace folder other users
of the machine may open, or a ``private/`` anyone but its owner may, and that ``kit.yaml``'s
people grant no rights on a hub.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from kit.commands import add_workspace_argument, count
from kit.filemodes import PRIVATE_DIR_MODE, open_to_others
from kit.hub.roles import people_ignored_on_hub
from kit.store.batch import sweep_staging
from kit.store.confine import LINKED_FOLDERS, links_under
from kit.store.integrity import LINK_REASON, link_reason
from kit.store.record_store import STALE_TEMP_SECONDS, Store
from kit.store.workspace import Workspace


@dataclass
class CheckReport:
    """What one check of a store found."""

    readable: int = 0
    newly_quarantined: list[tuple[Path, str]] = field(default_factory=list)
    stuck: list[tuple[Path, str]] = field(default_factory=list)
    swept: list[Path] = field(default_factory=list)
    quarantined: list[tuple[Path, str]] = field(default_factory=list)
    erased: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every record file is readable and nothing is in quarantine."""
        return not self.quarantined and not self.stuck


def check_store(store: Store, temp_age: float = STALE_TEMP_SECONDS) -> CheckReport:
    """Read every record file of ``store``; quarantine untrusted ones and sweep stale temp files.

    Files that cannot be moved (a read-only workspace) are reported as ``stuck``.
    """
    loaded = store.load()
    found = [*loaded.quarantined, *_set_aside_links(store)]
    moved = [(p, r) for p, r in found if p.is_relative_to(store.quarantine_dir)]
    return CheckReport(
        readable=len(loaded.records),
        newly_quarantined=moved,
        stuck=[item for item in found if item not in moved],
        swept=[*store.sweep_temp_files(older_than=temp_age), *sweep_staging(store, temp_age)],
        quarantined=store.quarantined_files(),
        erased=loaded.erased,
    )


def _set_aside_links(store: Store) -> list[tuple[Path, str]]:
    """Quarantine (as links) every link left under records/, private/ and drafts/."""
    moved = []
    for folder in LINKED_FOLDERS:
        for link in list(links_under(store.root / folder)):
            reason = link_reason(link)
            moved.append((store.quarantine(link, reason), reason))
    return moved


def _kind(reason: str) -> str:
    if reason.startswith(LINK_REASON.partition("{")[0]):
        return "symbolic link"
    if reason.startswith("it "):
        return "untrusted record file"
    return "unreadable file"


def format_report(report: CheckReport, root: Path) -> str:
    """The report as lines a person reads."""
    lines = [f"{count(report.readable, 'record file')} read without problems in {root}."]
    for kind in ("unreadable file", "symbolic link", "untrusted record file"):
        moved = [item for item in report.newly_quarantined if _kind(item[1]) == kind]
        if moved:
            lines.append(f"{count(len(moved), kind)} moved to quarantine now.")
    if report.erased:
        owners = sorted({path.parent.name for path in report.erased})
        lines.append(f"{count(len(report.erased), 'record file')} of {', '.join(owners)} cannot be opened: "
                     "their data key is gone (erased, and the files restored from a backup?). They are "
                     "never read; `candle person erase WORKSPACE ID --reason CODE` deletes them.")
    if report.swept:
        lines.append(f"{count(len(report.swept), 'stale temp file')} of interrupted saves removed.")
    if report.stuck:
        lines.append(f"{count(len(report.stuck), _kind(report.stuck[0][1]))} could not be moved to "
                     "quarantine (the workspace cannot be written to); they are skipped when reading:")
        lines.extend(f"  {_relative(path, root)}: {reason}" for path, reason in report.stuck)
    if not report.quarantined:
        lines.append("Nothing is in quarantine.")
        return "\n".join(lines)
    lines.append(f"{count(len(report.quarantined), 'file')} in quarantine (fix or delete them, "
                 "then run check again):")
    for path, reason in report.quarantined:
        lines.append(f"  {_relative(path, root)}: {reason or 'no reason recorded'}")
    return "\n".join(lines)


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def notes(workspace: Workspace) -> list[str]:
    """Lines about the workspace beyond its store: folders open to others, kit.yaml's people."""
    lines = []
    for folder, mode in open_to_others(workspace.root):
        if folder == workspace.root:
            lines.append(f"Warning: other users of this machine can open the workspace folder "
                         f"{folder} (mode {mode:04o}); `chmod o-rwx {folder}` keeps them out.")
        else:
            lines.append(f"Warning: {folder} can be read by others than its owner (mode "
                         f"{mode:04o}); `chmod {PRIVATE_DIR_MODE:o} {folder}` makes it theirs alone.")
    ignored = people_ignored_on_hub(workspace.settings)
    return [*lines, f"Note: {ignored}"] if ignored else lines


def run(args: argparse.Namespace) -> int:
    """Check the workspace's store and print the report (and :func:`notes`); 1 if any file is
    unreadable."""
    workspace = Workspace.open(args.workspace)
    report = check_store(workspace.store, temp_age=args.temp_age)
    print("\n".join([format_report(report, workspace.root), *notes(workspace)]))
    return 0 if report.ok else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``check`` command."""
    parser = subparsers.add_parser(
        "check",
        help="verify the record store and list quarantined files",
        description="Read every record file and move to quarantine/, with the reason, what "
                    "cannot be trusted: unreadable files; symbolic links under records/, private/ "
                    "and drafts/ (moved as links, never followed); records outside the folder "
                    "their own fields name; a second file using a record id; versions or "
                    "withdrawals of another practitioner's record. Remove stale temp files of "
                    "interrupted saves and imports, and list what is in quarantine. Exits 1 if "
                    "anything is in quarantine. Also warns (without failing) when the workspace "
                    "folder is open to other users or private/ to anyone but its owner, and notes "
                    "that kit.yaml's people grant no rights on a hub.",
    )
    add_workspace_argument(parser)
    parser.add_argument("--temp-age", type=float, default=STALE_TEMP_SECONDS, metavar="SECONDS",
                        help="remove temp files older than this many seconds "
                             f"(default {STALE_TEMP_SECONDS:g})")
    parser.set_defaults(handler=run)
