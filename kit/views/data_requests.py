"""An administrator's page for people's data-protection requests: choose a person, download
everything held about them, or erase everything held about them.

The page gives it what to do (:class:`RequestActions`: who may be chosen, and what a download,
a plan and an erasure do, each a call on the workspace interface); the widgets only collect
values and show the outcome, in words. An erasure takes two steps, as ``candle person erase``
does: choosing a person shows what erasing them deletes (counts, never content), and the erase
button works only with a reason code chosen and the person's id typed again. A refusal or a
problem is shown as its sentence.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import ipywidgets as widgets

from kit.errors import KitError
from kit.model.erasure import ERASURE_REASONS
from kit.views.downloads import DownloadButton

PAGE_CLASS = "candle-data-requests"
WIDE = widgets.Layout(width="100%", max_width="40em")
CHOOSE_PERSON = "Choose a person"
CHOOSE_REASON = "Choose a reason code"
NONE = ""  # the value of the first choice, which chooses nothing (None would show a blank)
DOWNLOAD_NOTE = ("Open index.html inside it to read it; it works offline and prints. Send it to "
                 "the person by a safe route (it holds everything the kit keeps about them), "
                 "then delete it from this folder.")


@dataclass(frozen=True)
class Listing:
    """What an erasure deletes (or deleted), in words: a first line, one line for each kind of
    thing, and what is kept."""

    heading: str
    items: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RequestActions:
    """What the page's buttons do (each may raise a :class:`kit.errors.KitError`, shown as its
    sentence): ``people`` gives ``(label, id)`` of everyone who may be chosen; ``download``
    makes a person's zip (its address and name); ``plan`` and ``erase`` (a person's id and a
    reason code) say what goes or went; ``after_erasure`` is said after an erasure."""

    people: Callable[[], list[tuple[str, str]]]
    download: Callable[[str], tuple[str, str]]
    plan: Callable[[str], Listing]
    erase: Callable[[str, str], Listing]
    after_erasure: str = ""


def listing_html(listing: Listing, role: str = "status") -> str:
    """``listing`` as a paragraph, a list and the closing lines."""
    items = "".join(f"<li>{html.escape(item)}</li>" for item in listing.items)
    closing = " ".join(html.escape(line) for line in listing.closing)
    return (f'<div role="{role}"><p><strong>{html.escape(listing.heading)}</strong></p>'
            + (f"<ul>{items}</ul>" if items else "") + (f"<p>{closing}</p>" if closing else "")
            + "</div>")


def problem_html(lead: str, error: KitError | str) -> str:
    """A refusal or problem in words (``lead`` first, in bold)."""
    return f'<p role="alert"><strong>{html.escape(lead)}</strong> {html.escape(str(error))}</p>'


def _heading(text: str, level: int = 2) -> widgets.HTML:
    return widgets.HTML(f"<h{level}>{html.escape(text)}</h{level}>")


def _field(label: str, help_text: str, widget: widgets.Widget, css: str
           ) -> tuple[widgets.VBox, widgets.HTML]:
    """A labelled input (a visible label and help above, its accessible name the label) and
    the message line under it, as the kit's forms show their fields."""
    widget.description, widget.description_allow_html = label, False
    widget.style.description_width = "0px"  # the visible label is the line above
    widget.add_class(css)
    message = widgets.HTML("")
    message.add_class("candle-message")
    title = widgets.HTML(f"<strong>{html.escape(label)}</strong><br>"
                         f"<small>{html.escape(help_text)}</small>")
    return widgets.VBox([title, widget, message]), message


def reason_options(reasons: Mapping[str, str]) -> list[tuple[str, str]]:
    """The reason codes as ``code: what it means``, after the empty choice."""
    return [(CHOOSE_REASON, NONE), *((f"{code}: {meaning}", code) for code, meaning in reasons.items())]


