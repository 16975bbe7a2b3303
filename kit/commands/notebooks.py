"""``candle notebooks DEST``: copy the kit's notebooks into a folder of the user's own."""

from __future__ import annotations

import argparse
import filecmp
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kit.commands import count
from kit.errors import KitError
from kit.resources import NOTEBOOKS_DIR, SERVER_CONFIG
from kit.views.site import PAGES_FOLDER_ENV

HELP = "copy the practitioner, lead and researcher notebooks into a folder"
DESCRIPTION = """\
Copy the kit's notebooks (the practitioner, lead and Link pages, and research/ for
researchers) into DEST, so you can open them in JupyterLab with CANDLE_WORKSPACE set to
your workspace (the command printed at the end starts it with the kit's settings, opening
on Start here). Notebooks already there and unchanged are left as they are. A notebook
in DEST that differs from the kit's copy (you may have changed it) is never overwritten:
then nothing is copied and the command names the files to move aside first.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``notebooks`` command."""
    parser = subparsers.add_parser("notebooks", help=HELP, description=DESCRIPTION,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("destination", metavar="DEST", type=Path,
                        help="folder to copy the notebooks into (created if missing)")
    parser.set_defaults(handler=run)


@dataclass
class CopyPlan:
    """What copying the notebooks into a folder would do, file by file (relative paths)."""

    new: list[Path] = field(default_factory=list)
    same: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)


def shipped_notebooks(source: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The kit's notebooks, relative to ``source``, in a stable order."""
    return sorted(path.relative_to(source) for path in source.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in path.parts)


def plan_copy(destination: Path, source: Path = NOTEBOOKS_DIR) -> CopyPlan:
    """Sort every shipped notebook into new, already the same, or changed in ``destination``."""
    if destination.exists() and not destination.is_dir():
        raise KitError(f"{destination} is a file, not a folder.",
                       "Choose a folder for the notebooks.")
    plan = CopyPlan()
    for relative in shipped_notebooks(source):
        target = destination / relative
        if not target.exists():
            plan.new.append(relative)
        elif target.is_file() and filecmp.cmp(source / relative, target, shallow=False):
            plan.same.append(relative)
        else:
            plan.changed.append(relative)
    return plan


def copy_notebooks(destination: Path, source: Path = NOTEBOOKS_DIR) -> CopyPlan:
    """Copy the notebooks missing from ``destination``; refuse if any there was changed."""
    plan = plan_copy(destination, source)
    if plan.changed:
        names = ", ".join(str(destination / relative) for relative in plan.changed)
        raise KitError(f"Nothing was copied: {names} differ from the kit's notebooks "
                       "(they may hold your changes), and they are never overwritten.",
                       "Move them aside (or choose another folder) and run the command again.")
    for relative in plan.new:
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(source / relative, temp)
        temp.replace(target)
    return plan


def run(args: argparse.Namespace) -> int:
    """Copy the notebooks and say what was done."""
    destination: Path = args.destination
    plan = copy_notebooks(destination)
    where = destination.resolve()
    if plan.new:
        print(f"Copied {count(len(plan.new), 'notebook')} to {where}: "
              + ", ".join(str(relative) for relative in plan.new) + ".")
    if plan.same:
        print(f"{count(len(plan.same), 'notebook')} already there and unchanged.")
    print(f"Open them with: {open_command(where)}")
    return 0


def open_command(where: Path) -> str:
    """The command that opens the pages copied into ``where`` as the kit serves them: JupyterLab
    with the kit's server settings (Voilà apps, launcher entries, the pre-save hook), ``where``
    as its root and the pages in that root itself (so it opens on Start here, not a 404)."""
    return (f"CANDLE_WORKSPACE=/path/to/workspace {PAGES_FOLDER_ENV}=. jupyter lab "
            f"--config={shlex.quote(str(SERVER_CONFIG))} "
            f"--ServerApp.root_dir={shlex.quote(str(where))}")
