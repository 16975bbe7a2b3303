"""`candle release list|show|confirm|mask`: the release queue from the command line."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pandas as pd
from research_support import add_reflection

from kit.cli import main
from kit.research import release_queue


def _held(ws, run_export) -> list[str]:
    area = ws.store.latest("focus_areas", "p01")[0]
    for text in ("Jack rang on 07700 900123.", "We walked past Kingsmead today.",
                 "Case ref 99120 was closed.", "Talked with Zofia about Nurture."):
        add_reflection(ws, "p01", area, text)
    run_export(ws)
    return [s.item.ref for s in release_queue.pending(ws)]


def test_list_show_mask_confirm_then_export(research_ws, run_export, capsys) -> None:
    refs = _held(research_ws, run_export)
    root = str(research_ws.root)
    assert main(["release", "list", root, "--as", "lead1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Workspace Research test ({root}); acting lead Lead One (lead1)\n")
    assert "4 reflections waiting for release." in out and "Page 1:" in out
    assert all(f"#{ref}  Reflection by Person p01, 20 Mar 2025" in out for ref in refs)
    assert "reflection-" not in out
    walk = next(s.item.ref for s in release_queue.pending(research_ws) if "Kingsmead" in s.text["what"])
    assert main(["release", "show", root, walk]) == 0
    out = capsys.readouterr().out
    assert "What?\n    We walked past >>Kingsmead<< today." in out and "Still risky: Kingsmead" in out
    assert main(["release", "mask", root, walk, "Kingsmead", "--kind", "place", "--as", "lead1"]) == 0
    assert "We walked past [PLACE] today." in capsys.readouterr().out
    others = [ref for ref in refs if ref != walk][:2]
    assert main(["release", "show", root, walk, *others]) == 0
    capsys.readouterr()
    assert main(["release", "confirm", root, walk, *others, "--yes"]) == 0
    assert "3 reflections will go into the next export." in capsys.readouterr().out
    assert main(["release", "list", root, "--page", "2"]) == 0
    out = capsys.readouterr().out
    assert "1 reflection waiting for release." in out and "#" not in out
    report, out_dir = run_export(research_ws)
    answers = pd.read_csv(out_dir / "reflection_answers.csv")["answer"].tolist()
    assert report.released_after_review == 3 and "We walked past [PLACE] today." in answers
    waiting = release_queue.pending(research_ws)[0].text["what"]
    assert len(answers) == 12 + 3 and waiting not in answers
    assert not any(re.search("Kingsmead|Jack|07700", a) for a in answers)


def test_confirm_a_page_keeping_one_back(research_ws, run_export, capsys, monkeypatch) -> None:
    refs = _held(research_ws, run_export)
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    assert main(["release", "confirm", str(research_ws.root), "--page", "1", "--keep-back", refs[2],
                 "--as", "lead1"]) == 0
    out = capsys.readouterr().out
    assert "Confirm these 3 reflections, keep 1 back? Type yes to confirm: " in out
    assert f"Kept back #{refs[2]}" in out and "3 reflections will go into the next export." in out
    assert release_queue.pending(research_ws) == []
    assert refs[2] not in {s.item.ref for s in release_queue.states(research_ws) if s.released}


def test_errors_are_one_line_and_change_nothing(research_ws, run_export, capsys) -> None:
    refs = _held(research_ws, run_export)
    root = str(research_ws.root)
    assert main(["release", "confirm", root, refs[0], "--as", "p01"]) == 2
    assert main(["release", "show", root, "nope42"]) == 2
    assert main(["release", "mask", root, refs[0], "Brackley"]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 3 and all(line.startswith("candle release: ") for line in errors)
    assert "p01 is not a lead" in errors[0] and "'nope42' is not held" in errors[1]
    assert "does not appear" in errors[2]
    assert main(["release", "confirm", root]) == 1
    assert len(release_queue.pending(research_ws)) == 4


def test_confirm_prints_the_page_marked_and_asks_first(research_ws, run_export, capsys,
                                                       monkeypatch) -> None:
    refs = _held(research_ws, run_export)
    root = str(research_ws.root)
    monkeypatch.setattr(sys, "stdin", io.StringIO("no\n"))
    assert main(["release", "confirm", root, "--page", "1"]) == 1
    out = capsys.readouterr().out
    assert all(f"#{ref}  Reflection by Person p01" in out for ref in refs)
    assert "We walked past >>Kingsmead<< today." in out and "Still risky: Kingsmead" in out
    assert out.index(">>Kingsmead<<") < out.index("Confirm these 4 reflections? Type yes to confirm: ")
    assert out.rstrip().endswith("Nothing confirmed.") and len(release_queue.pending(research_ws)) == 4
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no answer at all: nothing either
    assert main(["release", "confirm", root, refs[0]]) == 1
    assert "Confirm this 1 reflection? " in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    assert main(["release", "confirm", root, refs[0]]) == 0
    assert "1 reflection will go into the next export." in capsys.readouterr().out
    assert len(release_queue.pending(research_ws)) == 3


def test_yes_only_after_show_of_the_same_page_as_it_stands(research_ws, run_export, capsys) -> None:
    refs = _held(research_ws, run_export)
    root = str(research_ws.root)
    assert main(["release", "confirm", root, "--page", "1", "--yes"]) == 2
    err = capsys.readouterr().err
    assert "Not confirmed: 4 reflections" in err and f"release show {root} --page N" in err
    assert main(["release", "show", root, "--page", "1"]) == 0
    capsys.readouterr()
    walk = next(s.item.ref for s in release_queue.pending(research_ws) if "Kingsmead" in s.text["what"])
    assert main(["release", "mask", root, walk, "Kingsmead", "--kind", "place"]) == 0
    assert main(["release", "confirm", root, "--page", "1", "--yes"]) == 2  # changed since shown
    assert f"Not confirmed: 1 reflection (#{walk}) not shown" in capsys.readouterr().err
    assert len(release_queue.pending(research_ws)) == 4
    assert main(["release", "show", root, walk]) == 0
    assert main(["release", "confirm", root, "--page", "1", "--yes"]) == 0
    assert "4 reflections will go into the next export." in capsys.readouterr().out
    assert sorted(s.item.ref for s in release_queue.states(research_ws) if s.released) == sorted(refs)


def test_show_then_yes_in_one_terminal_not_in_another(research_ws, run_export) -> None:
    """Two commands typed in one terminal share its session; a new session must show again."""
    _held(research_ws, run_export)
    candle = [sys.executable, "-m", "kit", "release"]
    root = str(research_ws.root)
    shown = subprocess.run([*candle, "show", root, "--page", "1"], capture_output=True, text=True)
    assert shown.returncode == 0 and ">>Kingsmead<<" in shown.stdout
    elsewhere = subprocess.run([*candle, "confirm", root, "--page", "1", "--yes"], capture_output=True,
                               text=True, start_new_session=True)
    assert elsewhere.returncode == 2 and "not shown in this terminal" in elsewhere.stderr
    same = subprocess.run([*candle, "confirm", root, "--page", "1", "--yes"], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    assert same.returncode == 0 and "4 reflections will go into the next export." in same.stdout
