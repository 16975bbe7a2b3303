"""The functions a notebook cell calls: open or show a form, or an editor."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from kit.capture.permissions import may_write, why_not
from kit.errors import KitError, NoRole
from kit.forms import drafts
from kit.forms.controller import FormView
from kit.forms.editor import EditorView
from kit.forms.entries import EntryEditor, entry_templates, writable_templates
from kit.forms.follow import follow_box
from kit.forms.licence_application import FORM as APPLICATION_FORM
from kit.forms.licence_application import ApplicationSection
from kit.forms.on_request import FormOnRequest, has_draft
from kit.forms.profile import ProfileView
from kit.forms.template import load_template
from kit.hub.mirror import kernel_workspace
from kit.model.records import Profile
from kit.store.workspace import Workspace
from kit.views import lean


def _who(workspace: Workspace | None, user_id: str | None) -> tuple[Workspace, str]:
    """The workspace (default: the kernel's, see kernel_workspace) and a user known to it."""
    workspace = workspace or kernel_workspace()
    person = workspace.person(user_id) if user_id else workspace.current_user()
    return workspace, person.id


def open_form(name: str, workspace: Workspace | None = None, user_id: str | None = None,
              edit_entity_id: str | None = None,
              debounce_seconds: float = drafts.DEBOUNCE_SECONDS) -> FormView:
    """Open the form ``name`` for ``user_id`` (default: the workspace's current user).

    With ``edit_entity_id`` (or for an edit-only form such as
    ``focus_area_close``) the form saves a new version of an earlier record.
    """
    workspace, user_id = _who(workspace, user_id)
    template = load_template(name)
    if template.record == Profile.KIND:  # one profile each: its form changes it in place
        return ProfileView(template, workspace, user_id, None, debounce_seconds)
    if template.editor_only or edit_entity_id:
        return EditorView(template, workspace, user_id, edit_entity_id, debounce_seconds)
    return FormView(template, workspace, user_id, None, debounce_seconds)


def open_editor(name: str, workspace: Workspace | None = None, user_id: str | None = None,
                debounce_seconds: float = drafts.DEBOUNCE_SECONDS) -> EditorView:
    """Open ``name`` as an editor: pick an earlier record, change it, give a reason."""
    workspace, user_id = _who(workspace, user_id)
    return EditorView(load_template(name), workspace, user_id, None, debounce_seconds)


def open_entries(*kinds: str, workspace: Workspace | None = None, user_id: str | None = None,
                 debounce_seconds: float = drafts.DEBOUNCE_SECONDS) -> EntryEditor:
    """Open 'Edit a saved entry' over every form that saves records of ``kinds`` (record kinds,
    e.g. ``"reflection"``; every kind when none) and that the user may write."""
    workspace, user_id = _who(workspace, user_id)
    templates = writable_templates(workspace.person(user_id), kinds)
    if not templates:
        raise KitError("There is nothing here you can change.",
                       "These entries are written by someone in another role.")
    return EntryEditor(templates, workspace, user_id, debounce_seconds)


def open_application(workspace: Workspace | None = None, user_id: str | None = None,
                     debounce_seconds: float = drafts.DEBOUNCE_SECONDS) -> ApplicationSection:
    """The Licence page's first section for ``user_id``: the application form while an
    application is possible, else where the licence stands (see ApplicationSection)."""
    workspace, user_id = _who(workspace, user_id)
    return ApplicationSection(workspace, user_id, debounce_seconds)


def not_for_you(name: str, workspace: Workspace | None = None, user_id: str | None = None
                ) -> str | None:
    """Why the form ``name`` is not for this user (their kinds may not write its records), or None."""
    workspace = workspace or kernel_workspace()
    person = workspace.person(user_id) if user_id else workspace.current_user()
    table = load_template(name).model.TABLE
    return None if may_write(person, table) else why_not(person, table)


def _note(text: str, css: str, strong: str, role: str) -> widgets.HTML:
    note = lean.html(f"<p role='{role}'><strong>{strong}</strong> "
                        f"{html.escape(text, quote=False)}</p>")
    note.add_class(css)
    return note


def _display_or_explain(opener, name: str, kwargs: dict[str, Any]) -> Any:
    from IPython.display import display

    try:
        reason = not_for_you(name, kwargs.get("workspace"), kwargs.get("user_id"))
        if reason:  # the page shows only what the user's kinds allow, and says why
            display(_note(reason, "candle-not-for-you", "Nothing to fill in here.", "note"))
            return None
        view = opener(name, **kwargs)
    except NoRole:
        return None  # someone with no part in the team's work: the page's header says so, once
    except KitError as error:  # no workspace, unknown user, unknown form: say so plainly
        display(_note(str(error), "candle-error", "This form cannot be shown.", "alert"))
        return None
    display(view.widget)
    return view


def show(name: str, **kwargs: Any) -> None:
    """Display the form ``name`` (one line in a notebook cell); problems in plain words.

    Takes the keyword arguments of :func:`open_form`.
    """
    _display_or_explain(open_form, name, kwargs)


def show_on_request(name: str, **kwargs: Any) -> None:
    """:func:`show` the form ``name`` behind a button that draws it when pressed, or at once
    when the person has a draft of it (:class:`kit.forms.on_request.FormOnRequest`): for the
    forms below a page's first, so the page is ready sooner. Takes :func:`open_form`'s keyword
    arguments."""
    def opener(form: str, **given: Any) -> FormOnRequest:
        workspace, user_id = _who(given.get("workspace"), given.get("user_id"))
        template = load_template(form)
        return FormOnRequest(template, lambda: open_form(form, **given),
                             draw_now=has_draft(template, workspace, user_id))

    _display_or_explain(opener, name, kwargs)


def show_following(name: str, field: str, box: widgets.Text | None, **kwargs: Any) -> None:
    """:func:`show` the form ``name`` with its ``field`` tied to ``box`` on the same page
    (:func:`kit.forms.follow.follow_box`; as :func:`show` when there is no box)."""
    form = _display_or_explain(open_form, name, kwargs)
    if form is not None and box is not None:
        follow_box(box, form, field)


def show_entries(*kinds: str, **kwargs: Any) -> None:
    """Display 'Edit a saved entry' for records of ``kinds`` (see :func:`open_entries`); to
    someone whose role writes none of them, why not."""
    from IPython.display import display

    try:
        workspace, user_id = _who(kwargs.get("workspace"), kwargs.get("user_id"))
        person = workspace.person(user_id)
        if not writable_templates(person, kinds):
            table = entry_templates(kinds)[0].model.TABLE
            display(_note(why_not(person, table), "candle-not-for-you", "Nothing to change here.",
                          "note"))
            return
        editor = open_entries(*kinds, **kwargs)
    except NoRole:
        return  # someone with no part in the team's work: the page's header says so, once
    except KitError as error:  # no workspace, unknown user: say so plainly
        display(_note(str(error), "candle-error", "This list cannot be shown.", "alert"))
        return
    display(editor.widget)


def show_editor(name: str, **kwargs: Any) -> None:
    """Display ``name`` as an editor of earlier records (see :func:`open_editor`)."""
    _display_or_explain(open_editor, name, kwargs)


def show_application(**kwargs: Any) -> None:
    """Display the Licence page's first section (see :func:`open_application`, whose keyword
    arguments it takes)."""
    _display_or_explain(lambda _name, **given: open_application(**given), APPLICATION_FORM, kwargs)
