"""The release page: a lead works through the held reflections a page at a time.

Each reflection is shown as its scrubbed text, every placeholder highlighted and
every risky token marked, each answer under its question. The lead masks a span
by hand (the words, and what they are), ticks any to keep back for good, and
confirms the whole page, once each reflection it releases has been on screen
(:mod:`kit.research.release_seen`); the next page then opens at its first reflection. The
notebook's header (:mod:`kit.views.header`) names the workspace and the acting lead.
Callbacks only collect values and call a :class:`kit.research.release_desk.ReleaseDesk` (the
workspace folder, or the hub's service through the workspace interface); testable
without a browser (``.value``, ``.click()``).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from kit.errors import KitError
from kit.research import release_display, release_seen
from kit.research.release_desk import FolderDesk
from kit.research.release_export import ExportPanel, Make
from kit.research.release_interface import PageOutcome, ReleaseDesk
from kit.research.release_queue import HeldNote
from kit.research.release_seen_widget import SeenText
from kit.store.workspace import Workspace

PAGE_SIZE, MASK_KINDS = release_display.PAGE_SIZE, release_display.MASK_KINDS
WIDE = widgets.Layout(width="auto")
NOTHING_WAITS = ("<b>Nothing waits for you to read.</b> An export checks every reflection that "
                 "consenting practitioners shared: the safe ones go into the package, and any that "
                 "might identify someone wait here for you until you confirm them.")


class HeldCard:
    """One held reflection on the page: its marked text and a row to mask words by hand."""

    def __init__(self, page: ReleasePage, note: HeldNote) -> None:
        self.page, self.note = page, note
        self.text = SeenText(label=release_display.heading(page.ws, note))
        self.span = widgets.Text(placeholder="words to mask, exactly as shown",
                                 layout=widgets.Layout(width="22em"))
        self.kind = widgets.Dropdown(options=MASK_KINDS, value="NAME", description="as",
                                     layout=widgets.Layout(width="14em"))
        self.mask_button = widgets.Button(description="Mask these words", layout=WIDE)
        self.mask_button.on_click(lambda _: self.mask())
        self.keep_back = widgets.Checkbox(value=False, indent=False, layout=WIDE,
                                          description="Keep this one back: never release it")
        self.keep_back.add_class("candle-keep-back")
        self.keep_back.observe(lambda _: page.show_gate(), "value")
        self.text.observe(lambda _: page.show_gate(), "seen")
        self.span.add_class("candle-mask-words")
        self.mask_button.add_class("candle-mask-button")
        row = widgets.HBox([self.span, self.kind, self.mask_button])
        self.widget = widgets.VBox([self.text, row, self.keep_back], layout=widgets.Layout(
            border="1px solid #ccc", padding="0.5em", margin="0 0 0.8em 0"))
        self.widget.add_class("candle-release-item")
        self.widget.add_class(f"candle-ref-{note.ref}")
        self.render()

    @property
    def seen(self) -> bool:
        """Whether the lead's browser reported this reflection on screen (or focused)."""
        return self.text.seen

    def close(self) -> None:
        """Close this card's widgets (the page has moved on)."""
        for widget in (self.text, self.span, self.kind, self.mask_button, self.keep_back, self.widget):
            widget.close()

    def render(self) -> None:
        """Show the reflection's current text."""
        self.text.value = release_display.note_html(self.page.ws, self.note)

    def mask(self) -> None:
        """Mask the typed words in this reflection (it stays held until the page is confirmed)."""
        try:
            self.note = self.page.desk.release_mask(self.note.ref, self.span.value, self.kind.value)
        except KitError as error:
            self.page.say(f"<b>Not masked.</b> {html.escape(str(error))}")
            return
        self.page.say(f"Masked “{html.escape(self.span.value.strip())}” as [{self.kind.value}] in "
                      f"{html.escape(release_display.heading(self.page.ws, self.note))}.")
        self.span.value = ""
        self.render()


