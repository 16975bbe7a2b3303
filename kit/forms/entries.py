"""'Edit a saved entry': one list of every saved entry a page is about, whatever form saved it.

:class:`EntryEditor` lists the person's entries of several forms at once (on Reflect: every
reflection template's; on the Licence page: the micro-project and every licence decision,
planned ones included), newest first, each line naming its kind, its date and focus or step,
and the first words of its text. Choosing one opens it in that form's own editor
(:class:`kit.forms.editor.EditorView`, made the first time it is needed), which saves the new
version or withdraws the entry through the page's workspace interface, with the same rules
as every other save. Which forms take part comes from the templates
(:func:`entry_templates`): a new template for a record kind joins the list by itself.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from kit.capture import events
from kit.capture.permissions import may_write
from kit.forms import drafts, frame
from kit.forms.editor import WITHDRAWN, EditorView
from kit.forms.entry_list import EntryLabels, offered
from kit.forms.messages import status_html
from kit.forms.template import FormTemplate, form_names, load_template
from kit.hub.backend import WorkspaceBackend, open_backend
from kit.model.records import FocusArea, Profile, Withdrawal
from kit.resources import FORMS_DIR
from kit.store.workspace import Person, Workspace
from kit.views import lean

Choice = tuple[str, str]
"""An entry in the list: (form name, entity id)."""

INTRO = ("Choose one of your saved entries ({kinds}), then change it and say why, or withdraw "
         "it. The earlier version stays in your history.")
RECORD_LINE = re.compile(r"^record:\s*(\S+)", re.MULTILINE)
NOTHING_YET = "You have no saved entries here yet: what you save above appears in this list."


def entry_templates(kinds: Sequence[str] = ()) -> list[FormTemplate]:
    """The forms whose entries 'Edit a saved entry' lists: every form that saves new records
    of one of ``kinds`` (every kind when empty), in the order of ``kinds``, then by name.

    Edit-only forms (closing a focus area) and the profile (its own form changes it) are left
    out."""
    names = [name for name in form_names() if not kinds or _record_line(name) in kinds]
    found = [load_template(name) for name in names]  # parsing every form would cost ~1 s
    found = [t for t in found if not t.editor_only and t.record != Profile.KIND
             and (not kinds or t.record in kinds)]
    order = {kind: index for index, kind in enumerate(kinds)}
    return sorted(found, key=lambda t: (order.get(t.record, 0), t.name))


def _record_line(name: str) -> str:
    """The record kind the form ``name`` says it fills, read from its top-level ``record:`` line
    without parsing the template ('' when there is none: the template check then says so)."""
    text = (FORMS_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    found = RECORD_LINE.search(text)
    return found.group(1).strip("'\"") if found else ""


def writable_templates(person: Person, kinds: Sequence[str] = ()) -> list[FormTemplate]:
    """:func:`entry_templates` of ``kinds`` whose records ``person``'s kinds may write."""
    return [t for t in entry_templates(kinds) if may_write(person, t.model.TABLE)]


