"""The Licence page's first section: the application form while you can apply, and otherwise
where your licence stands and where on the page to go next.

A licence is applied for once (again only after it has ended: :mod:`kit.model.licence`), so
after applying the page no longer opens on a blank "Apply for the licence" form: it says
when you applied, with which micro-project, and what you can do now. The section follows
saves made anywhere on the page (the application itself, a decision, a withdrawal).
"""

from __future__ import annotations

import html
from pathlib import Path

from kit.capture import events
from kit.capture.licence import state_of, stored_events
from kit.forms import drafts
from kit.forms.controller import FormView
from kit.forms.template import load_template
from kit.model import licence
from kit.model.dates import latest_today
from kit.model.places import DECIDE_LICENCE, EDIT_LICENCE
from kit.model.records import LicenceEvent, MicroProject, Withdrawal
from kit.store.workspace import Workspace
from kit.views import lean

FORM = "licence_application"
WATCHED = {MicroProject.TABLE, LicenceEvent.TABLE, Withdrawal.TABLE}


def may_apply(workspace: Workspace, user_id: str) -> bool:
    """Whether an application is possible now: never applied, or the licence has ended."""
    return state_of(workspace.store, user_id) in (licence.NONE, licence.ENDED)


def applied_html(workspace: Workspace, user_id: str) -> str:
    """Where the licence stands, in words to the practitioner, and where on the page to go on."""
    events = stored_events(workspace.store, user_id)
    taken = licence.as_of(events, latest_today())
    applied = [item.day for item in taken if item.event == "applied"]
    projects = sorted(workspace.store.latest(MicroProject.TABLE, user_id), key=lambda r: r.created_at)
    title = getattr(projects[-1], "title", "") if projects else ""
    when = f" on {applied[-1]:%d/%m/%Y}" if applied else ""
    project = f" with your micro-project '{title}'" if title else ""
    now = licence.what_now(licence.state_after(taken), taken[-1].day if taken else None)
    plans = licence.plans_in_words(events, latest_today())
    planned = f" Planned: {plans}." if plans else ""
    done = html.escape(f"You applied for the licence{when}{project}.", quote=False)
    rest = html.escape(f"{now} under '{DECIDE_LICENCE.section}' below.{planned} To change the "
                       f"micro-project, use '{EDIT_LICENCE.section}' below.", quote=False)
    return f"<p class='candle-applied' role='status'><strong>{done}</strong> {rest}</p>"


class ApplicationSection:
    """The application form, or (once applied) a short note in its place; ``widget`` shows it."""

    def __init__(self, workspace: Workspace, user_id: str,
                 debounce_seconds: float = drafts.DEBOUNCE_SECONDS) -> None:
        self.workspace, self.user_id, self.debounce = workspace, user_id, debounce_seconds
        self.form = None
        self.note = lean.html("")
        self.widget = lean.vbox()
        self.widget.add_class("candle-application")
        self.refresh()
        self.stop_listening = events.listen(self._saved)

    def refresh(self) -> None:
        """Show the form while an application is possible, else the note."""
        if may_apply(self.workspace, self.user_id):
            if self.form is None:
                self.form = FormView(load_template(FORM), self.workspace, self.user_id,
                                     debounce_seconds=self.debounce)
            self.widget.children = [self.form.widget]
            return
        self.note.value = applied_html(self.workspace, self.user_id)
        self.widget.children = [self.note]
        self.form = None

    def _saved(self, root: Path, table: str) -> None:
        if root == self.workspace.root and table in WATCHED:
            self.refresh()
