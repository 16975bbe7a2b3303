"""The researcher and review notebooks: no logic, no outputs committed, and they run."""

from __future__ import annotations

import json
import os

import nbformat
import pytest
from nbclient import NotebookClient
from research_support import add_reflection

from kit.resources import NOTEBOOKS_DIR

RESEARCH_NOTEBOOKS = sorted((NOTEBOOKS_DIR / "research").glob("*.ipynb"))


def _run(name: str, **env: str) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOKS_DIR / "research" / name, as_version=4)
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        NotebookClient(notebook, kernel_name="python3", timeout=120).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return notebook


def _outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


@pytest.mark.parametrize("path", RESEARCH_NOTEBOOKS, ids=lambda p: p.name)
def test_no_outputs_and_no_logic_in_cells(path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [] and cell.execution_count is None
        assert not any(line.lstrip().startswith(("def ", "class ", "for ", "if "))
                       for line in cell.source.splitlines())


def test_the_notebooks_are_the_two_asked_for() -> None:
    assert [p.name for p in RESEARCH_NOTEBOOKS] == ["explore_export.ipynb", "release_queue.ipynb"]


def test_explore_and_review_notebooks_run(research_ws, run_export) -> None:
    area = research_ws.store.latest("focus_areas", "p01")[0]
    add_reflection(research_ws, "p01", area, "Jack rang on 07700 900123.")
    _, out = run_export(research_ws)
    explore = _run("explore_export.ipynb", CANDLE_EXPORT=str(out),
                   CANDLE_WORKSPACE=str(research_ws.root))
    outputs = _outputs(explore)
    assert not [o for o in outputs if o.output_type == "error"]
    charts = [o for o in outputs if "JupyterChart" in o.get("data", {}).get("text/plain", "")]
    assert len(charts) == 3
    review = _run("release_queue.ipynb", CANDLE_WORKSPACE=str(research_ws.root), CANDLE_USER="lead1")
    outputs = _outputs(review)
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("VBox" in o.get("data", {}).get("text/plain", "") for o in outputs)
    shown = " ".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "Research test" in shown and "Lead One" in shown  # the page names where and who


def test_explore_chooses_from_the_workspaces_packages_without_a_named_folder(research_ws) -> None:
    from kit.hub.local import LocalBackend

    LocalBackend.for_user(research_ws, "lead1").make_export(k=2)
    explore = _run("explore_export.ipynb", CANDLE_WORKSPACE=str(research_ws.root), CANDLE_USER="lead1")
    outputs = _outputs(explore)
    assert not [o for o in outputs if o.output_type == "error"]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 4  # the chooser with the summary, then one box per chart
    state = explore.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert sum(model["model_name"] == "AnyModel" for model in state.values()) == 3  # the charts
    assert "chosen from the finished packages" in json.dumps(state)


def test_both_notebooks_work_unchanged_in_a_hub_kernel(research_ws, run_export, _candle_service,
                                                       tmp_path) -> None:
    """In a hub kernel (the service's URL and the user's token in the environment, a home copy
    instead of the workspace): the lead's release page reads the held reflection through the
    service, and the researcher's explore page downloads the newest package into their home."""
    from kit.hub.local import LocalBackend
    from kit.store.workspace import Person, write_settings

    area = research_ws.store.latest("focus_areas", "p01")[0]
    add_reflection(research_ws, "p01", area, "Jack rang on 07700 900123.")
    run_export(research_ws)
    package = LocalBackend.for_user(research_ws, "lead1").make_export(k=2)
    people = [*research_ws.settings.people, Person(id="res1", name="Researcher One", kinds=["researcher"])]
    write_settings(research_ws.root / "kit.yaml", research_ws.settings.model_copy(update={"people": people}))
    _candle_service.use(research_ws)

    def in_hub_kernel(name: str, user: str) -> nbformat.NotebookNode:
        return _run(name, CANDLE_SERVICE_URL=_candle_service.url, CANDLE_WORKSPACE=str(tmp_path / user),
                    JUPYTERHUB_API_TOKEN=_candle_service.token_for(user))

    release = in_hub_kernel("release_queue.ipynb", "lead1")
    assert not [o for o in _outputs(release) if o.output_type == "error"]
    state = json.dumps(release.metadata["widgets"])
    assert "1 reflection waits" in state and "[PHONE]" in state and "07700" not in state
    explore = in_hub_kernel("explore_export.ipynb", "res1")
    assert not [o for o in _outputs(explore) if o.output_type == "error"]
    downloaded = tmp_path / "res1" / "exports" / package
    assert {"datapackage.json", "activity_by_period.parquet"} <= {p.name for p in downloaded.iterdir()}
    assert str(downloaded) in json.dumps(explore.metadata["widgets"])
    assert not list((tmp_path / "res1").glob("records/**/*.json"))  # a researcher's copy holds no records
