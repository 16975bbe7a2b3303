"""A button that makes a file for the person and offers it as a link (My learning's "download
everything the kit holds about me"). The page gives it what to do on a click (``make``: the
file's address and name, or a kit error); the widget only shows the outcome, in words."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from kit.errors import KitError

Make = Callable[[], tuple[str, str]]
"""Makes the file; returns its address (for the link) and what to call it."""
OWN_RECORD_NOTE = ("Open index.html inside it to read it; it works offline and prints. Keep it "
                   "somewhere safe: it holds everything you wrote.")


class DownloadButton:
    """A button, and below it the link to the file it made (or why it could not)."""

    def __init__(self, label: str, make: Make, working: str = "Making it...",
                 note: str = OWN_RECORD_NOTE) -> None:
        self.make, self.working, self.note = make, working, note
        self.button = widgets.Button(description=label, icon="download",
                                     layout=widgets.Layout(width="auto"))
        self.button.add_class("candle-download")
        self.result = widgets.HTML()
        self.result.add_class("candle-download-result")
        self.button.on_click(lambda _button: self.click())
        self.widget = widgets.VBox([self.button, self.result],
                                   layout=widgets.Layout(align_items="flex-start"))

    def click(self) -> None:
        """Make the file and show its link."""
        self.button.disabled = True
        self.result.value = f'<p role="status">{html.escape(self.working)}</p>'
        try:
            address, name = self.make()
        except (KitError, OSError) as error:
            self.result.value = (f'<p role="alert">It could not be made: '
                                 f"{html.escape(str(error))}</p>")
            return
        finally:
            self.button.disabled = False
        self.result.value = (
            f'<p role="status">Ready: <a href="{html.escape(address)}" download="{html.escape(name)}" '
            f'style="text-decoration: underline; font-weight: 600">'
            f"{html.escape(name)}</a>. {html.escape(self.note)}</p>")
