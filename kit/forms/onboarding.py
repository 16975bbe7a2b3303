"""The first-run path on Start here: my profile, then the licence application, then a first
focus area, then a link to write the first reflection.

:class:`FirstRun` shows the three steps with what is done, and the form of the first step
not yet done; when a step is saved (anywhere on the page) it moves on by itself. Once all
three are done it says where to reflect and keeps the My profile form for later changes.
Only practitioners have first steps; anyone else is told where their own page is.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets

from kit.capture import events
from kit.capture.permissions import kinds_in_words
from kit.errors import KitError, NoRole
from kit.forms import drafts
from kit.forms.api import open_form
from kit.hub.mirror import kernel_workspace
from kit.model.records import FocusArea, LicenceEvent, MicroProject, Profile, Reflection
from kit.store.workspace import Workspace
from kit.views import lean, site


@dataclass(frozen=True)
class Step:
    """One first step: its words, the form that does it, and the tables that show it is done."""

    title: str
    form: str
    done_when: tuple[str, ...]


STEPS = (
    Step("Fill in my profile: my role, Learning Journey level, my Lead and my Link", "my_profile",
         (Profile.TABLE,)),
    Step("Apply for the licence with my micro-project idea", "licence_application",
         (MicroProject.TABLE, LicenceEvent.TABLE)),
    Step("Add my first focus area", "focus_area", (FocusArea.TABLE,)),
)
WATCHED = {table for step in STEPS for table in step.done_when}
REFLECT = site.page("03_reflect")
OTHER_PAGES = {"lead": "06_lead_my_practitioners", "link": "07_link_who_i_orient",
               "researcher": "explore_export", "admin": "08_admin_data_requests"}


def steps_done(workspace: Workspace, user_id: str) -> list[bool]:
    """For each first step, whether the practitioner has done it."""
    return [any(workspace.store.latest(table, user_id) for table in step.done_when) for step in STEPS]


def checklist_html(done: list[bool]) -> str:
    """The steps as an ordered list, each marked done or to do (words, not only a tick)."""
    items = "".join(
        f"<li>{html.escape(step.title)}: <strong>{'done' if is_done else 'to do'}</strong></li>"
        for step, is_done in zip(STEPS, done, strict=True))
    return f"<h3>Your first steps</h3><ol class='candle-first-steps'>{items}</ol>"


def ready_html(reflections: int) -> str:
    """What Start here says once the first steps are done: where to reflect (the first
    reflection only while there is none), and that the profile below can change."""
    write = ("Write your first reflection" if reflections == 0 else "Write a reflection")
    when = "whenever you are ready" if reflections == 0 else "whenever you like"
    return (f"<p class='candle-ready' role='status'><strong>You are set up.</strong> "
            f"{site.link_html(REFLECT, site.START_HERE, write)} {when}. "
            "You can change My profile below at any time.</p>")


class FirstRun:
    """The first-run path for one practitioner: a checklist and the next step's form."""

    def __init__(self, workspace: Workspace, user_id: str,
                 debounce_seconds: float = drafts.DEBOUNCE_SECONDS) -> None:
        self.workspace, self.user_id, self.debounce = workspace, user_id, debounce_seconds
        self.checklist = lean.html("")
        self.moved_on = lean.html("")  # 'Saved: ... Next: ...' when a step is done
        self.moved_on.add_class("candle-first-run-status")
        self.widget = lean.vbox([self.checklist])
        self.widget.add_class("candle-first-run")
        self.form = None
        self.step: int | None = -1
        self.refresh()
        self.stop_listening = events.listen(self._saved)

    def next_step(self) -> int | None:
        """The index of the first step not done yet (None when all are done)."""
        done = steps_done(self.workspace, self.user_id)
        self.checklist.value = checklist_html(done)
        return next((index for index, is_done in enumerate(done) if not is_done), None)

    def refresh(self) -> None:
        """Show the next step's form (or, all done, the ready note and My profile)."""
        step = self.next_step()
        if step == self.step:
            return
        if self.step is not None and self.step >= 0:
            following = STEPS[step].title.lower() if step is not None else "write your first reflection"
            self.moved_on.value = (f"<p role='status'><strong>Saved.</strong> "
                                   f"{html.escape(STEPS[self.step].title)}: done. "
                                   f"Next: {html.escape(following)}.</p>")
        self.step = step
        name = STEPS[step].form if step is not None else "my_profile"
        self.form = open_form(name, self.workspace, self.user_id, debounce_seconds=self.debounce)
        reflections = len(self.workspace.store.latest(Reflection.TABLE, self.user_id))
        ready = [lean.html(ready_html(reflections))] if step is None else []
        self.widget.children = [self.checklist, self.moved_on, *ready, self.form.widget]

    def _saved(self, root: Path, table: str) -> None:
        if root == self.workspace.root and table in WATCHED:
            self.refresh()


def not_a_practitioner_html(person_name: str, kinds_words: str, kinds: list[str]) -> str:
    """What Start here says instead of first steps to someone who is not a practitioner (their
    own pages as links)."""
    pages = [site.link_html(site.page(OTHER_PAGES[kind]), site.START_HERE)
             for kind in kinds if kind in OTHER_PAGES]
    noun = "Your page" if len(pages) == 1 else "Your pages"
    where = f" {noun}: {', '.join(pages)}." if pages else ""
    return (f"<p class='candle-not-for-you' role='note'>The first steps (profile, licence, focus "
            f"area) are for practitioners. You are {html.escape(person_name)}, "
            f"{html.escape(kinds_words)}.{where}</p>")


def show_first_run(workspace: Workspace | None = None, user_id: str | None = None) -> None:
    """Display the first-run path for the current user (one line in Start here; returns
    nothing, so the cell shows only the path)."""
    from IPython.display import display

    try:
        ws = workspace or kernel_workspace()  # on a hub: the kernel's copy, synced now
        person = ws.person(user_id) if user_id else ws.current_user()
    except NoRole:
        return  # the page's header says it, once
    except KitError as error:
        display(widgets.HTML(f"<p role='alert'>{html.escape(str(error), quote=False)}</p>"))
        return
    if "practitioner" not in person.kinds:
        display(widgets.HTML(not_a_practitioner_html(person.name, kinds_in_words(person),
                                                     list(person.kinds))))
        return
    display(FirstRun(ws, person.id).widget)
