"""The release page: a lead works through the held reflections a page at a time.

Each reflection is shown as its scrubbed text, every placeholder highlighted and
every risky token marked, each answer under its question. The lead masks a span
by hand (the words, and what they are), ticks any to keep back for good, and
confirms the whole page. The notebook's header (:mod:`kit.views.header`) names the
workspace and the acting lead. Callbacks only collect values and call a
:class:`kit.research.release_desk.ReleaseDesk` (the workspace folder, or the hub's service
through the workspace interface); testable without a browser (``.value``, ``.click()``).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from kit.errors import KitError
from kit.research import release_display
from kit.research.release_desk import FolderDesk
from kit.research.release_interface import PageOutcome, ReleaseDesk
from kit.research.release_queue import HeldNote
from kit.store.workspace import Workspace

PAGE_SIZE, MASK_KINDS = release_display.PAGE_SIZE, release_display.MASK_KINDS
WIDE = widgets.Layout(width="auto")


class HeldCard:
    """One held reflection on the page: its marked text and a row to mask words by hand."""

    def __init__(self, page: ReleasePage, note: HeldNote) -> None:
        self.page, self.note = page, note
        self.text = widgets.HTML()
        self.span = widgets.Text(placeholder="words to mask, exactly as shown",
                                 layout=widgets.Layout(width="22em"))
        self.kind = widgets.Dropdown(options=MASK_KINDS, value="NAME", description="as",
                                     layout=widgets.Layout(width="14em"))
        self.mask_button = widgets.Button(description="Mask these words", layout=WIDE)
        self.mask_button.on_click(lambda _: self.mask())
        self.keep_back = widgets.Checkbox(value=False, indent=False, layout=WIDE,
                                          description="Keep this one back: never release it")
        self.keep_back.add_class("candle-keep-back")
        self.span.add_class("candle-mask-words")
        self.mask_button.add_class("candle-mask-button")
        row = widgets.HBox([self.span, self.kind, self.mask_button])
        self.widget = widgets.VBox([self.text, row, self.keep_back], layout=widgets.Layout(
            border="1px solid #ccc", padding="0.5em", margin="0 0 0.8em 0"))
        self.widget.add_class("candle-release-item")
        self.render()

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

    ``desk`` reads and decides; ``ws`` names the practitioners (on a hub, the kernel's copy).
    """

    def __init__(self, desk: ReleaseDesk, ws: Workspace, page_size: int = PAGE_SIZE) -> None:
        self.desk, self.ws, self.page_size = desk, ws, page_size
        self.page_number = 0
        self.header = widgets.HTML()
        self.cards_box = widgets.VBox()
        self.cards: list[HeldCard] = []
        self.confirm_button = widgets.Button(description="Confirm this page", button_style="success",
                                             layout=WIDE, icon="check")
        self.previous_button = widgets.Button(description="Previous page", layout=WIDE)
        self.next_button = widgets.Button(description="Next page", layout=WIDE)
        self.message = widgets.HTML()
        self.confirm_button.add_class("candle-confirm-page")
        self.confirm_button.on_click(lambda _: self.confirm_page())
        self.previous_button.on_click(lambda _: self.turn(-1))
        self.next_button.on_click(lambda _: self.turn(1))
        buttons = widgets.HBox([self.confirm_button, self.previous_button, self.next_button])
        self.widget = widgets.VBox([self.header, self.cards_box, buttons, self.message])
        self.widget.add_class("candle-release-page")
        self.reload()

    def say(self, text: str) -> None:
        """Show a message under the buttons."""
        self.message.value = text

    def reload(self) -> None:
        """Read the queue again and show the current page."""
        self.held = self.desk.release_items()
        pages = max(1, -(-len(self.held) // self.page_size))
        self.page_number = min(self.page_number, pages - 1)
        shown = self.held[self.page_number * self.page_size:(self.page_number + 1) * self.page_size]
        self.cards = [HeldCard(self, note) for note in shown]
        self.cards_box.children = tuple(card.widget for card in self.cards)
        if not self.held:
            status = "<p><b>Nothing waits for release.</b> Export again to include what you confirmed.</p>"
        else:
            status = (f"<p><b>{len(self.held)} reflections wait</b>; page {self.page_number + 1} of "
                      f"{pages}. Read each one: <mark class='{release_display.PLACEHOLDER_CLASS}'>"
                      f"[PLACEHOLDERS]</mark> are masked, <mark class='{release_display.RISKY_CLASS}'>"
                      "marked words</mark> might still identify someone. Mask what does (or keep "
                      "a reflection back), then confirm the page.</p>")
        self.header.value = f"{release_display.STYLE}{status}"  # the notebook's header names who and where
        self.confirm_button.description = f"Confirm these {len(shown)} reflections" if shown else \
            "Confirm this page"
        self.confirm_button.disabled = not shown
        self.previous_button.disabled = self.page_number == 0
        self.next_button.disabled = self.page_number >= pages - 1

    def turn(self, step: int) -> None:
        """Show the previous (-1) or next (+1) page."""
        self.page_number = max(0, self.page_number + step)
        self.reload()

    def confirm_page(self) -> None:
        """Release every reflection on the page as shown, except those ticked to keep back."""
        seen = {card.note.ref: card.note.text for card in self.cards if not card.keep_back.value}
        kept = [card.note.ref for card in self.cards if card.keep_back.value]
        try:
            outcome = self.desk.release_confirm(seen, kept)
        except KitError as error:
            self.say(f"<b>Not confirmed.</b> {html.escape(str(error))}")
            return
        headings = {card.note.ref: release_display.heading(self.ws, card.note) for card in self.cards}
        self.reload()
        self.say(outcome_html(outcome, headings))


def outcome_html(outcome: PageOutcome, headings: dict[str, str]) -> str:
    """What a page's confirm did, in words (each refusal under its reflection's heading)."""
    text = f"Confirmed {len(outcome.confirmed)} reflections; they go into the next export."
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
