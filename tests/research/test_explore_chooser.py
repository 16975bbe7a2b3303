"""The explore page's package chooser on both backends: a researcher picks a finished package
(the newest first); on a hub it is downloaded into the kernel's own workspace (the user's
home), locally it is opened where it is; no package, or no right to one, is said plainly."""

from __future__ import annotations

from pathlib import Path

import altair as alt
from inprocess_service import CandleService

from kit.hub.local import LocalBackend
from kit.hub.mirror import sync
from kit.hub.packages import package_label
from kit.hub.roles import Caller
from kit.notebook.context import PageContext
from kit.notebook.export_chooser import NO_PACKAGE, ExportChooser, labelled, under_heading
from kit.store.workspace import Person, Workspace, write_settings

RESEARCHER = Person(id="res1", name="Researcher One", kinds=["researcher"])


def _text(box) -> str:
    """What a summary or chart box shows, as text."""
    parts = []
    for child in box.children:
        parts += [o["data"].get("text/markdown", "") for o in getattr(child, "outputs", ())]
        parts.append(getattr(child, "value", "") if isinstance(getattr(child, "value", ""), str) else "")
    return " ".join(parts)


def _packages(ws: Workspace) -> list[str]:
    lead = LocalBackend.for_user(ws, "lead1")
    return [lead.make_export(k=2), lead.make_export(k=2)]  # oldest first


def _local(ws: Workspace, person: Person = RESEARCHER) -> PageContext:
    return PageContext(ws, person, LocalBackend(ws, Caller(person.id, tuple(person.kinds))), False)


def test_a_local_researcher_opens_the_newest_package_where_it_is(research_ws: Workspace) -> None:
    older, newer = _packages(research_ws)
    chooser = ExportChooser(_local(research_ws))
    assert chooser.dropdown.value == newer
    assert [name for _, name in chooser.dropdown.options] == [newer, older]
    assert chooser.dropdown.options[0][0].startswith("made ")  # (with the name if both share a second)
    assert " UTC by lead1" in chooser.dropdown.options[0][0]
    assert chooser.package is not None and chooser.package.folder == research_ws.folder("exports") / newer
    assert "reflections." in _text(chooser.summary)
    assert isinstance(chooser.chart("activity").children[0], alt.JupyterChart)
    chooser.dropdown.value = older
    assert chooser.package.folder.name == older
    assert sorted(p.name for p in research_ws.folder("exports").iterdir()) == [older, newer]  # nothing copied


def test_a_hub_researcher_downloads_the_chosen_package_into_their_home(
        _candle_service: CandleService, research_ws: Workspace, tmp_path: Path) -> None:
    older, newer = _packages(research_ws)
    people = [*research_ws.settings.people, RESEARCHER]  # the hub's candle-researchers group
    write_settings(research_ws.root / "kit.yaml", research_ws.settings.model_copy(update={"people": people}))
    _candle_service.use(research_ws)
    backend = _candle_service.backend("res1")
    home_copy = sync(backend, tmp_path / "home" / ".candle" / "workspace")
    chooser = ExportChooser(PageContext(home_copy, home_copy.current_user(), backend, True))
    charts = {name: chooser.chart(name) for name in ("activity", "tags", "focus_life")}
    downloaded = home_copy.folder("exports") / newer
    assert chooser.package is not None and chooser.package.folder == downloaded
    shared = research_ws.folder("exports") / newer
    assert sorted(p.name for p in downloaded.iterdir()) == sorted(p.name for p in shared.iterdir())
    assert all(charts[name].children for name in charts)
    chooser.dropdown.value = older
    assert (home_copy.folder("exports") / older / "datapackage.json").is_file()
    assert not list(home_copy.folder("exports").glob(".*"))  # no half-downloaded package left


def test_no_package_yet_and_no_right_to_one_are_said_plainly(research_ws: Workspace) -> None:
    empty = ExportChooser(_local(research_ws))
    assert NO_PACKAGE in _text(empty.summary) and empty.widget.children[2:] == (empty.summary,)
    assert empty.widget.children[0].children == (empty.folder, empty.open_button)  # (a laptop's)
    assert empty.chart("tags").children == ()
    _packages(research_ws)
    practitioner = ExportChooser(_local(research_ws, research_ws.person("p01")))
    assert "Only researchers and lead practitioners" in _text(practitioner.summary)
    no_workspace = ExportChooser(None, "No workspace is chosen.")
    assert "No workspace is chosen." in _text(no_workspace.summary)


