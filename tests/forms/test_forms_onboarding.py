"""The first-run path: profile, then licence application, then a first focus area, each step's
form appearing when the one before is saved; then the way to the first reflection.

On both backends (tests/conftest.py): on a hub the path works on the newcomer's kernel copy
and every step saves through the service.
"""

from __future__ import annotations

import IPython.display

from kit.forms.onboarding import FirstRun, show_first_run
from kit.model.records import MicroProject
from kit.store.workspace import SETTINGS_FILE, WORKSPACE_ENV, Person, write_settings


def test_a_new_practitioner_is_led_through_profile_licence_and_focus_area(workspace, act_as, seen_by):
    workspace.settings.people.append(Person(id="p03", name="Noor Newcomer", kinds=["practitioner"]))
    write_settings(workspace.root / SETTINGS_FILE, workspace.settings)  # on a hub: the group
    act_as("p03")
    path = FirstRun(seen_by("p03"), "p03", debounce_seconds=60.0)
    assert path.form.template.name == "my_profile"
    assert path.checklist.value.count("to do") == 3
    path.form.inputs["lead_id"].value = "lead1"
    assert path.form.save() is not None, path.form.status.value

    assert path.form.template.name == "licence_application"
    assert path.checklist.value.count("to do") == 2
    assert "Saved." in path.moved_on.value and "Next: apply for the licence" in path.moved_on.value
    path.form.inputs["title"].value = "Calmer mornings"
    path.form.inputs["idea"].value = "Try a calmer start with Family A, and notice what changes."
    path.form.inputs["project_type"].value = "T1"
    assert path.form.save() is not None, path.form.status.value

    assert path.form.template.name == "focus_area"
    path.form.inputs["label"].value = "Family A"
    path.form.inputs["focus_kind"].value = "family"
    assert path.form.save() is not None, path.form.status.value

    assert "to do" not in path.checklist.value
    assert "Write your first reflection" in path.widget.children[2].value
    assert path.form.template.name == "my_profile", "the profile stays for later changes"
    assert path.form.inputs["lead_id"].value == "lead1"
    assert [p.title for p in workspace.store.latest(MicroProject.TABLE, "p03")] == ["Calmer mornings"]


def test_start_heres_first_steps_open_the_kernels_workspace(act_as, seen_by, make_focus_area,
                                                            monkeypatch):
    shown: list = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    act_as("p01")
    folder = seen_by("p01").root  # locally the folder; on a hub, where the copy is kept
    monkeypatch.setenv(WORKSPACE_ENV, str(folder))
    make_focus_area("p01")  # saved since (on a hub: from another of p01's kernels)
    show_first_run()
    [path] = shown
    assert path.children[0].value.count("to do") == 1, "profile and focus area done: one step left"


def test_someone_who_is_not_a_practitioner_is_told_where_their_page_is(workspace, monkeypatch):
    shown: list = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    assert show_first_run(workspace, "lead1") is None
    assert "are for practitioners" in shown[0].value
    assert 'Your page: <a href="06_lead_my_practitioners.ipynb">Lead: my practitioners</a>.' in shown[0].value
