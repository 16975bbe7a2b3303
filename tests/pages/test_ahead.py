"""My learning drawn ahead (kit.notebook.ahead): when a spare kernel is handed to the page, a
thread reads and draws its sections, and each cell shows the drawing made for its own
workspace and person, once; anything not prepared, prepared for someone else, or failed is
drawn by the cell as before. (The handover itself, with real kernels: tests/app/test_kernel_pool.py.)"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from kit.capture.submit import submit
from kit.model.records import ReviewNote
from kit.notebook import ahead, context, learning
from kit.store.workspace import Workspace
from kit.views import pages

PAGE_URL = "http://127.0.0.1:8888/voila/render/notebooks/05_my_learning.ipynb?token=x"
DRAWN = ("reflections", "tags", "self_ratings", "licence", "review_notes")


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list:
    """What My learning's cells would have shown, instead of showing it."""
    InteractiveShell.instance()
    captured: list = []
    monkeypatch.setattr(learning, "display", captured.append)
    monkeypatch.setattr(pages, "display", captured.append)
    return captured


@pytest.fixture
def my_learning_kernel(workspace: Workspace, make_reflection, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """A kernel handed to p01's My learning page, on a workspace with a reflection and a
    shared note; nothing prepared before the test."""
    make_reflection("p01", tags=["fog"])
    submit(workspace, ReviewNote.new(practitioner_id="p01", author_id="lead1", period="2025-Q2",
                                     text="Lovely progress with the FOG.", shared=True),
           acting_user="lead1")
    monkeypatch.setenv("CANDLE_WORKSPACE", str(workspace.root))
    monkeypatch.setenv("CANDLE_USER", "p01")
    monkeypatch.setenv(ahead.PAGE_URL_ENV, PAGE_URL)
    ahead.forget()
    yield workspace
    ahead.forget()


def prepare() -> None:
    """Start this kernel's page ahead and wait until it has drawn everything."""
    thread = ahead.start()
    assert thread is not None
    thread.join(60)
    assert not thread.is_alive()


def test_the_page_is_named_by_the_address_voila_gives_its_kernel() -> None:
    assert ahead.page_name(PAGE_URL) == "05_my_learning.ipynb"
    hub_page = "http://h/user/ann/voila/render/notebooks/research/My%20page.ipynb"
    assert ahead.page_name(hub_page) == "My page.ipynb"
    assert ahead.page_name("") == ""


def test_a_kernel_that_is_no_page_starts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ahead.PAGE_URL_ENV, raising=False)
    assert ahead.start() is None


def test_a_page_with_nothing_to_draw_starts_a_thread_only_on_a_hub(monkeypatch, tmp_path: Path) -> None:
    reflect = PAGE_URL.replace("05_my_learning", "03_reflect")
    monkeypatch.setenv(ahead.PAGE_URL_ENV, reflect)
    assert ahead.start() is None  # off a hub: the workspace is a folder, nothing to fetch ahead
    monkeypatch.setenv("CANDLE_SERVICE_URL", "http://127.0.0.1:1/services/candle/")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "p01-token")
    monkeypatch.setenv("CANDLE_WORKSPACE", str(tmp_path / "copy"))
    thread = ahead.start()  # on a hub: the copy is refreshed ahead (here the service is away)
    assert thread is not None and thread.name == "candle-ahead-03_reflect.ipynb"
    thread.join(60)
    ahead.forget()


def test_each_section_drawn_ahead_is_what_the_cell_would_draw_and_is_taken_once(my_learning_kernel) -> None:
    prepare()
    for section in DRAWN:
        drawn = ahead.take(section, my_learning_kernel, "p01")
        assert drawn == pages.LEARNING_HTML[section](my_learning_kernel, "p01"), section
        assert ahead.take(section, my_learning_kernel, "p01") is None, section
    assert "Lovely progress with the FOG." in pages.LEARNING_HTML["review_notes"](my_learning_kernel, "p01")