def test_packages_are_listed_by_when_and_who_and_never_twice_alike() -> None:
    assert package_label("20261201T103511157960Z-lead1") == "made 01 Dec 2026 10:35:11 UTC by lead1"
    assert package_label("march-export") == "march-export"
    same = ["20261201T103511157960Z-lead1", "20261201T103511957960Z-lead1"]
    assert [label for label, _ in labelled(same)] == [f"made 01 Dec 2026 10:35:11 UTC by lead1 ({n})"
                                                      for n in same]


def _links(chooser: ExportChooser) -> dict[str, str]:
    """The download links the chosen package offers: file name to address."""
    import re

    assert chooser.files is not None and chooser.files.result.value == ""  # nothing copied unasked
    chooser.files.button.click()
    found = re.findall(r'href="([^"]+)" download="([^"]+)"', chooser.files.result.value)
    return dict((name, href) for href, name in found)


def test_a_researcher_downloads_the_package_files_and_reads_its_readme(
        research_ws: Workspace, tmp_path: Path) -> None:
    _, newer = _packages(research_ws)
    (research_ws.folder("exports") / newer / "any-name.qdpx").write_bytes(b"PK fixture")
    page_folder = tmp_path / "pages" / "research"
    chooser = ExportChooser(_local(research_ws), page_folder=page_folder)
    assert not page_folder.exists()
    links = _links(chooser)
    assert next(iter(links)) == "any-name.qdpx" and {"reflections.csv", "datapackage.json"} <= set(links)
    assert not any(name.endswith(".parquet") for name in links)
    saved = page_folder / "research-packages" / newer
    assert links["reflections.csv"] == f"research-packages/{newer}/reflections.csv"
    assert (saved / "any-name.qdpx").read_bytes() == b"PK fixture"
    assert (saved / "reflections.csv").read_bytes() == \
        (research_ws.folder("exports") / newer / "reflections.csv").read_bytes()
    text = _text(chooser.summary)
    assert "reflections by 6 practitioners" in text and "QualCoder" in _text(chooser.files.widget)
    readme = (research_ws.folder("exports") / newer / "README.md").read_text(encoding="utf-8")
    [box] = [c for c in chooser.summary.children if "candle-package-readme" in c._dom_classes]
    shown = _text(box)
    assert "### Mini Candle research export" in shown  # under the page's own heading
    assert under_heading(readme).strip() in shown  # the whole README
    assert "\n# " not in under_heading(readme) and "\n## " not in under_heading(readme)


def test_a_package_exported_to_any_folder_is_found(research_ws: Workspace, run_export,
                                                   tmp_path: Path) -> None:
    _, folder = run_export(research_ws, k=2)  # `candle export --out FOLDER`, outside exports/
    given = ExportChooser(_local(research_ws), folders=[folder])
    assert given.dropdown.value == f"folder:{folder}" and given.package.folder == folder
    assert "opened from its folder" in _text(given.summary)
    typed = ExportChooser(_local(research_ws))
    assert NO_PACKAGE in _text(typed.summary)
    typed.open_folder(str(tmp_path / "nowhere"))
    assert "is not a research export package" in typed.folder_problem.value and typed.package is None
    assert NO_PACKAGE in _text(typed.summary)
    typed.open_folder(f" {folder} ")
    assert typed.package is not None and typed.package.folder == folder.resolve()
    assert typed.folder_problem.value == "" and typed.folder.value == ""
    assert typed.dropdown in typed.widget.children
    assert isinstance(typed.chart("tags").children[0], alt.JupyterChart)


def test_a_hub_researcher_gets_the_qdpx_project_too(_candle_service: CandleService, research_ws: Workspace,
                                                    tmp_path: Path) -> None:
    _, newer = _packages(research_ws)
    (research_ws.folder("exports") / newer / "project.qdpx").write_bytes(b"PK project")
    people = [*research_ws.settings.people, RESEARCHER]
    write_settings(research_ws.root / "kit.yaml", research_ws.settings.model_copy(update={"people": people}))
    _candle_service.use(research_ws)
    backend = _candle_service.backend("res1")
    home_copy = sync(backend, tmp_path / "home" / ".candle" / "workspace")
    chooser = ExportChooser(PageContext(home_copy, home_copy.current_user(), backend, True),
                            page_folder=tmp_path / "home" / "candle" / "research", folders=[tmp_path])
    assert chooser.dropdown.value == newer  # a hub kernel opens no folder of its own
    assert all(chooser.folder not in getattr(child, "children", ()) for child in chooser.widget.children)
    assert "project.qdpx" in _links(chooser)
    saved = tmp_path / "home" / "candle" / "research" / "research-packages" / newer / "project.qdpx"
    assert saved.read_bytes() == b"PK project"
