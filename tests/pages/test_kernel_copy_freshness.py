"""A hub kernel refreshes its copy of the team's records when a page or form asks, but not on
every cell: only when this kernel's last refresh is older than FRESH_SECONDS. (The refresh
itself, through a real hub: tests/hub.)"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kit.hub import mirror
from kit.model.records import Profile
from kit.store.workspace import Person, Settings, Workspace


@dataclass
class Kernel:
    """The kernel's clock, and when it refreshed its copy."""

    now: float = 1000.0
    refreshed: list[float] = field(default_factory=list)


@pytest.fixture
def kernel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Kernel:
    """A kernel on a hub whose refresh is counted (and makes a copy for p01), with a clock."""
    state = Kernel()
    monkeypatch.setattr(mirror, "_now", lambda: state.now)
    monkeypatch.setattr(mirror, "_refreshed", {})
    monkeypatch.setenv("CANDLE_SERVICE_URL", "http://127.0.0.1:1/services/candle/")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "p01-token")
    monkeypatch.setenv("CANDLE_WORKSPACE", str(tmp_path / "copy"))

    def sync(_backend, folder: Path) -> Workspace:
        state.refreshed.append(state.now)
        if (folder / "kit.yaml").is_file():
            return Workspace.open(folder)
        return Workspace.create(folder, Settings(name="Team", current_user="p01", people=[
            Person(id="p01", name="p01", kinds=["practitioner"])]))

    monkeypatch.setattr(mirror, "sync", sync)
    return state


def test_pages_within_the_interval_read_the_copy_and_later_ones_refresh_it(kernel) -> None:
    mirror.kernel_workspace()
    kernel.now += 5
    mirror.kernel_workspace()
    kernel.now += mirror.FRESH_SECONDS - 4
    mirror.kernel_workspace()
    assert kernel.refreshed == [1000.0, 1000.0 + mirror.FRESH_SECONDS + 1]
    mirror.kernel_workspace(max_age=0)  # `candle mirror` and anyone who must have it now
    assert len(kernel.refreshed) == 3


def test_another_folder_or_token_is_refreshed_on_its_own(kernel, tmp_path, monkeypatch) -> None:
    mirror.kernel_workspace()
    mirror.kernel_workspace(tmp_path / "other")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "another-token")
    mirror.kernel_workspace()
    assert len(kernel.refreshed) == 3


def test_a_profile_saved_between_refreshes_names_me_at_once(kernel) -> None:
    copy = mirror.kernel_workspace()
    assert copy.current_user().name == "p01"
    copy.store.write(Profile.new(practitioner_id="p01", display_name="Sam Jones",
                                 role="mini_candle_practitioner", stage="trainee"))
    assert mirror.kernel_workspace().current_user().name == "Sam Jones"
    assert len(kernel.refreshed) == 1


def test_off_a_hub_the_folder_is_opened_as_it_is(workspace, monkeypatch) -> None:
    monkeypatch.delenv("CANDLE_SERVICE_URL", raising=False)
    monkeypatch.setattr(mirror, "sync", lambda *_: pytest.fail("no copy off a hub"))
    assert mirror.kernel_workspace(workspace.root).root == workspace.root


def test_a_kernel_refreshes_its_copy_once_when_a_cell_and_the_page_thread_ask_together(
        kernel, monkeypatch, tmp_path: Path, new_workspace) -> None:
    # kit.notebook.ahead refreshes the copy in a thread as the page opens; its first cell asks
    # meanwhile, waits for that refresh and reads the copy it made.
    monkeypatch.setattr(mirror, "_now", time.monotonic)
    refreshing, refreshes = threading.Event(), []

    def slow_sync(_backend, folder: Path) -> Workspace:
        refreshes.append(folder)
        refreshing.set()
        threading.Event().wait(0.3)  # the other asks while this refresh is under way
        return new_workspace(folder) if not (folder / "kit.yaml").is_file() else Workspace.open(folder)

    monkeypatch.setattr(mirror, "sync", slow_sync)
    first = threading.Thread(target=mirror.kernel_workspace)
    first.start()
    assert refreshing.wait(10)
    copy = mirror.kernel_workspace()  # waits for the refresh under way, then finds it fresh
    first.join(10)
    assert refreshes == [tmp_path / "copy"] and (copy.root / "kit.yaml").is_file()
