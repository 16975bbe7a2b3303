"""Editing an earlier record: pick it from a list, change it (or withdraw it), say why.

An :class:`EditorView` is a :class:`FormView` whose Save makes a new version
(:func:`kit.capture.submit.edit`); the earlier version stays in the history and the
tables. Its 'Withdraw this entry' takes the record out of use after a confirmation
(:func:`kit.capture.submit.withdraw`): nothing is deleted, and withdrawing the withdrawal
(whoever runs the workspace can) brings it back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import ipywidgets as widgets

from kit import logs
from kit.errors import KitError, ValidationProblems
from kit.forms import drafts, entry_list, frame
from kit.forms.collect import EDIT_REASON, edit_reason
from kit.forms.controller import FormView
from kit.forms.messages import field_message_html, plain
from kit.forms.template import FormTemplate
from kit.hub.backend import WorkspaceBackend
from kit.model.records import Record, Withdrawal
from kit.store.workspace import Workspace
from kit.views import lean

log = logging.getLogger(__name__)

WITHDRAWN = "Withdrawn. It no longer counts anywhere; its history is kept."
NO_REASON = "say why you are withdrawing this entry"


class EditorView(FormView):
    """A form that changes one of the user's earlier records, saving a new version.

    ``picker`` lists the earlier records by readable label; choosing one loads
    it into the form. A reason for the change is required.
    """

    _editor = True
    withdrawing: frame.WithdrawBar | None = None  # None in an edit-only form (closing an area)
    on_withdrawn: Callable[[], None] | None = None  # told once an entry is withdrawn

    def __init__(self, template: FormTemplate, workspace: Workspace, user_id: str,
                 edit_entity_id: str | None = None,
                 debounce_seconds: float = drafts.DEBOUNCE_SECONDS,
                 backend: WorkspaceBackend | None = None) -> None:
        self.picker = frame.record_picker("Record to change",
                                          "Choose which of your earlier records to change",
                                          "candle-edit-picker")
        self._labels = entry_list.EntryLabels(workspace, user_id)
        super().__init__(template, workspace, user_id, None, debounce_seconds, backend)
        if edit_entity_id and (self.editing is None or self.editing.entity_id != edit_entity_id):
            try:
                self.load_entity(edit_entity_id)
            except KitError as error:
                self._show_status(f"{error} Choose one of your records from the list.", "error")
        if not template.editor_only:
            self.withdrawing = frame.withdraw_bar(self.ask_withdraw, self.withdraw,
                                                  self.cancel_withdraw)
        self.refresh_choices()
        self.picker.observe(self._on_pick, names="value")
        self.widget.children = [self.title, self.intro, self.picker,
                                *self._with_withdraw(self.widget.children[2:])]
        if self.editing is None:
            self._quietly(lambda: setattr(self.picker, "value", None))
        self._sync_withdraw()

    def _with_withdraw(self, children: tuple[widgets.Widget, ...]) -> list[widgets.Widget]:
        """``children`` with 'Withdraw this entry' beside Save and its confirmation below."""
        if self.withdrawing is None:
            return list(children)
        buttons = lean.hbox([self.save_button, self.withdrawing.button])
        return [part for child in children for part in (
            (buttons, self.withdrawing.confirm_row) if child is self.save_button else (child,))]

    def records(self) -> list[Record]:
        """The user's earlier records this editor can change (latest versions)."""
        return entry_list.offered(self.template, self.workspace, self.user_id)

    def refresh_choices(self) -> None:
        """Rebuild the list of earlier records."""
        self._labels.refresh()
        newest_first = sorted(self.records(), key=lambda r: r.created_at, reverse=True)
        choices = [(self.item_label(r), r.entity_id) for r in newest_first]
        keep = self.editing.entity_id if self.editing is not None else None
        keep = keep if keep in {value for _label, value in choices} else None
        self._quietly(lambda: (setattr(self.picker, "options", choices),
                               setattr(self.picker, "value", keep)))

    def item_label(self, record: Record) -> str:
        """A readable line for an earlier record: the template's ``item_label``, the first
        words of its text and when it was saved (:class:`kit.forms.entry_list.EntryLabels`)."""
        return self._labels.line(self.template, record)

    def _on_pick(self, change: dict) -> None:
        if self._loading or change["new"] is None:
            return
        self.load_entity(change["new"])
        self._clear_messages()
        self._unchanged_since_save = False
        self._sync_withdraw()

    def refresh_lists(self) -> None:
        """After a save elsewhere on the page: the pickers and the list of earlier records."""
        super().refresh_lists()
        self.refresh_choices()
        if self.editing is not None and self.picker.value is None:
            self.editing = None  # e.g. closed in another form: nothing left to change here
            self._reset_values()
        self._sync_withdraw()

    def after_save(self) -> None:
        """Refresh the pickers and the list; a record that left the list leaves the form."""
        super().after_save()
        self.refresh_choices()
        if self.editing is not None and self.picker.value is None:
            self.editing = None  # e.g. a focus area just closed: nothing left to change
            self._reset_values()
        self._sync_withdraw()

    # -- withdrawing ------------------------------------------------------------
    def _sync_withdraw(self) -> None:
        """'Withdraw this entry' works once an entry is picked; without one, no question shows."""
        if self.withdrawing is None:
            return
        self.withdrawing.button.disabled = self.editing is None
        if self.editing is None:
            self.withdrawing.hide()

    def _withdraw_refusal(self) -> bool:
        """Show why the picked entry cannot be withdrawn yet (none picked, no reason); True if so."""
        if self.editing is None:
            self._show_status("Not withdrawn: choose the entry from the list at the top first.",
                              "error")
            return True
        if not edit_reason(self.inputs):
            self.field_messages[EDIT_REASON].value = field_message_html(NO_REASON)
            self._show_status("Not withdrawn: say why in 'Reason for the change', shown beside "
                              "the field.", "error")
            return True
        return False

    def ask_withdraw(self) -> None:
        """What 'Withdraw this entry' does: with an entry and a reason, ask to confirm."""
        assert self.withdrawing is not None
        self._clear_messages()
        self.withdrawing.hide()
        if self._withdraw_refusal():
            return
        assert self.editing is not None
        self.withdrawing.ask(f"Withdraw '{self.item_label(self.editing)}'? This can be undone by "
                             "whoever runs the workspace.")

    def cancel_withdraw(self) -> None:
        """What Cancel does: the entry stays as it is."""
        if self.withdrawing is not None:
            self.withdrawing.hide()
        self._show_status("Not withdrawn: the entry stays as it is.", "info")

    def withdraw(self) -> Withdrawal | None:
        """Withdraw the picked entry with the reason given (what Confirm does): it leaves the
        list and every table, its versions stay. The withdrawal, or None when refused."""
        if self.withdrawing is not None:
            self.withdrawing.hide()
        self._clear_messages()
        if self._withdraw_refusal():
            return None
        assert self.editing is not None
        self._saving = True
        try:
            withdrawal = self.backend.withdraw(self.model.TABLE, self.editing.entity_id,
                                               self.editing.practitioner_id, edit_reason(self.inputs))
        except KitError as error:
            self._withdraw_failed(error)
            return None
        except Exception as error:  # nothing may reach the user as a traceback: it goes to the log
            log.error("form %s of user %s: withdrawing failed unexpectedly", self.template.name,
                      self.user_id, exc_info=True, extra=logs.for_workspace(self.workspace.root))
            self._show_status(f"Nothing was withdrawn: something unexpected went wrong ({error}). "
                              "Try again; the details are in the workspace's log for whoever "
                              "looks after the kit.", "error")
            return None
        finally:
            self._saving = False
        self._withdrawn()
        return withdrawal

    def _withdraw_failed(self, error: KitError) -> None:
        if isinstance(error, ValidationProblems):
            reasons = error.by_field().get("reason", [])
            if reasons:
                self.field_messages[EDIT_REASON].value = field_message_html(
                    "; ".join(plain(message) for message in reasons))
        self._show_status(f"Not withdrawn. {error}", "error")

    def _withdrawn(self) -> None:
        """The entry is out of use: the form forgets it and its draft."""
        self.drafts.discard()
        self._draft_bar.hide()
        self.editing = None
        self._reset_values()
        self.refresh_options()
        self.refresh_choices()
        self._sync_withdraw()
        self._show_status(WITHDRAWN, "success")
        if self.on_withdrawn is not None:
            self.on_withdrawn()
