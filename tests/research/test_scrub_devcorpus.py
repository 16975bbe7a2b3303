"""The development corpus (tests/research/devcorpus.py) held against the export's scrubbing and
the release queue's marks: every identifier of every note, both halves, is masked or marked for
the lead; domain words and clean notes are kept. (Its held-out half was scored blind once and
has been read since, so it is tested here too; the fresh held-out corpus,
tests/research/freshcorpus.py, is measured only by bench/scrub_devcorpus.py --corpus fresh.)"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from types import ModuleType

import devcorpus
import freshcorpus
import pytest

from kit.research.export import scrub_job
from kit.research.risky import risky_tokens

NO_NAMES: tuple[str, ...] = ()


@cache
def _scrubbed() -> list[tuple[devcorpus.Note, str]]:
    """Each note of the corpus and its text as the export holds it for the lead (``scrub_job``)."""
    notes = devcorpus.make_corpus()
    return [(note, scrub_job((str(i), {"a": note.text}, NO_NAMES))[1]["a"]) for i, note in enumerate(notes)]


@pytest.mark.parametrize("generator", [devcorpus, freshcorpus], ids=["development", "fresh"])
def test_the_generator_never_imports_the_scrubber(generator: ModuleType) -> None:
    tree = ast.parse(Path(generator.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not [name for name in imported if name.startswith("kit")]


def test_the_corpus_is_large_fixed_and_split_in_halves_that_share_no_shape() -> None:
    corpus = devcorpus.make_corpus()
    assert len([n for n in corpus if not n.clean]) >= 300 and len(devcorpus.SHAPES) >= 80
    assert devcorpus.fingerprint(corpus) == devcorpus.fingerprint(devcorpus.make_corpus())
    development, held_out = devcorpus.shape_halves()
    assert not set(development) & set(held_out)
    assert all(set(n.shapes) <= set(held_out if n.held_out else development) for n in corpus)
    kinds = {kind for note in corpus for *_, kind in note.spans}
    assert len(kinds) >= 15
    for note in corpus:  # every span is where the generator says
        for start, end, _ in note.spans:
            assert note.text[start:end].strip() == note.text[start:end] != ""


@pytest.mark.parametrize("index", range(0, 210, 15))
def test_the_scoring_sees_every_identifier_of_an_unscrubbed_note(index: int) -> None:
    note, _ = _scrubbed()[index]
    for surface, _ in note.identifiers:
        assert devcorpus.left_words(surface, note, note.text), surface  # unscrubbed: all left


def test_every_identifier_of_the_corpus_is_masked_or_marked_for_the_lead() -> None:
    """As `candle release show` marks it (release_display marks ``risky_tokens``)."""
    unmarked = []
    for note, out in _scrubbed():
        marks = [(t.start, t.end) for t in risky_tokens(out)]
        for surface, kind in note.identifiers:
            for start, end in devcorpus.left_words(surface, note, out):
                if not any(a <= start and end <= b for a, b in marks):
                    unmarked.append((kind, surface, out))
    assert unmarked == []


def test_domain_words_are_kept_and_clean_notes_unchanged() -> None:
    found = kept = 0
    for note, out in _scrubbed():
        if note.clean:
            assert out == note.text
        for word in set(note.keep):
            total = note.text.count(word)
            found, kept = found + total, kept + min(total, out.count(word))
    assert kept / found >= 0.95


def test_the_fresh_corpus_shares_no_shape_or_pool_with_the_development_corpus() -> None:
    for pool in ("SHAPES", "FIRST", "SURNAMES", "WORD_SURNAMES", "PLACES", "BLOCKS", "STREETS", "CLEAN"):
        assert not set(getattr(freshcorpus, pool)) & set(getattr(devcorpus, pool)), pool
    fresh = freshcorpus.make_corpus()
    assert devcorpus.fingerprint(fresh) == devcorpus.fingerprint(freshcorpus.make_corpus())
    assert len([n for n in fresh if not n.clean]) >= 200
    assert len({kind for note in fresh for *_, kind in note.spans}) >= 15
