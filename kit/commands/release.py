"""``candle release list|show|confirm|mask WORKSPACE ...``: the release queue from the command line.

The same queue as ``notebooks/research/release_queue.ipynb``: reflections held
back from research exports until a lead confirms them, or masks words by hand
first. Each reflection has a short reference (``#a1b2c3``); every command names
the workspace and the acting lead (``--as LEAD``, default the workspace's user).
"""

from __future__ import annotations

import argparse

from kit.commands import add_workspace_argument, count
from kit.research import release_display, release_queue, release_scope
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


def show(args: argparse.Namespace) -> int:
    """Show held reflections in full, risky words marked >>like this<<."""
    ws, lead = _open(args)
    for ref in args.refs:
        state = release_scope.held_for(ws, lead, ref)
        status = "waiting" if state.pending else "released"
        print(f"{release_display.note_plain(ws, state.note)}\n  ({status})")
    return 0


def confirm(args: argparse.Namespace) -> int:
    """Release the named reflections (or a whole page) as they stand; keep back any named so."""
    ws, lead = _open(args)
    refs = list(args.refs) or [s.item.ref for s in _page(release_scope.waiting(ws, lead), args.page or 0)]
    kept = [release_scope.held_for(ws, lead, ref).item.ref for ref in args.keep_back]
    if not refs and not kept:
        print("Nothing to confirm: name references (#REF) or a page (--page N).")
        return 1
    for ref in kept:
        state = release_queue.withhold(ws, ref, lead)
        heading = release_display.heading(ws, state.note)
        print(f"Kept back #{state.item.ref}: {heading}; it will not be released.")
    released = [ref for ref in refs if release_scope.held_for(ws, lead, ref).item.ref not in kept]
    for ref in released:
        state = release_queue.confirm(ws, ref, lead)
        print(f"Confirmed #{state.item.ref}: {release_display.heading(ws, state.note)}.")
    print(f"{count(len(released), 'reflection')} will go into the next export.")
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
    shown.add_argument("refs", nargs="+", metavar="REF", help="references from `candle release list`")
    confirmed = action("confirm", "release reflections as they stand", confirm)
    confirmed.add_argument("refs", nargs="*", metavar="REF", help="references from `candle release list`")
    confirmed.add_argument("--page", type=int, metavar="N", help="confirm every reflection on page N")
    confirmed.add_argument("--keep-back", action="append", default=[], metavar="REF",
                           help="keep this reflection out of every export instead (repeatable)")
    masked = action("mask", "mask words by hand in one held reflection", mask)
    masked.add_argument("ref", metavar="REF", help="a reference from `candle release list`")
    masked.add_argument("words", metavar="WORDS", help="the words to mask, exactly as shown")
    masked.add_argument("--kind", default="NAME", type=str.upper, choices=release_display.MASK_KINDS,
                        help="what they are: the placeholder to use (default NAME)")
