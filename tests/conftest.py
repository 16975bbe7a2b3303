"""Shared fixtures: a small fresh workspace and factories for its common records, and the
candle service in the test process (tests/hub/inprocess_service.py) over that workspace.

People: p01 and p02 (practitioners), lead1 (lead), link1 (link); current_user p01.
p01 and p02 each have a profile naming lead1 and link1. ``workspace_with_admin`` adds an
administrator, admin1, and a reflection each for p01 and p02.

Both backends: a test that uses ``backend_kind`` (directly or through ``act_as``, or the
forms' ``open_view``) runs twice, on the local folder and through the candle service (issue
10: one interface, two implementations, one test suite). A module keeps some of its tests
local with ``LOCAL_ONLY = ("test_name", ...)`` (or ``LOCAL_ONLY = "all"``), saying why in
its docstring.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from inprocess_service import CandleService

from kit.capture.submit import submit
from kit.hub.backend import SERVICE_URL_ENV, TOKEN_ENV, WorkspaceBackend, open_backend
from kit.hub.mirror import sync
from kit.model.records import FocusArea, Profile, Reflection
from kit.store.workspace import SETTINGS_FILE, Person, Settings, Workspace, write_settings

PRACTITIONERS = ("p01", "p02")
BACKENDS = ("local", "remote")
DAY = date(2025, 4, 3)


def workspace_settings() -> Settings:
    """The settings of the shared test workspace."""
    return Settings(
        name="Test workspace",
        current_user="p01",
        people=[
            Person(id="p01", name="Practitioner One", kinds=["practitioner"]),
            Person(id="p02", name="Practitioner Two", kinds=["practitioner"]),
            Person(id="lead1", name="Lead One", kinds=["lead"]),
            Person(id="link1", name="Link One", kinds=["link"]),
        ],
    )


@pytest.fixture(autouse=True)
def _no_user_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests decide who the user is; the shell's CANDLE_* / hub variables do not leak in."""
    for name in ("JUPYTERHUB_USER", "CANDLE_USER", "CANDLE_WORKSPACE", "CANDLE_SERVICE_URL",
                 "JUPYTERHUB_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def create_workspace(folder: Path) -> Workspace:
    """Make the test workspace in ``folder``: four people, profiles for p01 and p02."""
    ws = Workspace.create(folder, workspace_settings())
    for pid in PRACTITIONERS:
        profile = Profile.new(practitioner_id=pid, display_name=f"Practitioner {pid}",
                              role="mini_candle_practitioner", stage="trainee",
                              lead_id="lead1", link_id="link1")
        submit(ws, profile, acting_user=pid)
    return ws


@pytest.fixture
def new_workspace() -> Callable[[Path], Workspace]:
    """A factory for the test workspace in a folder of your choice (e.g. inside hypothesis)."""
    return create_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A fresh workspace with four people and profiles for p01 and p02."""
    return create_workspace(tmp_path / "workspace")


ADMIN = Person(id="admin1", name="Ada Admin", kinds=["admin"])


@pytest.fixture
def workspace_with_admin(tmp_path: Path) -> Workspace:
    """The test workspace (in the same folder as ``workspace``: a test asks for one of the two)
    with an administrator too, admin1 (kind admin: on a hub, the candle-admins group), and a
    focus area and a reflection each for p01 and p02 ("Only p01 wrote this.")."""
    ws = create_workspace(tmp_path / "workspace")
    write_settings(ws.root / SETTINGS_FILE,
                   ws.settings.model_copy(update={"people": [*ws.settings.people, ADMIN]}))
    ws = Workspace.open(ws.root)
    for pid in PRACTITIONERS:
        area = FocusArea.new(practitioner_id=pid, label="Family A", focus_kind="family", opened_on=DAY)
        submit(ws, area)
        submit(ws, Reflection.new(practitioner_id=pid, focus_area_ids=[area.entity_id],
                                  reflection_date=DAY, template="rolfe",
                                  answers={"what": f"Only {pid} wrote this."}))
    return ws


@pytest.fixture
def make_focus_area(workspace: Workspace) -> Callable[..., FocusArea]:
    """Submit a focus area (default: p01's active 'Family A') and return it."""

    def make(practitioner_id: str = "p01", label: str = "Family A", **fields: Any) -> FocusArea:
        values: dict[str, Any] = {"focus_kind": "family", "opened_on": DAY, **fields}
        area = FocusArea.new(practitioner_id=practitioner_id, label=label, **values)
        submit(workspace, area)
        return area

    return make


@pytest.fixture
def make_reflection(workspace: Workspace, make_focus_area: Callable[..., FocusArea]
                    ) -> Callable[..., Reflection]:
    """Submit a reflection; makes a focus area for it unless ``focus_area_ids`` is given."""

    def make(practitioner_id: str = "p01", focus_area_ids: list[str] | None = None,
             **fields: Any) -> Reflection:
        if focus_area_ids is None:  # the practitioner's 'Family A', made the first time
            same = [area.entity_id for area in workspace.store.latest("focus_areas", practitioner_id)
                    if area.label == "Family A" and area.status == "active"]
            focus_area_ids = same[:1] or [make_focus_area(practitioner_id).entity_id]
        values: dict[str, Any] = {
            "reflection_date": DAY,
            "template": "rolfe",
            "answers": {"what": "We tried a calmer start to the session."},
            **fields,
        }
        reflection = Reflection.new(practitioner_id=practitioner_id,
                                    focus_area_ids=focus_area_ids, **values)
        submit(workspace, reflection)
        return reflection

    return make


class ModuleOs:
    """``os`` as one module sees it, with some functions replaced (``os.write=failing``).

    A fault put into ``os`` itself reaches every thread of the test process, pytest-xdist's
    own I/O among them, so a test that counts or fails ``os.write`` there fails by chance;
    put into one kit module's ``os`` it reaches only the calls the code under test makes.
    """

    def __init__(self, **replaced: Callable[..., Any]) -> None:
        self.__dict__.update(replaced)

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


@pytest.fixture
def patch_module_os() -> Callable[..., None]:
    """``patch(monkeypatch, module, write=failing, ...)``: replace those ``os`` functions for
    ``module``'s calls only (see :class:`ModuleOs`); undone with ``monkeypatch``."""

    def patch(patcher: pytest.MonkeyPatch, module: ModuleType, **replaced: Callable[..., Any]) -> None:
        patcher.setattr(module, "os", ModuleOs(**replaced))

    return patch


@pytest.fixture(scope="session")
def _candle_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CandleService]:
    """One in-process candle service for the session (started the first time a test asks)."""
    running = CandleService(create_workspace(tmp_path_factory.mktemp("service") / "workspace")).start()
    yield running
    running.stop()


@pytest.fixture
def service(_candle_service: CandleService, workspace: Workspace) -> CandleService:
    """The candle service over this test's ``workspace``: ``.url``, ``.token_for(user)``,
    ``.backend(user)`` (a RemoteBackend as that user). Writes a test makes straight into
    ``workspace`` (its set-up) are the service's records, as an admin's import would be.
    Do not stop it: a test of a stopped service starts its own ``CandleService``."""
    _candle_service.use(workspace)
    return _candle_service


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses ``backend_kind`` on both backends, except its module's
    ``LOCAL_ONLY`` tests."""
    if "backend_kind" in metafunc.fixturenames:
        local_only = getattr(metafunc.module, "LOCAL_ONLY", ())
        keep_local = local_only == "all" or metafunc.function.__name__ in local_only
        metafunc.parametrize("backend_kind", ["local"] if keep_local else list(BACKENDS))


@pytest.fixture
def act_as(backend_kind: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
           workspace: Workspace) -> Callable[[str], WorkspaceBackend]:
    """Make this process ``user``'s kernel and return their workspace interface: locally the
    workspace folder as ``user``; remotely the candle service with ``user``'s own token in
    the environment, as a hub sets it (so anything opened from now on acts as ``user``)."""

    def act(user: str) -> WorkspaceBackend:
        if backend_kind == "remote":
            running: CandleService = request.getfixturevalue("service")
            monkeypatch.setenv(SERVICE_URL_ENV, running.url)
            monkeypatch.setenv(TOKEN_ENV, running.token_for(user))
        return open_backend(workspace, user)

    return act


@pytest.fixture
def seen_by(backend_kind: str, request: pytest.FixtureRequest, workspace: Workspace,
            tmp_path: Path) -> Callable[[str], Workspace]:
    """The workspace ``user``'s forms and pages work on: locally the folder itself; remotely
    their kernel copy in their home, synced through the candle service
    (:func:`kit.hub.mirror.sync`) as a notebook on a hub does when it opens."""

    def seen(user: str) -> Workspace:
        if backend_kind == "local":
            return workspace
        service = request.getfixturevalue("service")
        return sync(service.backend(user), tmp_path / "home" / user / "workspace")

    return seen
