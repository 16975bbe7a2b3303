"""The release page does the whole job, on both backends: before any export it says what an
export does; its Export button makes the package through the workspace interface (on a hub,
the service makes it in the shared workspace), busy meanwhile, then says where the package is
and what it holds; the reflections that export held wait on the same page, and once confirmed
the next export includes them. No command to copy anywhere on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from inprocess_service import CandleService
from research_support import PRACTITIONERS, add_practitioner, add_reflection, research_settings

from kit.errors import ExportError, KitError
from kit.hub.local import LocalBackend
from kit.hub.mirror import sync
from kit.hub.roles import Caller
from kit.notebook.context import PageContext
from kit.notebook.research import export_maker
from kit.research.release_export import ExportMade, ExportPanel, refusal_html
from kit.research.release_widgets import NOTHING_WAITS, ReleasePage
from kit.store.workspace import Workspace

Context = Callable[[str], PageContext]


@pytest.fixture
def team(tmp_path: Path) -> Workspace:
    """lead1's six consenting practitioners, two clean reflections each, and p01's reflection
    that names a place (an export holds it for the lead); never exported yet."""
    ws = Workspace.create(tmp_path / "ws", research_settings())
    for pid in PRACTITIONERS:
        add_practitioner(ws, pid)
    add_reflection(ws, "p01", ws.store.latest("focus_areas", "p01")[0], "We walked past Kingsmead today.")
    return ws


@pytest.fixture(params=["local", "remote"])
def context_of(request: pytest.FixtureRequest, team: Workspace, tmp_path: Path) -> Context:
    """A page's context as a person: on the folder, or a hub kernel through the service."""
    if request.param == "local":
        return lambda pid: PageContext(team, team.person(pid), LocalBackend.for_user(team, pid), False)
    service: CandleService = request.getfixturevalue("_candle_service")
    service.use(team)

    def remote(pid: str) -> PageContext:
        backend = service.backend(pid)
        copy = sync(backend, tmp_path / "home" / pid / "workspace")
        return PageContext(copy, copy.current_user(), backend, True, service.url)

    return remote


def _answers(folder: Path) -> set[str]:
    return set(pd.read_csv(folder / "reflection_answers.csv")["answer"].dropna())


def test_a_lead_exports_confirms_and_exports_again_from_the_page_alone(context_of: Context,
                                                                       team: Workspace) -> None:
    ctx = context_of("lead1")
    page = ReleasePage(ctx.backend, ctx.workspace, export=export_maker(ctx, k=2))
    assert NOTHING_WAITS in page.header.value and page.buttons.layout.display == "none"
    for words in ("candle ", "Run All", "Export again to include"):
        assert words not in page.header.value
    assert page.export is not None and page.export.button.description == "Export"

    page.export.button.click()  # the first export holds p01's place name for the lead
    first = sorted(p.name for p in team.folder("exports").iterdir())
    assert len(first) == 1 and first[0].endswith("-lead1")
    said = page.export.result.value
    assert "Package made." in said and "12 reflections by 6 practitioners" in said
    assert ("kept by the team's service as “made " in said) if ctx.on_hub else \
        (f"in the folder {team.folder('exports') / first[0]}" in said)
    assert "reflection_answers.csv" in said and "datapackage.json" in said
    assert "1 reflection waits" in page.header.value and page.buttons.layout.display is None
    assert "1 reflection waits for you above: read and confirm them" in said
    assert not page.export.button.disabled

    page.cards[0].text.seen = True  # the browser reports it on screen
    page.confirm_button.click()
    page.export.button.click()
    second = sorted(set(p.name for p in team.folder("exports").iterdir()) - set(first))
    assert len(second) == 1 and "13 reflections by 6 practitioners" in page.export.result.value
    assert "We walked past Kingsmead today." in _answers(team.folder("exports") / second[0])
    assert NOTHING_WAITS in page.header.value and "waits for you above" not in page.export.result.value


def test_an_export_with_nothing_to_release_says_what_to_do_on_the_page(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "ws", research_settings())
    add_practitioner(ws, "p01", reflections=0)
    add_reflection(ws, "p01", ws.store.latest("focus_areas", "p01")[0], "Jack rang Kingsmead.")
    ctx = PageContext(ws, ws.person("lead1"), LocalBackend(ws, Caller("lead1", ("lead",))), False)
    page = ReleasePage(ctx.backend, ctx.workspace, export=export_maker(ctx, k=2))
    page.export.button.click()
    said = page.export.result.value
    assert said.startswith('<p role="alert"><b>No package was made.</b> Nothing can be released yet')
    assert "1 reflection now waits for you on this page: read and confirm them" in said
    assert "candle " not in said and "--allow-empty" not in said
    assert not list(ws.folder("exports").iterdir()) and len(page.cards) == 1


def test_the_export_button_is_busy_while_it_works_and_says_any_refusal() -> None:
    states: list[tuple[bool, str, str]] = []
    panel: ExportPanel

    def make() -> ExportMade:
        states.append((panel.button.disabled, panel.button.description, panel.result.value))
        raise KitError("The candle service cannot be reached.", "Try again in a minute.")

    panel = ExportPanel(make, after=lambda: 0)
    panel.click()
    [(disabled, label, status)] = states
    assert disabled and label == "Exporting..." and 'aria-busy="true"' in status
    assert not panel.button.disabled and panel.button.description == "Export"
    assert "cannot be reached. Try again in a minute." in panel.result.value
    assert "Export again once more practitioners" in refusal_html(ExportError("Nothing."), 0)


def test_a_hub_export_waits_for_the_service_longer_than_other_calls() -> None:
    """A large workspace's export takes minutes on the service: the page must not say the
    service cannot be reached while it is still making the package."""
    from kit.hub.client import EXPORT_TIMEOUT_SECONDS, TIMEOUT_SECONDS, RemoteBackend

    waited: list[float] = []

    class Recording(RemoteBackend):
        def _call(self, method: str, path: str, body: object = None) -> bytes:
            waited.append(self.timeout)
            return b'{"package": "20261206T120000000000Z-lead1"}'

    backend = Recording("http://127.0.0.1:1/", "token")
    assert backend.make_export(k=2) == "20261206T120000000000Z-lead1"
    assert waited == [EXPORT_TIMEOUT_SECONDS] and EXPORT_TIMEOUT_SECONDS > 10 * TIMEOUT_SECONDS
    assert backend.timeout == TIMEOUT_SECONDS  # other calls keep theirs
