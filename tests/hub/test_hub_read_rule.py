"""Issue 16, defect 1, on a real JupyterHub: a practitioner saves a reflection visible to their
lead, the lead's server mirrors it (``candle mirror``, as a server does when it starts), the
practitioner edits it to private (and withdraws another, with a reason); the lead's next
``candle mirror`` leaves no trace of either text in the lead's copy: not in the record files,
not in the compiled tables, not in the compile cache; and the service's copy route gives the
lead neither text nor the withdrawal. One hub for the module (the helpers of
tests/hub/hub_process.py); it and everything it started are stopped by pid."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hub_contract import DAY, PEOPLE, profile, reflection
from hub_process import ROOT, Hub, running_hub

from kit.hub.client import RemoteBackend
from kit.hub.roles import DEFAULT_GROUPS
from kit.model.records import FocusArea, Reflection
from kit.store.workspace import Settings, Workspace
from kit.tables.compiler import read_table

CANARY = "Marrowquill"  # synthetic words that appear nowhere else
WITHDRAWN = "Fennelwick"
REASON = "Saved about Gorsemantle by mistake."


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory):
    """The hub and its service, with the team scenario's five people in their groups."""
    folder = tmp_path_factory.mktemp("hub")
    workspace = folder / "workspace"
    Workspace.create(workspace, Settings(name="Read rule on a hub"))
    groups = {DEFAULT_GROUPS[kind]: [p for p, kinds in PEOPLE.items() if kind in kinds]  # type: ignore[index]
              for kind in DEFAULT_GROUPS}
    with running_hub(folder, workspace, groups) as running:
        yield running


def candle_mirror(hub: Hub, token: str, folder: Path) -> None:
    """``candle mirror FOLDER`` in a user's server: the hub's environment, their own token."""
    env = {**os.environ, "CANDLE_SERVICE_URL": hub.service_url, "JUPYTERHUB_API_TOKEN": token,
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "kit", "mirror", str(folder)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def every_byte(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def test_text_made_private_or_withdrawn_leaves_the_lead_s_copy(hub: Hub, tmp_path: Path) -> None:
    tokens = {pid: hub.user_token(pid) for pid in ("p01", "lead1")}
    practitioner = RemoteBackend(hub.service_url, tokens["p01"])
    practitioner.submit(profile("p01"))
    area = FocusArea.new(practitioner_id="p01", label="Family A", focus_kind="family", opened_on=DAY)
    practitioner.submit(area)
    shared = reflection("p01", area.entity_id, text=f"We met {CANARY} at the gate.")
    taken_back = reflection("p01", area.entity_id, text=f"{WITHDRAWN} came too.")
    practitioner.submit(shared)
    practitioner.submit(taken_back)

    copy = tmp_path / "lead1" / ".candle" / "workspace"
    candle_mirror(hub, tokens["lead1"], copy)
    answers = read_table(Workspace.open(copy), "reflection_answers")  # a page reads the copy
    assert CANARY in answers["answer"].str.cat() and WITHDRAWN in answers["answer"].str.cat()
    assert CANARY.encode() in (copy / "tables" / "reflection_answers.csv").read_bytes()

    practitioner.edit(Reflection.TABLE, shared.entity_id, "p01", "Keep this to myself.",
                      {"visibility": "private"})
    practitioner.withdraw(Reflection.TABLE, taken_back.entity_id, "p01", REASON)
    candle_mirror(hub, tokens["lead1"], copy)

    held = every_byte(copy)
    for text in (CANARY, WITHDRAWN, "Gorsemantle"):
        assert text.encode() not in held, text
    lead = RemoteBackend(hub.service_url, tokens["lead1"])
    sent = lead.copy_records(["reflections", "withdrawals"])
    assert sent["withdrawals"] == [] and sent["reflections"] == []
    mine = practitioner.copy_records(["reflections", "withdrawals"])  # the owner keeps it all
    assert len(mine["reflections"]) == 3 and [w.reason for w in mine["withdrawals"]] == [REASON]
