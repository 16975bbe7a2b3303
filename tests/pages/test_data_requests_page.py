"""The administrator's page (notebooks/08_admin_data_requests.ipynb) without a browser, on both
backends: the admin chooses a person, sees what erasing them deletes, downloads everything held
about them (a zip beside the page, linked), and erases them only with a reason code and their
id typed again; the page then says what went and no longer lists them. Anyone else gets the
refusal's sentence (Start here offers the page to administrators only:
tests/pages/test_page_entries.py). In a browser, as a Voila app: tests/app/test_app_pages.py."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kit.hub.backend import WorkspaceBackend
from kit.model.records import BY_TABLE
from kit.notebook import data_requests
from kit.notebook.context import page_context
from kit.store.workspace import Workspace
from kit.views.data_requests import DataRequestsPage


@pytest.fixture
def workspace(workspace_with_admin: Workspace) -> Workspace:
    """The test workspace with an administrator, and a reflection each for p01 and p02."""
    return workspace_with_admin


@pytest.fixture
def page_of(act_as: Callable[[str], WorkspaceBackend], seen_by: Callable[[str], Workspace],
            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], DataRequestsPage]:
    """``page_of(user)``: the page as ``user``'s kernel builds it, run in a page folder."""
    def page(user: str) -> DataRequestsPage:
        act_as(user)
        seen = seen_by(user)
        (tmp_path / "pages").mkdir(exist_ok=True)
        monkeypatch.chdir(tmp_path / "pages")
        return data_requests.data_requests_page(page_context(seen, user))

    return page


def versions(ws: Workspace, person: str) -> list[str]:
    return [r.record_id for table in BY_TABLE for r in ws.store.versions(table, person)]


def test_an_administrator_downloads_and_erases_a_practitioner(page_of, workspace: Workspace,
                                                              tmp_path: Path):
    page = page_of("admin1")
    assert ("Practitioner One (p01, practitioner)", "p01") in page.person.options
    assert "Choose a person to see what erasing them deletes" in page.plan.value
    page.person.value = "p01"
    assert "Erasing p01 deletes:" in page.plan.value and "<li>3 record files" in page.plan.value

    page.download.click()
    assert 'href="data-requests/p01-records-' in page.download.result.value
    [saved] = (tmp_path / "pages" / "data-requests").glob("p01-records-*.zip")
    assert any(name.endswith("/index.html") for name in zipfile.ZipFile(saved).namelist())

    assert not page.erase()  # no reason, no id typed
    assert "Choose a reason code." in page.reason_message.value
    assert "Type p01 exactly" in page.confirm_message.value
    page.reason.value, page.confirm.value = "request", "p02"
    assert not page.erase()
    assert "Nothing was erased." in page.result.value and versions(workspace, "p01")

    page.confirm.value = "p01"
    assert page.erase()
    assert "Erased p01:" in page.result.value and "The tables were rebuilt" in page.result.value
    assert versions(workspace, "p01") == []
    assert "p01" not in [value for _, value in page.person.options] and page.person.value == ""
    assert page.confirm.value == "" and page.reason.value == ""


def test_anyone_else_sees_the_refusals_sentence(page_of):
    page = page_of("p02")
    assert "Only an administrator can see everyone the workspace holds records about, and p02 " \
           "is not one." in page.person_message.value
    assert page.person.options == (("Choose a person", ""),)


def test_start_heres_first_steps_name_an_administrators_page():
    from kit.forms.onboarding import not_a_practitioner_html

    said = not_a_practitioner_html("Ada Admin", "an administrator", ["admin"])
    assert ('You are Ada Admin, an administrator. Your page: '
            '<a href="08_admin_data_requests.ipynb">Admin: data requests</a>.') in said