class ReleasePage:
    """The held reflections, a page at a time, with 'Confirm this page' and paging buttons.

    ``desk`` reads and decides; ``ws`` names the practitioners (on a hub, the kernel's copy);
    ``export``, when given, makes the research package (the page's Export button).
    """

    def __init__(self, desk: ReleaseDesk, ws: Workspace, page_size: int = PAGE_SIZE,
                 export: Make | None = None) -> None:
        self.desk, self.ws, self.page_size = desk, ws, page_size
        self.page_number = 0
        self.header = widgets.HTML()
        self.header.add_class("candle-release-status")
        self.outcome = widgets.HTML()  # what the last confirm did, above the page it opened
        self.cards_box = widgets.VBox()
        self.cards: list[HeldCard] = []
        self.confirm_button = widgets.Button(description="Confirm this page", button_style="success",
                                             layout=WIDE, icon="check")
        self.previous_button = widgets.Button(description="Previous page", layout=WIDE)
        self.next_button = widgets.Button(description="Next page", layout=WIDE)
        self.message = widgets.HTML()
        self.gate = widgets.HTML()
        self.gate.add_class("candle-confirm-gate")
        self.confirm_button.add_class("candle-confirm-page")
        self.confirm_button.on_click(lambda _: self.confirm_page())
        self.previous_button.on_click(lambda _: self.turn(-1))
        self.next_button.on_click(lambda _: self.turn(1))
        buttons = widgets.HBox([self.confirm_button, self.previous_button, self.next_button])
        self.buttons = buttons
        self.export = ExportPanel(export, self.after_export) if export is not None else None
        parts = [self.header, self.outcome, self.cards_box, buttons, self.gate, self.message]
        self.widget = widgets.VBox(parts + ([self.export.widget] if self.export else []))
        self.widget.add_class("candle-release-page")
        self.reload()

    def after_export(self) -> int:
        """Read the queue again after an export (it may hold new reflections); how many wait."""
        self.outcome.value = ""
        self.reload()
        return len(self.held)

    def say(self, text: str) -> None:
        """Show a message under the buttons."""
        self.message.value = text

    def reload(self, bring_into_view: bool = False) -> None:
        """Read the queue again and show the current page (``bring_into_view``: from its first
        reflection, which takes the focus)."""
        self.held = self.desk.release_items()
        pages = max(1, -(-len(self.held) // self.page_size))
        self.page_number = min(self.page_number, pages - 1)
        shown = self.held[self.page_number * self.page_size:(self.page_number + 1) * self.page_size]
        for card in self.cards:
            card.close()
        self.cards = [HeldCard(self, note) for note in shown]
        if self.cards and bring_into_view:
            self.cards[0].text.focus_request = 1
        self.cards_box.children = tuple(card.widget for card in self.cards)
        self.buttons.layout.display = "none" if not self.held else None
        if not self.held:
            status = f"<p>{NOTHING_WAITS}</p>"
        else:
            waits = "waits" if len(self.held) == 1 else "wait"
            status = (f"<p><b>{release_seen.reflections(len(self.held))} {waits}</b>; page "
                      f"{self.page_number + 1} of {pages}. Read each one: "
                      f"<mark class='{release_display.PLACEHOLDER_CLASS}'>"
                      f"[PLACEHOLDERS]</mark> are masked, <mark class='{release_display.RISKY_CLASS}'>"
                      "marked words</mark> might still identify someone. Mask what does (or keep "
                      "a reflection back), then confirm the page. Export when you are done: what you "
                      "confirmed goes into the package.</p>")
        self.header.value = f"{release_display.STYLE}{status}"  # the notebook's header names who and where
        self.show_gate()
        self.previous_button.disabled = self.page_number == 0
        self.next_button.disabled = self.page_number >= pages - 1

    def decisions(self) -> tuple[list[str], list[str], set[str]]:
        """The page's references to release and to keep back, and those the lead has seen."""
        to_confirm = [card.note.ref for card in self.cards if not card.keep_back.value]
        kept = [card.note.ref for card in self.cards if card.keep_back.value]
        return to_confirm, kept, {card.note.ref for card in self.cards if card.seen}

    def show_gate(self) -> None:
        """Say on the confirm button exactly what it does; enable it only when nothing it
        releases is unseen, and say why not."""
        to_confirm, kept, seen = self.decisions()
        self.confirm_button.description = release_seen.confirm_label(len(to_confirm), len(kept))
        self.confirm_button.disabled = not release_seen.may_confirm(to_confirm, kept, seen)
        why = release_seen.waiting_line(to_confirm, seen)
        self.gate.value = f'<p role="status">{html.escape(why)}</p>' if why else ""

    def turn(self, step: int) -> None:
        """Show the previous (-1) or next (+1) page."""
        self.page_number = max(0, self.page_number + step)
        self.outcome.value = ""
        self.reload(bring_into_view=True)

    def confirm_page(self) -> None:
        """Release every reflection on the page as shown, except those ticked to keep back;
        nothing while one to release is unseen (a late click from the page before)."""
        to_confirm, kept, seen = self.decisions()
        if not release_seen.may_confirm(to_confirm, kept, seen):
            self.show_gate()
            return
        texts = {card.note.ref: card.note.text for card in self.cards if card.note.ref in to_confirm}
        try:
            outcome = self.desk.release_confirm(texts, kept)
        except KitError as error:
            self.say(f"<b>Not confirmed.</b> {html.escape(str(error))}")
            return
        headings = {card.note.ref: release_display.heading(self.ws, card.note) for card in self.cards}
        self.outcome.value = f'<p role="status">{outcome_html(outcome, headings)}</p>'
        self.say("")
        self.reload(bring_into_view=True)


def outcome_html(outcome: PageOutcome, headings: dict[str, str]) -> str:
    """What a page's confirm did, in words (each refusal under its reflection's heading)."""
    text = release_seen.confirmed_sentence(len(outcome.confirmed))
    if outcome.kept:
        text += f" Kept {len(outcome.kept)} back: they will not be released."
    if outcome.problems:
        problems = "; ".join(f"{headings.get(ref, '#' + ref)}: {why}" for ref, why in outcome.problems)
        text = f"<b>Not confirmed:</b> {html.escape(problems)}<br>{text}"
    return text


def release_page(workspace: Workspace | str | None = None, lead: str | None = None) -> ReleasePage:
    """The release page on the workspace folder ``workspace`` (default $CANDLE_WORKSPACE) for
    ``lead`` (default its current user), deciding directly in the folder."""
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    return ReleasePage(FolderDesk(ws, lead or ws.current_user().id), ws)