class DataRequestsPage:
    """The person chooser, the download, and the erasure with its confirmation."""

    def __init__(self, actions: RequestActions, reasons: Mapping[str, str] = ERASURE_REASONS) -> None:
        self.actions = actions
        self.person = widgets.Dropdown(options=[(CHOOSE_PERSON, NONE)], value=NONE, layout=WIDE)
        person_box, self.person_message = _field(
            "Person", "Everyone the workspace holds anything about, by name (id, roles). "
            "Someone no longer in any role is listed by their id.", self.person, "candle-person-choice")
        self.download = DownloadButton("Download everything held about them", self._download,
                                       "Gathering their records, reviews and notes...", DOWNLOAD_NOTE)
        self.plan = widgets.HTML("")
        self.plan.add_class("candle-erasure-plan")
        self.reason = widgets.Dropdown(options=reason_options(reasons), value=NONE, layout=WIDE)
        reason_box, self.reason_message = _field(
            "Reason code", "Why they are erased. The erasure record keeps only this code, their "
            "id, the date and who erased.", self.reason, "candle-erasure-reason")
        self.confirm = widgets.Text(value="", layout=widgets.Layout(width="16em"))
        confirm_box, self.confirm_message = _field(
            "Type their id to confirm", "The id shown in brackets after their name. An erasure "
            "cannot be undone.", self.confirm, "candle-erasure-confirm")
        self.erase_button = widgets.Button(description="Erase everything held about them",
                                           button_style="danger", icon="trash",
                                           layout=widgets.Layout(width="auto"))
        self.erase_button.add_class("candle-erase")
        self.erase_button.on_click(lambda _button: self.erase())
        self.result = widgets.HTML("")
        self.result.add_class("candle-erasure-result")
        self.widget = widgets.VBox([
            _heading("Choose a person"), person_box,
            _heading("Download everything held about them"),
            widgets.HTML("<p>One zip with every record they saved, in every version, the reviews "
                         "and notes about them, their research consent and the packages that "
                         "included their reflections, and a page that reads and prints well. "
                         "This answers an access request.</p>"),
            self.download.widget,
            _heading("Erase everything held about them"),
            widgets.HTML("<p>Destroys their data key (so every copy of their records, backups "
                         "included, can no longer be opened) and deletes their records, drafts "
                         "and reviews.</p>"),
            self.plan, reason_box, confirm_box, widgets.HBox([self.erase_button]), self.result,
        ], layout=widgets.Layout(max_width="48em"))
        self.widget.add_class(PAGE_CLASS)
        self.person.observe(lambda _change: self.show_plan(), "value")
        self.refresh_people()
        self.show_plan()

    def refresh_people(self) -> None:
        """Ask again who may be chosen (nobody is chosen afterwards)."""
        try:
            people = self.actions.people()
        except KitError as error:
            self.person_message.value = problem_html("Nobody can be listed.", error)
            people = []
        self.person.options = [(CHOOSE_PERSON, NONE), *people]
        self.person.value = NONE

    def _download(self) -> tuple[str, str]:
        return self.actions.download(self._chosen())

    def _chosen(self) -> str:
        if not self.person.value:
            raise KitError("Nobody is chosen.", "Choose the person from the list at the top first.")
        return str(self.person.value)

    def show_plan(self) -> None:
        """Show what erasing the chosen person deletes (or why not); a new choice starts afresh."""
        self.download.result.value = ""
        self.confirm.value, self.confirm_message.value, self.reason_message.value = "", "", ""
        if not self.person.value:
            self.plan.value = "<p>Choose a person to see what erasing them deletes.</p>"
            return
        try:
            self.plan.value = listing_html(self.actions.plan(str(self.person.value)))
        except KitError as error:
            self.plan.value = problem_html("What goes cannot be shown.", error)

    def _problems(self) -> bool:
        """Say what is missing before an erasure (each under its field); whether anything is."""
        person = self.person.value
        self.person_message.value = "" if person else problem_html("Choose a person.",
                                                                   "Nobody is chosen yet.")
        self.reason_message.value = "" if self.reason.value else problem_html(
            "Choose a reason code.", "The erasure record keeps it.")
        typed = self.confirm.value.strip()
        self.confirm_message.value = "" if person and typed == person else problem_html(
            "Not confirmed.", f"Type {person} exactly, as shown after their name." if person
            else "Choose a person first, then type their id.")
        return bool(self.person_message.value or self.reason_message.value or self.confirm_message.value)

    def erase(self) -> bool:
        """Erase the chosen person for the chosen reason, once their id is typed again; show
        what went (or why not). Whether they were erased."""
        self.result.value = ""
        if self._problems():
            self.result.value = problem_html("Nothing was erased.", "See what is missing above.")
            return False
        person, reason = str(self.person.value), str(self.reason.value)
        self.erase_button.disabled = True
        try:
            went = self.actions.erase(person, reason)
        except KitError as error:
            self.result.value = problem_html("Nothing was erased.", error)
            return False
        finally:
            self.erase_button.disabled = False
        self.reason.value = NONE
        self.refresh_people()  # they leave the list; the plan is cleared with the choice
        after = f"<p>{html.escape(self.actions.after_erasure)}</p>" if self.actions.after_erasure else ""
        self.result.value = listing_html(went) + after
        return True
