"""First names to look for in free text, from a well-kept list shipped in a package.

The list is Jörg Michael's ``nam_dict.txt`` (about 45,000 first names with their
frequency in 55 countries, GNU FDL), shipped inside the ``gender-guesser``
package: it works offline, loads in a fraction of a second and, unlike lists
scraped from leaked data, says how common each name is in each country. We keep
names used in Great Britain, Ireland or the USA, plus names common (frequency 3
or more on its 1-13 scale) anywhere else, since the UK's families come from
everywhere, plus ``templates/research/extra_first_names.txt`` (names common in UK
families since 2008 that the list lacks, e.g. Alfie, Zain). English words that are
also names (``templates/research/name_words.txt``) count as names only when
capitalised mid-sentence.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from kit.resources import TEMPLATES_DIR

NAME_WORDS_FILE = TEMPLATES_DIR / "research" / "name_words.txt"
EXTRA_NAMES_FILE = TEMPLATES_DIR / "research" / "extra_first_names.txt"
_FREQ_START = 30
_ANGLO_COLUMNS = 3  # Great Britain, Ireland, USA
_ELSEWHERE_MIN = 3
_MIN_LENGTH = 3


def _frequencies(line: str) -> list[int]:
    digits = line[_FREQ_START:_FREQ_START + 55]
    return [int(c, 16) if c in "123456789ABCDEF" else 0 for c in digits]


def _name_dict_path() -> Path:
    return Path(str(resources.files("gender_guesser") / "data" / "nam_dict.txt"))


def _variants(name: str) -> list[str]:
    if "+" not in name:
        return [name]
    return [name.replace("+", ""), name.replace("+", "-")]


@cache
def first_names() -> frozenset[str]:
    """Lower-case first names worth masking (see the module's docstring for the choice)."""
    names: set[str] = set()
    with _name_dict_path().open(encoding="utf-8") as handle:
        for line in handle:
            if line[:1] in "#=" or len(line) <= _FREQ_START or line[29:30] == "+":
                continue
            freqs = _frequencies(line)
            if max(freqs[:_ANGLO_COLUMNS], default=0) < 1 and max(freqs, default=0) < _ELSEWHERE_MIN:
                continue
            for name in _variants(line[3:29].strip()):
                if len(name) >= _MIN_LENGTH and name.replace("-", "").isalpha():
                    names.add(name.lower())
    names.update(_words(EXTRA_NAMES_FILE))
    return frozenset(names)


def _words(path: Path) -> set[str]:
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(word.lower() for word in line.split())
    return words


@cache
def name_words() -> frozenset[str]:
    """English words that are also first names: names only when capitalised mid-sentence."""
    return frozenset(_words(NAME_WORDS_FILE))
