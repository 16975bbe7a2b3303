"""A lead confirms only what they have seen: the rule the release page and ``candle release
confirm`` share, and the words both use for it.

A page may be confirmed once every reflection it will release has been on the lead's screen
(the page reports which; :mod:`kit.research.release_seen_widget`) or printed to their terminal
(:mod:`kit.research.release_shown`). Reflections kept back need no look: keeping back is safe.
The confirm button's count is always what it will release, kept-back ones excluded.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence


def reflections(number: int) -> str:
    """``1 reflection``, ``2 reflections``."""
    return f"{number} reflection{'' if number == 1 else 's'}"


def unseen(to_confirm: Sequence[str], seen: Collection[str]) -> list[str]:
    """The references about to be released that the lead has not seen yet, in page order."""
    return [ref for ref in to_confirm if ref not in seen]


def may_confirm(to_confirm: Sequence[str], kept: Sequence[str], seen: Collection[str]) -> bool:
    """Whether the page may be decided: something to decide, and nothing released unseen."""
    return bool(to_confirm or kept) and not unseen(to_confirm, seen)


def confirm_label(to_confirm: int, kept: int) -> str:
    """The confirm button's words: exactly what a click releases (and keeps back)."""
    if to_confirm == 1:
        return "Confirm this 1 reflection" + (f", keep {kept} back" if kept else "")
    if to_confirm:
        return f"Confirm these {reflections(to_confirm)}" + (f", keep {kept} back" if kept else "")
    return f"Keep {reflections(kept)} back" if kept else "Confirm this page"


def waiting_line(to_confirm: Sequence[str], seen: Collection[str]) -> str:
    """Why the page cannot be confirmed yet ('' when it can)."""
    missing = unseen(to_confirm, seen)
    if not missing:
        return ""
    return (f"Read each reflection on this page first: {len(to_confirm) - len(missing)} of "
            f"{len(to_confirm)} seen. Scroll through them, or move to each with Tab.")


def confirmed_sentence(number: int) -> str:
    """'Confirmed 1 reflection; it goes into the next export.' (or 'they go')."""
    return (f"Confirmed {reflections(number)}; {'it goes' if number == 1 else 'they go'} into the "
            "next export.")
