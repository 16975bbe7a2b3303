"""``candle release list|show|confirm|mask WORKSPACE ...``: the release queue from the command line.

The same queue as ``notebooks/research/release_queue.ipynb``: reflections held
back from research exports until a lead confirms them, or masks words by hand
first. Each reflection has a short reference (``#a1b2c3``); every command names
the workspace and the acting lead (``--as LEAD``, default the workspace's user).

``confirm`` releases only what the lead has read as it stands: it prints the reflections, risky
words marked, and asks; or, with ``--yes``, it requires them shown by ``show`` in the same
terminal session (:mod:`kit.research.release_shown`), and unchanged since.
"""

from __future__ import annotations

import argparse

from kit.commands import add_workspace_argument, count
from kit.errors import ExportError
from kit.research import release_display, release_queue, release_scope, release_seen, release_shown
from kit.research.risky import risky_tokens
from kit.store.workspace import Workspace


def _open(args: argparse.Namespace) -> tuple[Workspace, str]:
    ws = Workspace.open(args.workspace)
    lead = args.as_lead or ws.current_user().id
    release_queue.check_lead(ws, lead)
    print(release_display.context_line(ws, lead))
    return ws, lead


def _page(states: list[release_queue.ItemState], page: int) -> list[release_queue.ItemState]:
    return states[(page - 1) * release_display.PAGE_SIZE: page * release_display.PAGE_SIZE]


def list_held(args: argparse.Namespace) -> int:
    """List the held reflections (by page, as the release page shows them)."""
    ws, lead = _open(args)
    held = release_scope.waiting(ws, lead)
    print(f"{count(len(held), 'reflection')} waiting for release.")
    for number, state in enumerate(held):
        if args.page and number // release_display.PAGE_SIZE + 1 != args.page:
            continue
        if number % release_display.PAGE_SIZE == 0:
            print(f"Page {number // release_display.PAGE_SIZE + 1}:")
        risky = sum(len(risky_tokens(text)) for text in state.text.values())
        note = f"{count(risky, 'risky word')} left" if risky else "nothing risky left"
        print(f"  #{state.item.ref}  {release_display.heading(ws, state.note)}: {note}")
    if held:
        print(f"Read one with `candle release show {ws.root} REF`.")
    return 0


def _chosen(ws: Workspace, lead: str, args: argparse.Namespace) -> list[release_queue.ItemState]:
    """The reflections named by reference, or those on page ``--page N``."""
    if args.refs:
        return [release_scope.held_for(ws, lead, ref) for ref in args.refs]
    return _page(release_scope.waiting(ws, lead), args.page or 0)


def show(args: argparse.Namespace) -> int:
    """Show held reflections (named, or a page) in full, risky words marked >>like this<<."""
    ws, lead = _open(args)
    states = _chosen(ws, lead, args)
    if not states:
        print("Nothing to show: name references (#REF) or a page that has reflections (--page N).")
        return 1
    for state in states:
        status = "waiting" if state.pending else "released"
        print(f"{release_display.note_plain(ws, state.note)}\n  ({status})")
    release_shown.record_shown(ws, lead, [state.note for state in states])
    return 0


def _agreed(ws: Workspace, lead: str, notes: list[release_queue.HeldNote], kept: int,
            yes: bool) -> bool:
    """Whether the lead has read ``notes`` as they stand and agrees to release them."""
    if yes:
        missing = release_shown.not_shown(ws, lead, notes)
        if missing:
            refs = ", ".join(f"#{note.ref}" for note in missing)
            raise ExportError(f"Not confirmed: {release_seen.reflections(len(missing))} ({refs}) "
                              "not shown in this terminal as they stand now.",
                              f"Read them first with `candle release show {ws.root} --page N` (or "
                              "their references), then confirm again; or confirm without --yes.")
        return True
    for note in notes:
        print(release_display.note_plain(ws, note))
    try:
        answer = input(f"{release_seen.confirm_label(len(notes), kept)}? Type yes to confirm: ")
    except EOFError:
        answer = ""
    return answer.strip().lower() in {"yes", "y"}


def confirm(args: argparse.Namespace) -> int:
    """Release the named reflections (or a whole page) as they stand, once the lead has read
    them; keep back any named so."""
    ws, lead = _open(args)
    kept = [release_scope.held_for(ws, lead, ref).item.ref for ref in args.keep_back]
    states = [state for state in _chosen(ws, lead, args) if state.item.ref not in kept]
    if not states and not kept:
        print("Nothing to confirm: name references (#REF) or a page that has reflections (--page N).")
        return 1
    notes = [state.note for state in states]
    if notes and not _agreed(ws, lead, notes, len(kept), args.yes):
        print("Nothing confirmed.")
        return 1
    for ref in kept:
        state = release_queue.withhold(ws, ref, lead)
        heading = release_display.heading(ws, state.note)
        print(f"Kept back #{state.item.ref}: {heading}; it will not be released.")
    for note in notes:
        release_queue.confirm(ws, note.ref, lead, seen=note.text)
        print(f"Confirmed #{note.ref}: {release_display.heading(ws, note)}.")
    print(f"{count(len(notes), 'reflection')} will go into the next export.")
    return 0


def mask(args: argparse.Namespace) -> int:
    """Mask words by hand in one held reflection (it then waits for a confirm)."""
    ws, lead = _open(args)
    release_scope.held_for(ws, lead, args.ref)
    state = release_queue.mask(ws, args.ref, lead, args.words, args.kind)
    print(f"Masked '{args.words}' as [{args.kind.upper()}].")
    print(release_display.note_plain(ws, state.note))
    print(f"Confirm it with `candle release confirm {ws.root} {state.item.ref}`.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``release`` command and its four actions."""
    parser = subparsers.add_parser(
        "release", help="the release queue: confirm or mask held reflections",
        description="Reflections that might identify someone are held back from research exports "
                    "until a lead releases them. List them, read them, mask words by hand, confirm.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str, handler) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help_text, description=help_text)
        add_workspace_argument(sub)
        sub.add_argument("--as", dest="as_lead", metavar="LEAD",
                         help="the acting lead's id (default: the workspace's current user)")
        sub.set_defaults(handler=handler)
        return sub

    listed = action("list", "list the reflections waiting, page by page", list_held)
    listed.add_argument("--page", type=int, metavar="N", help="only page N")
    shown = action("show", "show held reflections in full, risky words marked", show)
    shown.add_argument("refs", nargs="*", metavar="REF", help="references from `candle release list`")
    shown.add_argument("--page", type=int, metavar="N", help="show every reflection on page N")
    confirmed = action("confirm", "release reflections as they stand, once read: shows them and "
                                  "asks, or --yes after `show` in this terminal", confirm)
    confirmed.add_argument("refs", nargs="*", metavar="REF", help="references from `candle release list`")
    confirmed.add_argument("--page", type=int, metavar="N", help="confirm every reflection on page N")
    confirmed.add_argument("--yes", action="store_true",
                           help="do not ask: only for reflections `show` printed in this terminal, "
                                "unchanged since")
    confirmed.add_argument("--keep-back", action="append", default=[], metavar="REF",
                           help="keep this reflection out of every export instead (repeatable)")
    masked = action("mask", "mask words by hand in one held reflection", mask)
    masked.add_argument("ref", metavar="REF", help="a reference from `candle release list`")
    masked.add_argument("words", metavar="WORDS", help="the words to mask, exactly as shown")
    masked.add_argument("--kind", default="NAME", type=str.upper, choices=release_display.MASK_KINDS,
                        help="what they are: the placeholder to use (default NAME)")
