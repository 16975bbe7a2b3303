"""The parts of a form around its fields: heading, draft bar, reason box, Save, status.

Plain widget building, no behaviour: :class:`kit.forms.controller.FormView`
wires the buttons to what they do.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from kit.forms.template import FormTemplate
from kit.views import lean
from kit.views.lean import set_hidden

__all__ = ["set_hidden"]  # hiding a part gives it a Layout of its own (kit.views.lean)


def heading_texts(template: FormTemplate, edit_mode: bool) -> tuple[str, str]:
    """The form's title and introduction (an editor says what it changes)."""
    if not edit_mode or template.editor_only:
        return template.title, template.intro
    return (f"Change an earlier {template.model.TITLE.lower()}",
            "Choose it from the list, make your changes and say why. "
            "The earlier version stays in your history.")


def heading(template: FormTemplate, edit_mode: bool) -> tuple[widgets.HTML, widgets.HTML]:
    """The title and introduction widgets."""
    title, intro = heading_texts(template, edit_mode)
    intro = html.escape(intro, quote=False)
    return (lean.html(f"<h3>{html.escape(title, quote=False)}</h3>"),
            lean.html(f"<div style='line-height:1.4'>{intro}</div>" if intro else ""))


def record_picker(description: str, tooltip: str, css: str, max_width: str = "48em"
                  ) -> widgets.Dropdown:
    """An editor's list of earlier records (empty until the editor fills it)."""
    picker = widgets.Dropdown(options=[], value=None, description=description,
                              description_allow_html=False, tooltip=tooltip,
                              layout=lean.layout(width="100%", max_width=max_width),
                              style=lean.style(widgets.Dropdown, description_width="initial"))
    picker.add_class(css)
    return picker


def button(width: str | None = None, **traits: Any) -> widgets.Button:
    """A button with the shared Style and the shared Layout of ``width`` (``traits``: its
    description, tooltip, icon, button_style)."""
    sized = lean.layout(width=width) if width else lean.layout()
    return widgets.Button(layout=sized, style=lean.style(widgets.Button), **traits)


@dataclass
class DraftBar:
    """'Draft restored from ...' and the button that throws the draft away."""

    bar: widgets.HBox
    notice: widgets.HTML
    discard: widgets.Button

    def show(self, notice_html: str) -> None:
        """Show the bar with ``notice_html``."""
        self.notice.value = notice_html
        set_hidden(self.bar, False)

    def hide(self) -> None:
        """Hide the bar and empty its notice."""
        self.notice.value = ""
        set_hidden(self.bar, True)


def draft_bar(on_discard: Callable[[], None]) -> DraftBar:
    """A hidden draft bar whose button calls ``on_discard``."""
    notice = lean.html("")
    notice.add_class("candle-draft-notice")
    discard = button(description="Discard draft",
                     tooltip="Throw away the restored draft and start again", icon="trash")
    discard.add_class("candle-discard-draft")
    discard.on_click(lambda _button: on_discard())
    bar = lean.hbox([notice, discard])
    bar.add_class("candle-draft-bar")
    set_hidden(bar, True)
    return DraftBar(bar, notice, discard)


@dataclass
class ReasonBox:
    """An editor's required 'reason for the change' box."""

    box: widgets.VBox
    area: widgets.Textarea
    message: widgets.HTML


def reason_box() -> ReasonBox:
    """The reason-for-the-change box, with its message line."""
    area = widgets.Textarea(rows=2, layout=lean.layout(width="100%", max_width="48em"),
                            description="Reason for the change", description_allow_html=False,
                            tooltip="Say why you are changing this record; the earlier "
                                    "version stays in your history.",
                            style=lean.style(widgets.Textarea, description_width="0px"))
    area.add_class("candle-input")
    area.add_class("candle-field-edit-reason")
    message = lean.html("")
    message.add_class("candle-message")
    message.add_class("candle-message-edit-reason")
    title = lean.html("<strong>Reason for the change (required)</strong><br><small>"
                         "The earlier version stays in your history.</small>")
    return ReasonBox(lean.vbox([title, area, message]), area, message)


def save_button(template: FormTemplate, edit_mode: bool, on_save: Callable[[], object]
                ) -> widgets.Button:
    """The Save button ('Save new version' in an editor), calling ``on_save``."""
    save = button(description="Save new version" if edit_mode else "Save", button_style="primary",
                  tooltip=f"Save this {template.model.TITLE.lower()}", icon="check", width="14em")
    save.add_class("candle-save")
    save.on_click(lambda _button: on_save())
    return save


@dataclass
class WithdrawBar:
    """An editor's 'Withdraw this entry' button and its confirmation (question, Confirm, Cancel)."""

    button: widgets.Button
    confirm_row: widgets.VBox
    question: widgets.HTML
    confirm: widgets.Button
    cancel: widgets.Button

    def ask(self, question: str) -> None:
        """Show the confirmation with ``question``."""
        self.question.value = f"<span role='alert'>{html.escape(question, quote=False)}</span>"
        set_hidden(self.confirm_row, False)

    def hide(self) -> None:
        """Hide the confirmation."""
        self.question.value = ""
        set_hidden(self.confirm_row, True)


def withdraw_bar(on_withdraw: Callable[[], object], on_confirm: Callable[[], object],
                 on_cancel: Callable[[], object]) -> WithdrawBar:
    """The 'Withdraw this entry' button and its hidden confirmation row."""
    withdraw = button(description="Withdraw this entry", icon="archive", width="14em",
                      tooltip="Take this entry out of use; its history is kept")
    withdraw.add_class("candle-withdraw")
    confirm = button(description="Confirm", button_style="danger", icon="check",
                     tooltip="Withdraw it")
    confirm.add_class("candle-withdraw-confirm")
    cancel = button(description="Cancel", tooltip="Keep it")
    cancel.add_class("candle-withdraw-cancel")
    for widget, action in ((withdraw, on_withdraw), (confirm, on_confirm), (cancel, on_cancel)):
        widget.on_click(lambda _button, action=action: action())
    question = lean.html("")
    row = lean.vbox([question, lean.hbox([confirm, cancel])])
    row.add_class("candle-withdraw-question")
    set_hidden(row, True)
    return WithdrawBar(withdraw, row, question, confirm, cancel)


def status_line() -> widgets.HTML:
    """The status line under the Save button."""
    status = lean.html("")
    status.add_class("candle-status")
    return status
