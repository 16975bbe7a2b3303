"""The release page: a lead works through the held reflections a page at a time.

Each reflection is shown as its scrubbed text, every placeholder highlighted and
every risky token marked, each answer under its question. The lead masks a span
by hand (the words, and what they are), ticks any to keep back for good, and
confirms the whole page. The notebook's header (:mod:`kit.views.header`) names the
workspace and the acting lead. Callbacks only collect values and call
:mod:`kit.research.release_queue`; testable without a browser (``.value``, ``.click()``).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import display

from kit.errors import KitError
from kit.research import release_display, release_queue, release_scope
from kit.research.release_queue import ItemState
from kit.store.workspace import Workspace

PAGE_SIZE, MASK_KINDS = release_display.PAGE_SIZE, release_display.MASK_KINDS
WIDE = widgets.Layout(width="auto")


class HeldCard:
    """One held reflection on the page: its marked text and a row to mask words by hand."""

    def __init__(self, page: ReleasePage, state: ItemState) -> None:
        self.page, self.state = page, state
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
        self.text.value = release_display.state_html(self.page.ws, self.state)

    def mask(self) -> None:
        """Mask the typed words in this reflection (it stays held until the page is confirmed)."""
        try:
            self.state = release_queue.mask(self.page.ws, self.state.item.ref, self.page.lead,
                                            self.span.value, self.kind.value)
        except KitError as error:
            self.page.say(f"<b>Not masked.</b> {html.escape(str(error))}")
            return
        self.page.say(f"Masked “{html.escape(self.span.value.strip())}” as [{self.kind.value}] in "
                      f"{html.escape(release_display.heading(self.page.ws, self.state))}.")
        self.span.value = ""
        self.render()


class ReleasePage:
    """The held reflections, a page at a time, with 'Confirm this page' and paging buttons."""

    def __init__(self, ws: Workspace, lead: str, page_size: int = PAGE_SIZE) -> None:
        self.ws, self.lead, self.page_size = ws, lead, page_size
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
        self.held = release_scope.waiting(self.ws)
        pages = max(1, -(-len(self.held) // self.page_size))
        self.page_number = min(self.page_number, pages - 1)
        shown = self.held[self.page_number * self.page_size:(self.page_number + 1) * self.page_size]
        self.cards = [HeldCard(self, state) for state in shown]
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
        done, kept, problems = 0, 0, []
        for card in self.cards:
            try:
                if card.keep_back.value:
                    release_queue.withhold(self.ws, card.state.item.ref, self.lead)
                    kept += 1
                else:
                    release_queue.confirm(self.ws, card.state.item.ref, self.lead, seen=card.state.text)
                    done += 1
            except KitError as error:
                problems.append(f"{release_display.heading(self.ws, card.state)}: {error}")
        self.reload()
        text = f"Confirmed {done} reflections; they go into the next export."
        if kept:
            text += f" Kept {kept} back: they will not be released."
        if problems:
            text = f"<b>Not confirmed:</b> {html.escape('; '.join(problems))}<br>{text}"
        self.say(text)


def release_page(workspace: Workspace | str | None = None, lead: str | None = None) -> ReleasePage:
    """The release page for ``workspace`` (default $CANDLE_WORKSPACE or the demo) and its lead."""
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    lead = lead or ws.current_user().id
    release_queue.check_lead(ws, lead)
    return ReleasePage(ws, lead)


def show_release_page(workspace: Workspace | str | None = None, lead: str | None = None) -> None:
    """Display the release page (a notebook cell calls only this)."""
    try:
        display(release_page(workspace, lead).widget)
    except KitError as error:
        display(widgets.HTML(f"<b>Something needs attention.</b> {html.escape(str(error))}"))
