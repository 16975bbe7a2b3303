"""Personal names: from the name lists, after titles and family words, in
brackets, as plurals after "the", initials, nicknames after a cue or in quotes,
and unknown capitalised words whose context says they are people."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from kit.identify.allowlist import AllowList
from kit.identify.model import Finding
from kit.identify.namelist import first_names, name_words, surnames
from kit.identify.venues import HYPHEN_PLACE
from kit.identify.words import (
    MONTH_WORD,
    POSSESSIVE,
    STOP,
    TITLES,
    TOKEN,
    bare,
    is_english_word,
    is_title_case,
    sentence_start,
)

_W = r"[^\W\d_](?:[^\W\d_]|['’\-])*"
_CAP = r"[A-Z](?:[^\W\d_]|['’\-])*"
TITLE = re.compile(rf"(?<![\w])(?:{'|'.join(sorted(TITLES, key=len, reverse=True))})\.?[ \t]+"
                   rf"({_W}|[A-Z](?![\w]))",
                   re.IGNORECASE)
_FAMILY_TITLE = re.compile(rf"(?<![\w])(?i:auntie|aunty|aunt|uncle|nan|nana|nanna|nanny|grandma|grandad|"
                           rf"grandpa|gran|granny|nain|taid|cousin|baby|little|big)[ \t]+({_CAP})")
_BRACKETED = re.compile(rf"\(({_CAP}(?:[ \t]+{_CAP})?)\)")
_THE_PLURAL = re.compile(rf"(?<![\w])(?i:the)[ \t]+({_CAP}?s)(?![\w'’])")
_THE_FAMILY = re.compile(rf"(?<![\w])(?i:the)[ \t]+({_CAP})[ \t]+(?:family|families|household|twins|kids|"
                         rf"children|boys|girls|brothers|sisters|lot|clan)(?![\w])")
_FAMILY_WORD = re.compile(r"(?<=[ \t])(?i:family|household|twins)(?![\w])")
_WORD_BEFORE = re.compile(rf"(?<![\w])({_W})[ \t]+$")
_ROLE_AFTER = re.compile(r"[ \t]*\((?:mum|mam|dad|nan|gran|grandma|grandad|sister|brother|aunt|auntie|uncle|"
                         r"carer|foster carer|step-?dad|step-?mum|class teacher|teacher|TA|SENCo|child|"
                         r"cousin|partner|social worker|key worker)\)", re.IGNORECASE)
_INITIAL = re.compile(r"(?<![\w.'’])([A-Z])\.(?:[ \t]?[A-Z]\.)?(?=[ \t]+[a-z(]|[ \t]*[,;:)]|[ \t]*$)")
_INITIAL_KEEP_AFTER = frozenset({"family", "group", "plan", "option", "step", "type", "part", "level", "year",
                                 "stage", "appendix", "section", "class", "grade", "tier", "t", "y", "key",
                                 "area", "focus", "case", "table", "figure", "form", "room", "block", "child",
                                 "parent", "carer", "sibling", "pupil", "person", "baby", "boy", "girl",
                                 "student", "adult", "teen", "mum", "dad", "young"})
_CUE = re.compile(rf"(?<![\w])(?i:known[ \t]+as|goes[ \t]+by|nick-?named?|a\.?k\.?a\.?|"
                  rf"(?:we|they|everyone|everybody|he|she|mum|dad|family)[ \t]+calls?[ \t]+"
                  rf"(?:him|her|them|me)|"
                  rf"calls?[ \t]+(?:himself|herself|themselves)|(?:everyone|everybody)[ \t]+says|"
                  rf"prefers[ \t]+to[ \t]+be[ \t]+called|likes[ \t]+to[ \t]+be[ \t]+called|"
                  rf"(?:his|her|their)[ \t]+nickname[ \t]+is)[ \t:,]*[\"'“‘]?({_W})")
_CUE_WORDS = ("known", "goes", "nick", "aka", "a.k.a", "call", "says", "prefer")
_QUOTED = re.compile(rf"(?:(?<![\w])['‘]|[\"“])({_CAP})(?:['’](?![\w])|[\"”])")
_NAME_VERB = re.compile(r"[ \t]+(?:said|says|told|tells|asked|asks|was|is|has|had|came|comes|went|goes|"
                        r"wants|wanted|likes|liked|loves|loved|cried|laughed|ran|refused|shouted|"
                        r"didn['’]t|doesn['’]t|can['’]t|won['’]t|isn['’]t|wasn['’]t|seemed|seems|got|"
                        r"gets|felt|feels|kept|keeps|started|joined|and[ \t]+(?:her|his)|who)(?![\w])")
_IN_A_LIST = re.compile(r"(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+)([A-Z][^\W\d_]+(?:['’]s)?)(?![\w])")
_LOWER_AFTER = re.compile(r"[ \t]+(?:n|and|from|&|\+)(?![\w])")
_SPEECH_VERB = re.compile(r"[ \t]+(?:said|says|told|asked|texted|messaged|rang|phoned)(?![\w])")
_PEOPLE_AFTER = re.compile(r"['’]?s?[ \t]+(?:mum|mam|mom|dad|nan|nana|gran|grandma|grandad|brother|sister|"
                           r"auntie|aunt|uncle|cousin|teacher|carer|family|foster|baby|class|friend|partner|"
                           r"boyfriend|girlfriend|keyworker|key[ \t]worker|social[ \t]worker|bedroom|"
                           r"behaviour|needs|plan|birthday|school|nursery)(?![\w])", re.IGNORECASE)
_CONTEXT_WORDS = frozenset({"told", "asked", "with", "saw", "met", "phoned", "rang", "hi", "texted",
                            "messaged", "visited", "thanked", "reminded", "helped", "supported"})
_LOWER_CONTEXT = _CONTEXT_WORDS | {"said", "says", "and", "with", "called", "named", "visited", "see"}


def is_unknown_word(word: str, allow: AllowList) -> bool:
    """A capitalised word that is no everyday or domain word, month or stop word."""
    lower = word.lower()
    return not (lower in STOP or lower in allow.words or is_english_word(lower) or MONTH_WORD.match(word)
                or lower in name_words() or lower in TITLES or word.isupper())


def _listed(word: str, text: str, start: int) -> bool:
    """Whether a token is a name from the lists, judged by its context when ambiguous."""
    parts = [p for p in POSSESSIVE.sub("", word).split("-") if p]
    names, ambiguous, family = first_names(), name_words(), surnames()
    for part in parts:
        lower = part.lower()
        if lower in family and is_title_case(part) and (not sentence_start(text, start) or len(parts) > 1):
            return True
        if lower not in names:
            continue
        if lower not in ambiguous:
            return True
        if is_title_case(part) and (not sentence_start(text, start) or _marked(word, text, start)):
            return True
    return False


def _marked(token: str, text: str, start: int) -> bool:
    """A sentence-initial word that is also a name is one when possessive, before '(' or a verb."""
    after = text[start + len(token):]
    return bool(POSSESSIVE.search(token)) or after.lstrip(" \t").startswith("(") or bool(
        re.match(r"[ \t]+(?:said|says|told|asked|cried|laughed|shouted|was|is|has|had|came|went|wants)"
                 r"(?![\w])",
                 after))


def _no_apostrophe_possessive(word: str) -> bool:
    """"Jaydens" (a listed name + s, itself no name nor English word)."""
    lower = word.lower()
    stem = lower[:-1]
    return (len(word) > 3 and lower.endswith("s") and lower not in first_names()
            and not is_english_word(lower)
            and stem in first_names() and stem not in name_words())


def _extend_surname(text: str, tokens: list[re.Match[str]], index: int, end: int, allow: AllowList,
                    protected: list[tuple[int, int]]) -> tuple[int, int]:
    """Take the capitalised word right after a first name too ("Amelia Thompson")."""
    if index >= len(tokens):
        return end, index
    following = tokens[index]
    nxt = bare(following.group())
    if (text[end:following.start()] in (" ", "\t") and nxt[:1].isupper()
            and nxt.lower() not in allow.words and nxt.lower() not in STOP
            and not _inside(protected, *following.span())):
        return following.start() + len(nxt), index + 1
    return end, index


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _listed_names(text: str, allow: AllowList) -> Iterator[Finding]:
    protected = allow.protected_spans(text)
    names, family = first_names(), surnames()
    tokens = list(TOKEN.finditer(text))
    index = 0
    while index < len(tokens):
        token = tokens[index]
        word = token.group()
        base = bare(word)
        lower = base.lower()
        index += 1
        if lower in allow.words:
            continue
        listed = lower in names or lower in family or "-" in base
        if not listed and not (lower.endswith("s") and lower[:-1] in names):
            continue
        if _inside(protected, *token.span()):
            continue
        if not listed:
            if _no_apostrophe_possessive(base):
                yield Finding("NAME", token.start(), token.start() + len(base), base)
            continue
        if MONTH_WORD.match(base) and base == word and not _NAME_VERB.match(text, token.end()):
            continue  # "in March"; but "June's mum" and "Jun said" are names
        if HYPHEN_PLACE.fullmatch(base):
            continue  # "Leigh-upon-Wyre" is a place
        if not _listed(word, text, token.start()):
            continue
        end = token.start() + len(base)
        if word[:1].isupper() and base == word:
            end, index = _extend_surname(text, tokens, index, end, allow, protected)
        yield Finding("NAME", token.start(), end, text[token.start():end])


def _titled(text: str, allow: AllowList) -> Iterator[Finding]:
    for match in TITLE.finditer(text):
        word = bare(match.group(1))
        initial = len(word) == 1 and word.isupper()
        capitalised = word[:1].isupper() and word.lower() not in STOP  # "Ms Sparrow", "Mr Short"
        if initial or capitalised or (word.lower() not in allow.words and word.lower() not in STOP):
            yield Finding("NAME", match.start(1), match.start(1) + len(word), word)
    for match in _FAMILY_TITLE.finditer(text):
        word = bare(match.group(1))
        if word.lower() not in allow.words and word.lower() not in STOP and not is_english_word(word):
            yield Finding("NAME", match.start(1), match.start(1) + len(word), word)


def _in_context(text: str, allow: AllowList) -> Iterator[Finding]:
    """Names known only by where they stand: brackets, plurals, initials, nicknames, quotes."""
    for match in _BRACKETED.finditer(text):
        if all(is_unknown_word(w, allow) for w in match.group(1).split()):
            yield Finding("NAME", *match.span(1), match.group(1))
    for pattern in (_THE_PLURAL, _THE_FAMILY):
        for match in pattern.finditer(text):
            word = match.group(1)
            stem = word[:-1] if pattern is _THE_PLURAL else word
            if is_unknown_word(stem, allow) and is_unknown_word(word, allow):
                yield Finding("NAME", *match.span(1), word)
    for family in _FAMILY_WORD.finditer(text):
        match = _WORD_BEFORE.search(text, max(0, family.start() - 40), family.start())
        word = bare(match.group(1)) if match else ""
        if len(word) >= 3 and (word.lower() in surnames() or is_unknown_word(word, allow)):
            yield Finding("NAME", match.start(1), match.start(1) + len(word), word)
    for match in _INITIAL.finditer(text):
        before = text[:match.start()].split()
        if match.group(1) == "I" and not text[match.end():].strip():
            continue  # "... and so was I."
        if not before or before[-1].lower().strip(",.") not in _INITIAL_KEEP_AFTER:
            yield Finding("NAME", *match.span(), match.group())
    lower = text.lower()
    cued = any(cue in lower for cue in _CUE_WORDS)
    for match in (_CUE.finditer(text) if cued else ()):
        word = bare(match.group(1))
        if word.lower() not in STOP and word.lower() not in allow.words:
            yield Finding("NAME", match.start(1), match.start(1) + len(word), word)
    for match in _QUOTED.finditer(text):
        if is_unknown_word(match.group(1), allow):
            yield Finding("NAME", *match.span(1), match.group(1))
    yield from _unknown_people(text, allow)


def _unknown_people(text: str, allow: AllowList) -> Iterator[Finding]:
    """An unknown capitalised word acting as a person: before 'said', after 'told', before "'s mum"."""
    for token in TOKEN.finditer(text):
        word = bare(token.group())
        if not word[:1].isupper() or not is_unknown_word(word, allow) or len(word) < 3:
            continue
        after = text[token.start() + len(word):]
        before = text[:token.start()].split()
        previous = before[-1].lower().strip(",") if before else ""
        acting = _NAME_VERB.match(after) and (not sentence_start(text, token.start())
                                              or _SPEECH_VERB.match(after)
                                              or not is_english_word(word, common_only=False))
        following = _IN_A_LIST.match(after)  # "Efua, Simran and ...": unknown words in a list
        listed = following and not is_english_word(word, common_only=False) \
            and is_unknown_word(bare(following.group(1)), allow)
        context = _PEOPLE_AFTER.match(after) or _ROLE_AFTER.match(after) or previous in _CONTEXT_WORDS
        if acting or listed or context:
            yield Finding("NAME", token.start(), token.start() + len(word), word)
            continue
        stem = word[:-1] if word.lower().endswith("s") else ""
        if stem and _PEOPLE_AFTER.match(after) and is_unknown_word(stem, allow):
            yield Finding("NAME", token.start(), token.start() + len(word), word)


def _no_dictionary_word(text: str, allow: AllowList) -> Iterator[Finding]:
    """A word no dictionary has, where a name stands: after a reporting or meeting word ("and
    Nkechi", "said gorton"), or lower-case before "from", "n", "and" or a verb at a sentence
    start ("simran from ..."). A guess: any other finding of the same span wins."""
    for token in TOKEN.finditer(text):
        word = bare(token.group())
        lower = word.lower()
        if len(word) < 4 or "-" in word or lower in allow.words or lower in STOP or word.isupper() \
                or is_english_word(lower, common_only=False) or lower in TITLES:
            continue
        start = token.start()
        previous = _WORD_BEFORE.search(text, max(0, start - 20), start)
        after = text[start + len(word):]
        if (previous and previous.group(1).lower() in _LOWER_CONTEXT) or (
                word.islower() and sentence_start(text, start)
                and (_LOWER_AFTER.match(after) or _NAME_VERB.match(after))):
            yield Finding("GUESS:NAME", start, start + len(word), word)


def _foreign_letters(text: str, allow: AllowList) -> Iterator[Finding]:
    """A word with letters outside ASCII that no dictionary or allow-list has ("Siân", "Šarūnas")."""
    if text.isascii():
        return
    for token in TOKEN.finditer(text):
        word = bare(token.group())
        if word.isascii() or len(word) < 2:
            continue
        lower = word.lower()
        folded = unicodedata.normalize("NFKD", lower).encode("ascii", "ignore").decode()
        if lower in allow.words or lower in STOP or is_english_word(folded) or \
                is_english_word(lower, common_only=False):
            continue  # "café", "naïve", "crèche", "rôle"
        yield Finding("NAME", token.start(), token.start() + len(word), word)


def name_identifiers(text: str, allow: AllowList) -> Iterator[Finding]:
    """Every personal name found in ``text``."""
    yield from _listed_names(text, allow)
    yield from _foreign_letters(text, allow)
    yield from _no_dictionary_word(text, allow)
    yield from _titled(text, allow)
    yield from _in_context(text, allow)
