"""The release page's **Export** button: a lead makes the research package from the page itself.

The page gives the panel what to do on a click (``make``: make the package through the
workspace interface, on a hub through the service, and say what it holds); the panel shows the
work as busy (the button disabled, a status line) and then, in words, where the package is and
what it holds, or why none was made. Callbacks only call ``make`` and show its outcome; testable
without a browser (``.click()``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets

from kit.errors import ExportError, KitError
from kit.research.release_seen import reflections


@dataclass(frozen=True)
class ExportMade:
    """A package just made: its name, where it is (in words), and what it holds."""

    name: str
    where: str
    reflections: int
    practitioners: int
    files: tuple[str, ...] = ()


Make = Callable[[], ExportMade]
BUSY = "Exporting: checking and scrubbing every shared reflection. This can take a minute..."
LABEL = "Export"


def made_html(made: ExportMade, waiting: int = 0) -> str:
    """What the export made, in words: where the package is and what it holds (and how many
    reflections now wait on the page for the lead)."""
    people = f"{made.practitioners} practitioner{'' if made.practitioners == 1 else 's'}"
    files = (f" Its files: {', '.join(f'<code>{html.escape(n)}</code>' for n in made.files)}."
             if made.files else "")
    return (f"<b>Package made.</b> It is {html.escape(made.where, quote=False)}. It holds "
            f"{reflections(made.reflections)} by {people}.{files} Researchers open it on the "
            "<i>Explore a research export</i> page." + (
                f" {reflections(waiting)} {'waits' if waiting == 1 else 'wait'} for you above: read and "
                "confirm them, then press Export again to include them." if waiting else ""))


def refusal_html(error: KitError, waiting: int) -> str:
    """Why no package was made, and what to do on this page (never a command to type)."""
    if not isinstance(error, ExportError):
        return f"<b>No package was made.</b> {html.escape(str(error), quote=False)}"
    todo = (f"{reflections(waiting)} now {'waits' if waiting == 1 else 'wait'} for you on this page: "
            "read and confirm them, then press Export again." if waiting else
            "Export again once more practitioners have shared reflections and agreed to research use.")
    why = html.escape(f"{error.message} {todo}", quote=False)
    return f"<b>No package was made.</b> {why}"


class ExportPanel:
    """The Export button and, below it, what the last export made (or why it made nothing).

    ``after`` is called once an export has run (made or not): the page reads its queue again,
    since an export holds new reflections for the lead; it returns how many now wait.
    """

    def __init__(self, make: Make, after: Callable[[], int]) -> None:
        self.make, self.after = make, after
        self.button = widgets.Button(description=LABEL, icon="archive", button_style="primary",
                                     tooltip="Make the research package of everything confirmed",
                                     layout=widgets.Layout(width="auto"))
        self.button.add_class("candle-export-button")
        self.result = widgets.HTML()
        self.result.add_class("candle-export-result")
        self.button.on_click(lambda _button: self.click())
        intro = widgets.HTML("<h2>Make the research package</h2><p>Export puts every reflection "
                             "that is safe to share (the ones you confirmed included) into a new "
                             "package for researchers; any waiting for you stay out until you "
                             "confirm them.</p>")
        self.widget = widgets.VBox([intro, self.button, self.result],
                                   layout=widgets.Layout(align_items="flex-start", margin="1em 0 0 0"))
        self.widget.add_class("candle-export-panel")

    def click(self) -> None:
        """Make the package, busy meanwhile, then say where it is and what it holds."""
        self.button.disabled, self.button.description = True, "Exporting..."
        self.result.value = f'<p role="status" aria-busy="true">{html.escape(BUSY)}</p>'
        try:
            made = self.make()
        except KitError as error:
            self.result.value = f'<p role="alert">{refusal_html(error, self.after())}</p>'
            return
        finally:
            self.button.disabled, self.button.description = False, LABEL
        self.result.value = f'<p role="status">{made_html(made, self.after())}</p>'
