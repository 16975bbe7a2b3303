"""A form drawn when the person asks for it, for a page with several forms.

The Reflect page offers four sets of prompts; drawing all four forms as the page opened made
it the slowest page (every form's widgets opened on the server, then built in the browser,
before the first form could be used). Focus areas' "Close a focus area" and "Names to hide"
are drawn on request too. :class:`FormOnRequest` shows a button named after the
form ("Open: A nugget or gem"); pressing it draws the form just below and the button then hides
and shows it again ("Hide: ..."), so keyboard focus stays on the button and Tab goes on into
the form. A form with a draft of the person's is drawn at once, as before, so a draft is never
out of sight; what the browser kept after a lost connection goes back into the form when it is
drawn (:mod:`kit.forms.connection` reads it as the form appears).
"""

from __future__ import annotations

from collections.abc import Callable

from kit.forms import drafts, frame
from kit.forms.controller import FormView
from kit.forms.template import FormTemplate
from kit.store.workspace import Workspace
from kit.views import lean

OPEN, HIDE = "Open", "Hide"


def has_draft(template: FormTemplate, workspace: Workspace, user_id: str) -> bool:
    """Whether ``user_id`` has a draft of the form ``template`` as a page shows it (in any tab)."""
    name = drafts.draft_name(template.name, edit_mode=template.editor_only)
    return drafts.newest_draft(workspace, user_id, name, template.model.PRIVATE) is not None


class FormOnRequest:
    """A button that draws a form (``opener()``) below it when pressed, then hides and shows it.

    ``widget`` is what the page displays; ``view`` is the form once drawn (else None).
    """

    def __init__(self, template: FormTemplate, opener: Callable[[], FormView],
                 draw_now: bool = False) -> None:
        self.title = template.title
        self._opener = opener
        self.view: FormView | None = None
        self.button = frame.button(description=self._label(OPEN), icon="pencil", width="fit-content",
                                   tooltip=f"Show the form '{template.title}' here")
        self.button.add_class("candle-open-form")
        self.button.on_click(lambda _button: self.toggle())
        self.holder = lean.vbox()
        self.widget = lean.vbox([self.button, self.holder])
        self.widget.add_class(f"candle-on-request-{template.name.replace('_', '-')}")
        if draw_now:
            self.toggle()

    def _label(self, verb: str) -> str:
        return f"{verb}: {self.title}"

    @property
    def shown(self) -> bool:
        """Whether the form is drawn and not hidden."""
        return self.view is not None and not lean.is_hidden(self.holder)

    def toggle(self) -> None:
        """Draw the form (the first time), or hide or show it again."""
        if self.view is None:
            self.view = self._opener()
            self.holder.children = (self.view.widget,)
        else:
            frame.set_hidden(self.holder, self.shown)
        self.button.description = self._label(HIDE if self.shown else OPEN)
