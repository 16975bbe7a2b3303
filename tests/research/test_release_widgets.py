"""The review app: confirm and correct through the widgets, read the queue back."""

from __future__ import annotations

from research_support import add_reflection

from kit.capture.submit import submit
from kit.model.records import NamesToHide
from kit.research import release_queue as review_queue
from kit.research.release_widgets import highlighted, review_queue_app


def _flag_two(ws, run_export) -> None:
    area = ws.store.latest("focus_areas", "p01")[0]
    submit(ws, NamesToHide.new(practitioner_id="p01", focus_area_id=area.entity_id, names=["Brackley"]))
    add_reflection(ws, "p01", area, "Met Mum in Brackley; Structure first.")
    add_reflection(ws, "p01", area, "Jack rang on 07700 900123.")
    run_export(ws)


def test_confirm_and_correct_through_the_widgets(research_ws, run_export) -> None:
    _flag_two(research_ws, run_export)
    app = review_queue_app(research_ws, "lead1")
    assert len(app.items) == 2
    first = app.current
    assert "<mark" in app.original.value
    app.confirm_button.click()
    second = app.current
    assert second is not None and second.record_id != first.record_id
    app.editors["what"].value = "[NAME] rang on [PHONE]. Edited."
    app.correct_button.click()
    assert app.current is None and app.confirm_button.disabled
    queue = review_queue.load_queue(research_ws)
    assert queue[first.record_id].status == "confirmed"
    assert queue[second.record_id].final == {"what": "[NAME] rang on [PHONE]. Edited."}
    assert review_queue.pending(research_ws) == []


def test_a_non_lead_sees_the_problem_not_a_traceback(research_ws, run_export) -> None:
    _flag_two(research_ws, run_export)
    app = review_queue_app(research_ws, "p01")
    app.confirm_button.click()
    assert "not a lead" in app.message.value
    assert len(review_queue.pending(research_ws)) == 2


def test_highlighting_marks_found_words() -> None:
    item = review_queue.QueueItem("r1", "p01", {"what": "Jack & Mum"}, {"what": "[NAME] & Mum"},
                                  [["what", "NAME", "Jack"]])
    assert highlighted(item, "what") == '<mark title="NAME">Jack</mark> &amp; Mum'
