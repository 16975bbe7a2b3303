"""A form field tied to a box elsewhere on its page: the lead page's review note form takes
its Period from the reviews' Period box, so the page has one period for everything."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ipywidgets as widgets

    from kit.forms.controller import FormView


def follow_box(box: widgets.Text, form: FormView, field: str) -> None:
    """Make ``form``'s ``field`` start at ``box``'s value, change with it, and return to it after
    a save clears the form (the field can still be typed in the form itself)."""
    target = form.inputs[field]
    target.value = box.value
    box.observe(lambda change: setattr(target, "value", change["new"]), names="value")
    form.on_saved = lambda: setattr(target, "value", box.value)
