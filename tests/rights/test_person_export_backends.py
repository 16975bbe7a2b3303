"""A person's whole record through the workspace interface, on both backends (the local folder
and the candle service in the test process): a practitioner downloads their own; another
practitioner and a lead are refused with a sentence (403 on the service); an administrator
(the hub group candle-admins, here the kind 'admin' in kit.yaml) downloads anyone's. My
learning's button saves the zip beside the page and links to it."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kit.errors import KitError, PermissionDenied
from kit.hub.backend import WorkspaceBackend
from kit.model.records import BY_TABLE
from kit.notebook.records import file_address, save_my_records
from kit.rights.interface import download_name
from kit.store.audit import AuditLog
from kit.store.workspace import Workspace
from kit.views.downloads import DownloadButton


@pytest.fixture
def workspace(workspace_with_admin: Workspace) -> Workspace:
    """The test workspace with an administrator too, and a reflection each for p01 and p02."""
    return workspace_with_admin


def unzip(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def record_ids(files: dict[str, bytes]) -> set[str]:
    return {Path(name).stem for name in files if "/records/" in name and name.endswith(".json")}


def stored_ids(ws: Workspace, person: str) -> set[str]:
    return {record.record_id for table in BY_TABLE for record in ws.store.versions(table, person)}


def test_a_practitioner_downloads_their_own_record(act_as: Callable[[str], WorkspaceBackend],
                                                  workspace: Workspace, backend_kind: str):
    data = act_as("p01").person_export()
    files = unzip(data)
    assert download_name(data).startswith("p01-records-") and download_name(data).endswith(".zip")
    assert record_ids(files) == stored_ids(workspace, "p01")
    text = b"".join(files.values()).decode("utf-8", "replace")
    assert "Only p01 wrote this." in text and "Only p02 wrote this." not in text
    if backend_kind == "remote":
        exported = [e for e in AuditLog(workspace.root).events() if e["outcome"] == "exported"]
        assert [(e["who"], e["practitioner_id"]) for e in exported] == [("p01", "p01")]


@pytest.mark.parametrize("asker", ["p02", "lead1"])
def test_another_practitioner_and_a_lead_are_refused(act_as: Callable[[str], WorkspaceBackend],
                                                     asker: str):
    with pytest.raises(PermissionDenied) as refused:
        act_as(asker).person_export("p01")
    assert f"{asker} may not download p01's records" in str(refused.value)
    assert "only by that person or an administrator" in str(refused.value)


def test_an_administrator_downloads_anyones(act_as: Callable[[str], WorkspaceBackend],
                                           workspace: Workspace):
    admin = act_as("admin1")
    assert record_ids(unzip(admin.person_export("p02"))) == stored_ids(workspace, "p02")


def test_the_service_answers_a_refusal_with_403_and_audits_it(service, workspace: Workspace):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(service.url + "api/person/export/p01",
                                     headers={"Authorization": f"token {service.token_for('p02')}"})
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=30)
    assert answer.value.code == 403
    assert "may not download p01's records" in json.loads(answer.value.read())["error"]
    refused = [e for e in AuditLog(workspace.root).events() if e["outcome"] == "refused"]
    assert [e["who"] for e in refused] == ["p02"]


def test_my_learning_saves_the_zip_beside_the_page_and_links_to_it(
        act_as: Callable[[str], WorkspaceBackend], tmp_path: Path):
    page_folder = tmp_path / "candle"
    saved = save_my_records(act_as("p01"), page_folder / "my-records")
    assert saved.parent == page_folder / "my-records" and saved.name.startswith("p01-records-")
    assert record_ids(unzip(saved.read_bytes()))
    voila = {"SCRIPT_NAME": "/user/p01/voila/render/candle/05_my_learning.ipynb"}
    assert file_address(saved, page_folder, voila) == \
        f"/user/p01/files/candle/my-records/{saved.name}?download=1"
    assert file_address(saved, page_folder, {}) == f"my-records/{saved.name}"


def test_the_button_shows_the_link_or_why_not():
    button = DownloadButton("Download", lambda: ("my-records/p01.zip", "p01.zip"))
    button.click()
    assert 'href="my-records/p01.zip" download="p01.zip"' in button.result.value
    assert not button.button.disabled

    def refused() -> tuple[str, str]:
        raise KitError("The service is down.", "Try again.")

    failing = DownloadButton("Download", refused)
    failing.click()
    assert 'role="alert"' in failing.result.value and "The service is down." in failing.result.value