def test_the_cells_show_the_drawings_made_ahead(my_learning_kernel, shown, monkeypatch) -> None:
    prepare()
    # Drawn again now, each section would say "again": the cells show what was drawn ahead.
    monkeypatch.setattr(pages, "LEARNING_HTML", {name: (lambda _ws, _pid: "again") for name in DRAWN})
    monkeypatch.setattr(learning, "LEARNING_HTML", pages.LEARNING_HTML)
    for section in DRAWN:
        learning.show_my_learning(section)
    drawn_ahead = ('<div class="candle-chart"><svg ', "<style>")  # the charts, the notes table
    assert [item.data.startswith(drawn_ahead) for item in shown] == [True] * 5
    for section in DRAWN:  # a second showing (a cell run again) draws afresh
        learning.show_my_learning(section)
    assert [item.data for item in shown[5:]] == ["again"] * 5


def test_a_cell_that_asks_before_the_page_is_opened_waits_for_its_drawing(my_learning_kernel,
                                                                         monkeypatch) -> None:
    opened = threading.Event()
    monkeypatch.setattr(ahead, "page_context", lambda: opened.wait(30) and context.page_context())
    thread = ahead.start()
    taken: list = []
    cell = threading.Thread(target=lambda: taken.append(
        ahead.take("tags", my_learning_kernel, "p01")))
    cell.start()  # the page's thread has not opened the workspace yet
    opened.set()
    cell.join(60)
    thread.join(60)
    assert taken[0] == pages.LEARNING_HTML["tags"](my_learning_kernel, "p01")


def test_drawings_for_someone_else_or_another_workspace_are_never_shown(my_learning_kernel, new_workspace,
                                                                       tmp_path: Path) -> None:
    prepare()
    other = new_workspace(tmp_path / "other")
    assert ahead.take("tags", my_learning_kernel, "p02") is None
    assert ahead.take("tags", other, "p01") is None
    assert ahead.take("tags", my_learning_kernel, "p01") is not None


def test_a_section_that_failed_ahead_is_drawn_by_its_cell_with_the_problem_in_words(
        my_learning_kernel, shown, monkeypatch) -> None:
    def broken(_ws, _pid) -> str:
        raise RuntimeError("the drawing broke")

    monkeypatch.setitem(pages.LEARNING_HTML, "tags", broken)
    prepare()
    monkeypatch.setitem(pages.LEARNING_HTML, "tags", lambda _ws, _pid: "drawn by the cell")
    learning.show_my_learning("tags")
    assert shown[-1].data == "drawn by the cell"
    learning.show_my_learning("self_ratings")  # the others were drawn ahead all the same
    assert shown[-1].data.startswith('<div class="candle-chart"><svg ')


def test_nothing_is_drawn_ahead_for_someone_who_is_not_a_practitioner(my_learning_kernel,
                                                                      monkeypatch) -> None:
    monkeypatch.setenv("CANDLE_USER", "lead1")
    prepare()
    for section in DRAWN:
        assert ahead.take(section, my_learning_kernel, "lead1") is None


def test_a_page_with_no_workspace_prepares_nothing_and_its_cells_say_why(monkeypatch, shown) -> None:
    monkeypatch.setenv(ahead.PAGE_URL_ENV, PAGE_URL)
    prepare()  # no $CANDLE_WORKSPACE: the thread ends quietly
    learning.show_my_learning("tags")
    assert "No workspace is chosen" in shown[-1].data


def test_the_licence_page_draws_only_its_time_line_ahead(my_learning_kernel, monkeypatch) -> None:
    monkeypatch.setenv(ahead.PAGE_URL_ENV, PAGE_URL.replace("05_my_learning", "01_licence"))
    prepare()
    assert ahead.take("tags", my_learning_kernel, "p01") is None
    assert ahead.take("licence", my_learning_kernel, "p01") == pages.LEARNING_HTML["licence"](
        my_learning_kernel, "p01")
    assert ahead.take("licence", my_learning_kernel, "p01", page=ahead.MY_LEARNING) is None  # not opened
