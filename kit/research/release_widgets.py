"""The review-queue notebook's widgets: show one flagged reflection at a time, with what
the scrubber found highlighted, and let the exporting lead confirm or correct it.

Callbacks only collect values and call :mod:`kit.research.release_queue`; nothing
here decides anything. Testable without a browser: set ``.value``, ``.click()``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import display

from kit.errors import KitError
from kit.research import release_queue as review_queue
from kit.research.release_queue import QueueItem
from kit.store.workspace import Workspace


def highlighted(item: QueueItem, prompt: str) -> str:
    """The original answer as HTML, each found identifier marked with its kind."""
    text = html.escape(item.original.get(prompt, ""))
    for found_prompt, kind, found in sorted(item.findings, key=lambda f: -len(f[2])):
        if found_prompt == prompt and found:
            escaped = html.escape(found)
            text = text.replace(escaped, f'<mark title="{kind}">{escaped}</mark>')
    return text


class ReviewQueueApp:
    """One pending reflection at a time: original (highlighted), editable scrubbed text, buttons."""

    def __init__(self, ws: Workspace, reviewer: str) -> None:
        self.ws, self.reviewer = ws, reviewer
        self.items = review_queue.pending(ws)
        self.index = 0
        self.header = widgets.HTML()
        self.original = widgets.HTML()
        self.editors: dict[str, widgets.Textarea] = {}
        self.editor_box = widgets.VBox()
        self.confirm_button = widgets.Button(description="Confirm as scrubbed", button_style="success")
        self.correct_button = widgets.Button(description="Save my correction", button_style="warning")
        self.skip_button = widgets.Button(description="Skip for now")
        self.message = widgets.HTML()
        self.confirm_button.on_click(lambda _: self._decide(correct=False))
        self.correct_button.on_click(lambda _: self._decide(correct=True))
        self.skip_button.on_click(lambda _: self._advance())
        buttons = widgets.HBox([self.confirm_button, self.correct_button, self.skip_button])
        self.widget = widgets.VBox([self.header, self.original, self.editor_box, buttons, self.message])
        self._render()

    @property
    def current(self) -> QueueItem | None:
        """The reflection on screen (None when the queue is done)."""
        return self.items[self.index] if self.index < len(self.items) else None

    def _render(self) -> None:
        item = self.current
        left = len(self.items) - self.index
        if item is None:
            self.header.value = "<h3>Nothing left to review</h3><p>Export again to release what you " \
                                "confirmed.</p>"
            self.original.value, self.editor_box.children = "", ()
            for button in (self.confirm_button, self.correct_button, self.skip_button):
                button.disabled = True
            return
        self.header.value = f"<h3>{left} reflection(s) to review</h3><p>Reflection {item.record_id}: " \
                            "check every highlighted word is masked and nothing else identifies anyone.</p>"
        self.original.value = "".join(f"<p><b>{html.escape(p)}</b> (original): {highlighted(item, p)}</p>"
                                      for p in item.original)
        self.editors = {p: widgets.Textarea(value=t, description=p, layout={"width": "95%"})
                        for p, t in item.scrubbed.items()}
        self.editor_box.children = tuple(self.editors.values())

    def _advance(self) -> None:
        self.index += 1
        self._render()

    def _decide(self, correct: bool) -> None:
        item = self.current
        if item is None:
            return
        try:
            if correct:
                review_queue.correct(self.ws, item.record_id, self.reviewer,
                                     {p: editor.value for p, editor in self.editors.items()})
            else:
                review_queue.confirm(self.ws, item.record_id, self.reviewer)
        except KitError as error:
            self.message.value = f"<b>Not saved.</b> {html.escape(str(error))}"
            return
        self.message.value = f"Saved: {'corrected' if correct else 'confirmed'} {item.record_id}."
        self._advance()


def review_queue_app(workspace: Workspace | str | None = None, reviewer: str | None = None
                     ) -> ReviewQueueApp:
    """The review app for ``workspace`` (default $CANDLE_WORKSPACE or the demo) and its lead."""
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    return ReviewQueueApp(ws, reviewer or ws.current_user().id)


def show_review_queue(workspace: Workspace | str | None = None, reviewer: str | None = None) -> None:
    """Display the review app (a notebook cell calls only this)."""
    try:
        display(review_queue_app(workspace, reviewer).widget)
    except KitError as error:
        display(widgets.HTML(f"<b>Something needs attention.</b> {html.escape(str(error))}"))
