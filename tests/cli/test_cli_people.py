"""`candle people list|add|import`: people of a single-machine workspace, checked as kit.yaml is."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kit.cli import main
from kit.store.workspace import Person, Settings, Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path / "ws", Settings(name="Solo", current_user="lead1", people=[
        Person(id="lead1", name="Lead One", kinds=["lead"])]))


def _ids(ws: Workspace) -> list[str]:
    return [p["id"] for p in yaml.safe_load((ws.root / "kit.yaml").read_text())["people"]]


def test_add_then_list(ws: Workspace, capsys) -> None:
    root = str(ws.root)
    assert main(["people", "add", root, "p01", "--name", "Ash Example", "--kind", "practitioner"]) == 0
    assert "Added Ash Example (p01: practitioner) to workspace Solo; 2 people now." in capsys.readouterr().out
    assert main(["people", "list", str(ws.root)]) == 0
    out = capsys.readouterr().out
    assert "Workspace Solo" in out and "p01" in out and "Ash Example  (practitioner)" in out
    assert Workspace.open(ws.root).person("p01").kinds == ["practitioner"]


def test_bad_people_are_refused_with_the_field_named(ws: Workspace, capsys) -> None:
    assert main(["people", "add", str(ws.root), "Lead 2", "--name", "X", "--kind", "boss"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("candle people: Person 'Lead 2' has 2 problems: id: ") and "kinds.0: " in err
    assert main(["people", "add", str(ws.root), "lead1", "--name", "Again", "--kind", "lead"]) == 2
    assert "'lead1' is already a person in this workspace" in capsys.readouterr().err
    assert _ids(ws) == ["lead1"]


def test_import_csv_is_all_or_nothing(ws: Workspace, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "people.csv"
    bad.write_text("id,name,kinds\np01,Ash Example,practitioner\np02,,lead;practitioner\n"
                   "p01,Twice,link\n", encoding="utf-8")
    assert main(["people", "import", str(ws.root), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "people.csv has 2 problems: row 3, name: " in err
    assert "row 4, id: 'p01' appears more than once" in err
    assert _ids(ws) == ["lead1"]
    good = tmp_path / "team.yaml"
    good.write_text(yaml.safe_dump({"people": [{"id": "p01", "name": "Ash", "kinds": ["practitioner"]},
                                               {"id": "lead2", "name": "Bo", "kinds": "lead; link"}]}))
    assert main(["people", "import", str(ws.root), str(good)]) == 0
    assert "Added 2 people from team.yaml" in capsys.readouterr().out
    assert _ids(ws) == ["lead1", "p01", "lead2"]
    assert Workspace.open(ws.root).person("lead2").kinds == ["lead", "link"]


def test_a_file_without_the_columns_is_named(ws: Workspace, tmp_path: Path, capsys) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("who,what\nx,y\n", encoding="utf-8")
    assert main(["people", "import", str(ws.root), str(odd)]) == 2
    assert "has no id, name, kinds column" in capsys.readouterr().err


def test_an_import_that_would_make_kit_yaml_unreadable_is_refused(ws: Workspace, tmp_path: Path,
                                                                  capsys) -> None:
    crowd = tmp_path / "crowd.csv"
    rows = "".join(f"p{n:05d},{'Name ' * 19}{n},practitioner;lead;link;researcher\n" for n in range(12000))
    crowd.write_text("id,name,kinds\n" + rows, encoding="utf-8")
    assert main(["people", "import", str(ws.root), str(crowd)]) == 2
    assert "too large to read back; nothing was changed" in capsys.readouterr().err
    assert _ids(ws) == ["lead1"]


def test_add_can_make_a_new_or_a_listed_person_the_current_user(ws: Workspace, capsys) -> None:
    root = str(ws.root)
    assert main(["people", "add", root, "p01", "--name", "Ash Example", "--kind", "practitioner"]) == 0
    assert Workspace.open(root).settings.current_user == "lead1"  # unchanged without --current
    assert "current user" not in capsys.readouterr().out
    assert main(["people", "add", root, "p02", "--name", "Bo Example", "--kind", "practitioner",
                 "--current"]) == 0
    assert "p02 is now the current user" in capsys.readouterr().out
    assert Workspace.open(root).current_user().id == "p02"
    assert main(["people", "add", root, "p01", "--current"]) == 0  # already listed: just chosen
    assert "p01 is now the current user" in capsys.readouterr().out
    assert Workspace.open(root).current_user().id == "p01"
    assert _ids(ws) == ["lead1", "p01", "p02"]


def test_a_new_person_needs_a_name_and_a_kind(ws: Workspace, capsys) -> None:
    assert main(["people", "add", str(ws.root), "zed", "--current"]) == 2
    err = capsys.readouterr().err
    assert "'zed' is not a person of workspace Solo yet" in err and "Give --name and --kind" in err
    assert Workspace.open(ws.root).settings.current_user == "lead1"
    assert _ids(ws) == ["lead1"]