class EntryEditor:
    """'Edit a saved entry' for ``templates``' entries of ``user_id`` in ``workspace``.

    Public parts: ``widget`` (display it), ``picker`` (value: ``(form name, entity id)``),
    ``current`` (the form's editor now shown, or None), ``editor(name)`` (a form's editor,
    made on first use) and ``refresh()``.
    """

    def __init__(self, templates: Sequence[FormTemplate], workspace: Workspace, user_id: str,
                 debounce_seconds: float = drafts.DEBOUNCE_SECONDS,
                 backend: WorkspaceBackend | None = None) -> None:
        self.templates = {template.name: template for template in templates}
        self.workspace, self.user_id = workspace, user_id
        self.backend = backend or open_backend(workspace, user_id)
        self.debounce_seconds = debounce_seconds
        self.labels = EntryLabels(workspace, user_id)
        self.views: dict[str, EditorView] = {}
        self.current: EditorView | None = None
        self._quiet = False
        kinds = ", ".join(dict.fromkeys(t.entry_kind for t in templates))
        intro = lean.html(f"<p>{html.escape(INTRO.format(kinds=kinds), quote=False)}</p>")
        self.picker = frame.record_picker("Entry to change",
                                          "Choose which of your saved entries to change",
                                          "candle-entry-picker", max_width="60em")
        self.nothing = lean.html(f"<p>{html.escape(NOTHING_YET, quote=False)}</p>")
        self.nothing.add_class("candle-no-entries")
        self.holder = lean.vbox()
        self.status = frame.status_line()
        self.status.add_class("candle-entries-status")
        self.widget = lean.vbox([intro, self.picker, self.nothing, self.holder, self.status])
        self.widget.add_class("candle-entry-editor")
        self.refresh()
        self._restore_draft()
        self.picker.observe(self._on_pick, names="value")
        self.stop_listening = events.listen(self._saved_elsewhere)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # -- the list ---------------------------------------------------------------
    def choices(self) -> list[tuple[str, Choice]]:
        """Every entry offered, newest first: (its line, (form name, entity id))."""
        found, seen, own = [], set(), {}
        for template in self.templates.values():
            for record in offered(template, self.workspace, self.user_id, own):
                if record.entity_id not in seen:
                    seen.add(record.entity_id)
                    found.append((record.created_at, template, record))
        found.sort(key=lambda item: item[0], reverse=True)
        return [(f"{template.entry_kind} – {self.labels.line(template, record)}",
                 (template.name, record.entity_id)) for _when, template, record in found]

    def refresh(self) -> None:
        """Rebuild the list (labels and names read again); the entry chosen stays chosen while
        it is still in the list."""
        self.labels.refresh()
        choices = self.choices()
        keep = self.picker.value if self.picker.value in {value for _l, value in choices} else None
        self._quietly(lambda: (setattr(self.picker, "options", choices),
                               setattr(self.picker, "value", keep)))
        frame.set_hidden(self.nothing, bool(choices))

    def _tables(self) -> set[str]:
        return {t.model.TABLE for t in self.templates.values()} | {Withdrawal.TABLE,
                                                                    FocusArea.TABLE}

    def _saved_elsewhere(self, root: Path, table: str) -> None:
        if root == self.workspace.root and table in self._tables():
            self.refresh()

    def _quietly(self, action) -> None:
        self._quiet = True
        try:
            action()
        finally:
            self._quiet = False

    # -- the form of the chosen entry ----------------------------------------------
    def editor(self, name: str) -> EditorView:
        """The editor of form ``name`` shown under the list (made the first time), without a
        list of its own: this one chooses for it."""
        if name not in self.views:
            view = EditorView(self.templates[name], self.workspace, self.user_id, None,
                              self.debounce_seconds, self.backend)
            frame.set_hidden(view.picker, True)
            frame.set_hidden(view.intro, True)
            view.title.value = f"<h3>{html.escape(self.templates[name].entry_kind, quote=False)}</h3>"
            view.on_withdrawn = self._withdrawn
            self.views[name] = view
        return self.views[name]

    def _show(self, view: EditorView) -> None:
        self.current = view
        self.holder.children = (view.widget,)
        self.status.value = ""

    def _withdrawn(self) -> None:
        """An entry was withdrawn: its emptied form goes, the list says so."""
        self.current = None
        self.holder.children = ()
        self.status.value = status_html(WITHDRAWN, "success")

    def _on_pick(self, change: dict) -> None:
        if self._quiet or change["new"] is None:
            return
        name, entity_id = change["new"]
        view = self.editor(name)
        if entity_id not in {value for _label, value in view.picker.options}:
            view.refresh_choices()
        self._show(view)
        if view.picker.value == entity_id and view.editing is not None:
            return  # already open in its form (e.g. with a restored draft)
        view.picker.value = entity_id

    def _restore_draft(self) -> None:
        """Open the form whose edit draft is newest, on the entry the draft was changing."""
        kept = [(path.stat().st_mtime, name) for name, template in self.templates.items()
                if (path := drafts.newest_draft(self.workspace, self.user_id, f"{name}.edit",
                                                private=template.model.PRIVATE))]
        if not kept:
            return
        view = self.editor(max(kept)[1])
        if view.editing is None:
            return
        self._show(view)
        wanted = (view.template.name, view.editing.entity_id)
        if wanted in {value for _label, value in self.picker.options}:
            self._quietly(lambda: setattr(self.picker, "value", wanted))
