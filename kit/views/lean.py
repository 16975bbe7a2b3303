"""Widgets that share their Layout and Style models, so a page has fewer models to open.

Every ipywidgets control brings a Layout model of its own and most a Style model too: a line of
text (an HTML widget) is three models, each opened by a message of its own while the page's
cell runs and built again in the browser when the page asks for its widgets. A reflection form
of 40 such lines was 120 models for words that never change how they look, and the Reflect
page's 584 models took about half a second to open on the server alone.

The widgets made here share one Layout (and one Style) per look: :func:`layout` and
:func:`style` give the one for a set of settings, created once per kernel. A shared Layout or
Style refuses a change (it would change every widget that shares it); :func:`set_hidden` moves a
widget to the shared Layout that differs only in being hidden. Nothing here changes what a page
shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

_SHARED: dict[tuple[Any, ...], widgets.Widget] = {}


class SharedModelChanged(RuntimeError):
    """A shared Layout or Style was changed: the code should give the widget its own."""


def _refuse(owner: widgets.Widget, proposal: dict[str, Any]) -> None:
    raise SharedModelChanged(f"A shared {type(owner).__name__} cannot change "
                             f"({proposal['trait'].name}): give the widget its own first.")


def _shared(kind: type[widgets.Widget], settings: dict[str, Any]) -> Any:
    key = (kind, tuple(sorted(settings.items())))
    if key not in _SHARED:
        made = kind(**settings)
        made._register_validator(_refuse, [name for name in made.keys if not name.startswith("_")])
        _SHARED[key] = made
    return _SHARED[key]


def layout(**settings: Any) -> widgets.Layout:
    """The shared Layout with ``settings`` (e.g. ``width="14em"``)."""
    return _shared(widgets.Layout, settings)


def style(control: type[widgets.DOMWidget], **settings: Any) -> Any:
    """The shared Style, with ``settings``, for widgets of class ``control`` (e.g. the
    ``TextStyle`` of a ``widgets.Textarea``)."""
    return _shared(control.class_traits()["style"].klass, settings)


def _settings(model: widgets.Widget) -> dict[str, Any] | None:
    """The settings a shared Layout or Style was made with (None: ``model`` is not shared)."""
    for (_kind, settings), shared in _SHARED.items():
        if model is shared:
            return dict(settings)
    return None


def is_shared(model: widgets.Widget) -> bool:
    """Whether ``model`` is one of the shared Layouts or Styles."""
    return _settings(model) is not None


def set_hidden(widget: widgets.DOMWidget, hidden: bool) -> None:
    """Hide or show ``widget`` (it keeps its place in the page). A widget with a shared Layout
    moves to the shared one with the same settings but its display (no new model)."""
    settings = _settings(widget.layout)
    if settings is None:
        widget.layout.display = "none" if hidden else None
        return
    settings.pop("display", None)
    widget.layout = layout(**settings, **({"display": "none"} if hidden else {}))


def is_hidden(widget: widgets.DOMWidget) -> bool:
    """Whether ``widget`` is hidden (:func:`set_hidden`)."""
    return widget.layout.display == "none"


def html(value: str = "", **kwargs: Any) -> widgets.HTML:
    """An HTML widget with the shared plain Layout and Style (``kwargs``: other traits)."""
    return widgets.HTML(value, layout=layout(), style=style(widgets.HTML), **kwargs)


def vbox(children: Sequence[widgets.Widget] = (), **settings: Any) -> widgets.VBox:
    """A VBox of ``children`` with the shared Layout of ``settings``."""
    return widgets.VBox(list(children), layout=layout(**settings))


def hbox(children: Sequence[widgets.Widget] = (), **settings: Any) -> widgets.HBox:
    """An HBox of ``children`` with the shared Layout of ``settings``."""
    return widgets.HBox(list(children), layout=layout(**settings))
