"""A form opens few widget models: its labels, messages and boxes share one Layout and Style
per look (kit.views.lean), so a page has fewer models to open on the server and to build in
the browser; hiding a part hides no other, and a shared look refuses a change. A form below a
page's first is drawn when the person asks for it, or at once when they have a draft of it."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget import _instances

from kit.forms import frame, load_template
from kit.forms.on_request import FormOnRequest, has_draft
from kit.views import lean

LOCAL_ONLY = "all"  # widgets only: nothing is saved, the backend plays no part

# Models each form opens (its Layouts and Styles included) at most: before sharing them the
# I Matter form opened 164, the focus area form 74.
MOST_MODELS = {"reflection_i_matter": 70, "reflection_nuggets": 50, "focus_area": 35}


def opened_by(make) -> list[widgets.Widget]:
    """The widget models ``make()`` opens."""
    before = set(_instances)
    make()
    return [w for key, w in _instances.items() if key not in before]


@pytest.mark.parametrize("name", sorted(MOST_MODELS))
def test_a_form_opens_few_models(name, open_view, area) -> None:
    open_view(name, "p01")  # the shared looks are made once per kernel: by now they are
    opened = opened_by(lambda: open_view(name, "p01"))
    assert len(opened) <= MOST_MODELS[name], sorted(type(w).__name__ for w in opened)
    assert not any(isinstance(w, widgets.Layout | widgets.widget_string.HTMLStyle) for w in opened)


def test_hiding_one_part_hides_no_other_and_a_shared_look_refuses_a_change() -> None:
    first, second = lean.html("one"), lean.html("two")
    assert first.layout is second.layout and first.style is second.style
    frame.set_hidden(first, True)
    assert first.layout.display == "none" and second.layout.display is None
    assert lean.is_shared(second.layout) and lean.is_shared(first.layout)
    frame.set_hidden(first, False)
    assert first.layout is second.layout
    own = widgets.HTML("three")
    frame.set_hidden(own, True)
    assert own.layout.display == "none" and not lean.is_shared(own.layout)
    with pytest.raises(lean.SharedModelChanged):
        second.layout.width = "10em"
    assert second.layout.width is None


def test_a_form_below_the_first_is_drawn_when_asked_then_hides_and_shows(open_view, area,
                                                                        seen_by) -> None:
    template = load_template("reflection_nuggets")
    assert not has_draft(template, seen_by("p01"), "p01")
    later = FormOnRequest(template, lambda: open_view("reflection_nuggets"))
    assert later.view is None and later.holder.children == ()
    assert later.button.description == "Open: A nugget or gem"
    later.button.click()
    assert later.view is not None and later.holder.children == (later.view.widget,)
    assert later.shown and later.button.description == "Hide: A nugget or gem"
    later.button.click()
    assert not later.shown and later.button.description == "Open: A nugget or gem"
    later.button.click()
    assert later.shown and later.holder.children == (later.view.widget,)  # the same form


def test_a_form_with_a_draft_is_drawn_at_once_with_the_draft(open_view, area, seen_by) -> None:
    typed = open_view("reflection_nuggets")
    typed.inputs["answers.nugget"].value = "A calmer start after the visual timetable."
    typed.flush()
    template = load_template("reflection_nuggets")
    assert has_draft(template, seen_by("p01"), "p01")
    later = FormOnRequest(template, lambda: open_view("reflection_nuggets"),
                          draw_now=has_draft(template, seen_by("p01"), "p01"))
    assert later.shown and later.button.description == "Hide: A nugget or gem"
    assert later.view.inputs["answers.nugget"].value == "A calmer start after the visual timetable."


def test_an_editors_draft_draws_it_at_once(make_focus_area, edit_view, seen_by) -> None:
    make_focus_area("p01", label="Family B")
    closing = edit_view("focus_area_close")  # an editor: its drafts are kept apart
    closing.inputs["closed_on"].value = "01/12/2026"
    closing.flush()
    assert has_draft(load_template("focus_area_close"), seen_by("p01"), "p01")
    assert not has_draft(load_template("focus_area"), seen_by("p01"), "p01")
