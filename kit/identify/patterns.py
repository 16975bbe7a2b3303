"""Identifiers with a shape: emails, handles, NHS and reference numbers, phones,
postcodes, vehicle registrations, dates and street addresses (English and Welsh)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kit.identify.allowlist import domain_allow_list
from kit.identify.model import Finding
from kit.identify.words import MONTH_WORD, MONTHS, STOP, UNITS

EMAIL = re.compile(r"[\w.+'\-]+\s?(?:@|\(at\)|\[at\])\s?[\w\-]+(?:\.[\w\-]+)+", re.IGNORECASE)
HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")
_HANDLE_LABELLED = re.compile(
    r"(?<![\w])(?:insta(?:gram)?|snap(?:chat)?|tiktok|tik tok|twitter|facebook|fb|handle|username|user name)"
    r"(?:[ \t]+(?:name|handle|username|account|is|was|as))*[ \t:]+((?=[\w.]*[\d_.])[A-Za-z][\w.]{2,29}[\w])",
    re.IGNORECASE)
# a handle written without @: words joined by dots or underscores, with an underscore or a digit
_HANDLE_SHAPE = re.compile(r"(?<![\w.@/])(?=[\w.]*(?:_|\d))[A-Za-z][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)+_?"
                           r"(?![\w@]|\.\w)")
NHS = re.compile(r"(?<![\w+])\d{3}[ \t\-]*\d{3}[ \t\-]*\d{4}(?![\w])")
_NHS_LABELLED = re.compile(r"(?:nhs|n\.h\.s\.?)\s*(?:no\.?|number|num|#)?[\s:.#]*((?:\d[\s\-]*){9}\d)",
                           re.IGNORECASE)
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\s*44\s*(?:\(\s*0\s*\)\s*)?|\(?\s*0)"
                   r"(?:[ \t\-.()]{0,3}\d){9,10}(?!\d)")
POSTCODE = re.compile(r"(?<![\w])([A-Z][A-Z]?\d[A-Z\d]?)[ \t]*(\d[ABD-HJLNP-UW-Z]{2})(?![\w])",
                      re.IGNORECASE)
VEHICLE = re.compile(r"(?<![\w])(?:[A-Z]{2}\d{2}[ \t]?[A-Z]{3}|[A-Z]\d{1,3}[ \t]?[A-Z]{3}|"
                     r"[A-Z]{3}[ \t]?\d{1,3}[A-Z])(?![\w])")
_VEHICLE_LOWER = re.compile(r"(?<![\w])[a-z]{2}\d{2}[ \t]?[a-z]{3}(?![\w])")
_VEHICLE_CUED = re.compile(  # older formats in any case, after a cue: "reg p123 abc", "car: abc 123d"
    r"(?<![\w])(?i:reg|registration|number[ \t]plate|plate|car|van|vehicle)"
    r"(?:[ \t]+(?i:no\.?|number|is|was|of))*[ \t:]+"
    r"((?i:[a-z]\d{1,3}[ \t]?[a-z]{3}|[a-z]{3}[ \t]?\d{1,3}[a-z]))(?![\w])")
_REF_LABELLED = re.compile(
    r"(?<![\w])(?:ref(?:erence)?|case|file|pupil|student|client|record|id|upn|uln|crn|cin|lac|cp|"
    r"mash|ehcp|ni|national[ \t]+insurance)(?:[ \t]*(?:no\.?|number|num|#|id|ref))?[ \t]*[:.#\-]?[ \t]*"
    r"((?:[A-Z]{1,4}[ \t]?[-/]?[ \t]?)?\d[\d\-/]{2,}[A-Z]?)(?![\w])", re.IGNORECASE)
_REF_CODE = re.compile(r"(?<![\w\-/])[A-Z]{2,5}[-/]\d{3,}(?:[-/]\d+)*(?![\w\-/])")
_UPN = re.compile(r"(?<![\w])[A-Z]\d{11}[0-9A-Z](?![\w])")
_NI_NUMBER = re.compile(r"(?<![\w])[A-CEGHJ-PR-TW-Z]{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D](?![\w])")
_REF_SHAPE = re.compile(  # letters, digits, slashes, hyphens: "SS/2026/0711", "eh/26/671", "AV-99137-F"
    r"(?<![\w/\-])(?=[\w/\-]*[A-Za-z])(?=(?:[^\d\s]*\d){3})[A-Za-z0-9]+(?:[/\-][A-Za-z0-9]+)+(?![\w/\-])")
_REF_PACKED = re.compile(r"(?<![\w])[A-Za-z]{2,5}\d{4,}[A-Za-z]?(?![\w])")  # "SS73522", "FSW11053"
_REF_DIGITS = re.compile(r"(?<![\w/\-.])\d{2,4}[/\-]\d{3,6}(?:[/\-]\d+)*(?![\w/\-])")  # "24/0093"
_SCHOOL_YEAR = re.compile(r"(?:19|20)\d\d[/\-]\d\d$")
_LONG_NUMBER = re.compile(r"(?<![\w\-/.,])\d{6,}(?![\w\-/])")
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$", re.IGNORECASE)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = (r"(?:mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)(?:day)?|wednesday|thursday|tuesday|saturday")
_DAY_MONTH = r"(?:[12]\d|3[01]|0?[1-9])[ \t]*/[ \t]*(?:1[0-2]|0?[1-9])"
DATES = (
    # a weekday with a day of the month ("Wed 2nd", "sat 4th", "Friday 15/2", "Tuesday 9")
    re.compile(rf"(?<![\w])(?:{_WEEKDAY})\.?,?[ \t]+(?:the[ \t]+)?(?:{_DAY_MONTH}|{_DAY})"
               rf"(?:[ \t]+(?:of[ \t]+)?{MONTHS}\.?(?:,?[ \t]*\d{{4}})?)?(?![\w/]|[ \t]*[ap]\.?m\b|[.:]\d)",
               re.IGNORECASE),
    # a day and month without a year ("14/6", "on 9/11"): day <= 31, month <= 12
    re.compile(rf"(?<![\w/.\-]){_DAY_MONTH}(?![\w/\-]|\.\w|[ \t]*(?:of|out|x)\b)"),
    # "the 21st", "on the 3rd" (an ordinal day of the month)
    re.compile(r"(?<![\w])(?i:the)[ \t]+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)(?![\w])"),
    re.compile(r"(?<![\w/.\-])\d{1,2}[ \t]*[/.\-][ \t]*\d{1,2}[ \t]*[/.\-][ \t]*(?:\d{4}|\d{2})(?![\w/\-])"),
    re.compile(r"(?<![\w])\d{4}-\d{1,2}-\d{1,2}(?![\w])"),
    re.compile(rf"(?<![\w]){_DAY}[ \t]*(?:of[ \t]+)?{MONTHS}\.?(?:,?[ \t]*\d{{4}})?(?![\w])", re.IGNORECASE),
    re.compile(rf"(?<![\w]){MONTHS}\.?[ \t]+(?:the[ \t]+)?{_DAY}(?:,?[ \t]*\d{{4}})?"
               rf"(?![\w]|[ \t]*[ap]\.?m\b)",
               re.IGNORECASE),
    re.compile(rf"(?:(?<=born)|(?<=born[ \t]in)|(?<=born[ \t]on)|(?<=dob)|(?<=d\.o\.b)|(?<=d\.o\.b\.)|"
               rf"(?<=date[ \t]of[ \t]birth))[\s:]*(?:{MONTHS}\.?[ \t]*)?(?:19|20)\d\d(?![\w])",
               re.IGNORECASE),
)
_DOTTED_DATE = re.compile(  # a dotted day.month after on/by/from ("on 14.6"), never a time ("at 10.30")
    r"(?<![\w])(?i:on|by|from|til|till|until|before|after|since)[ \t]((?:[12]\d|3[01]|0?[1-9])[.\-]"
    r"(?:1[0-2]|[1-9]))(?![\w:/]|\.\w|[ \t]*[ap]\.?m\b)")
_ORDINAL_AFTER = re.compile(  # "on 4th", "by 21st", "b4 3rd": an ordinal day after a word of time
    r"(?<![\w])(?i:on|by|b4|until|till|since|from)[ \t]+((?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th))(?![\w])")
_WEEK_OF = re.compile(  # "w/c 4th", "week commencing 12/5", "w/b the 3rd"
    r"(?<![\w])(?i:w/c|wc|w/b|week[ \t]+(?:commencing|beginning|starting|of))[ \t]+((?:the[ \t]+)?"
    r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|[/.](?:1[0-2]|0?[1-9]))?)(?![\w/])")
_DOTTED_DAY_MONTH = r"(?:[12]\d|3[01]|0?[1-9])\.(?:1[0-2]|0?[1-9])"
_DOTTED_DATE_CONTEXT = re.compile(  # "Next review: 24.1 at 3pm", "26.9 - home visit", "visit 3.10:"
    rf"(?:(?<![\w.])(?i:review|visit|meeting|appointment|date|due|next|session|call|contact)s?[ \t]*:?[ \t]+"
    rf"({_DOTTED_DAY_MONTH})(?![\w:/]|\.\w)|"
    rf"(?<![\w.:/])({_DOTTED_DAY_MONTH})(?=[ \t]+(?i:at|@)[ \t]+\d|[ \t]*[-–—][ \t]))")
STREET = (r"(?:road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|court|ct|"
          r"place|pl|terrace|gardens|grove|hill|park|square|walk|row|mews|view|rise|parade|vale|wynd)")
ADDRESS_NUMBERED = re.compile(
    rf"(?<![\w])(?:(?:flat|apartment|unit)[ \t]*\d+[a-z]?,?[ \t]*)?\d{{1,4}}[a-z]?,?[ \t]+"
    rf"((?:[A-Za-z][\w'’\-]*[ \t]+){{1,3}}){STREET}\.?(?![\w])", re.IGNORECASE)
ADDRESS_NAMED = re.compile(
    r"(?<![\w])(?:[A-Z][a-z'’]+[ \t]+){1,2}(?:Road|Street|Avenue|Lane|Close|Drive|Crescent|Terrace|"
    r"Gardens|Grove|Court|Mews|Way|Wynd|Parade)(?![\w])")
_ADDRESS_LOWER = re.compile(
    r"(?<![\w])(?:on|off|in|along|down|up)[ \t]((?!the\b|a\b|our\b|my\b|their\b|his\b|her\b)"
    r"[a-z][a-z'’]+(?:[ \t][a-z][a-z'’]+)?[ \t](?:road|street|avenue|lane|close|crescent|terrace))(?![\w])")
_BLOCK = (r"(?:court|house|heights|towers?|point|lodge|mews|mill|buildings|walk|rise|view|gardens|place|"
          r"quay|wharf|hall|close|square|flats|block)")
FLAT_IN_BLOCK = re.compile(  # "Flat 9, Kestrel Court", "apt 3 Osprey House", "flat 14 heron tower"
    rf"(?<![\w])(?i:flat|apt|apartment|unit|room)\.?[ \t]*\d{{1,4}}[A-Za-z]?,?[ \t]+"
    rf"(?:(?:[A-Z][\w'’\-]*[ \t]+){{0,2}}[A-Z][\w'’\-]*|"
    rf"(?:[a-z][\w'’\-]*[ \t]+){{1,2}}(?i:{_BLOCK}))(?![\w])")
_NUMBER_IN_BLOCK = re.compile(  # "no. 12 Pennine House", "number 4 Derwent Tower": a block word needed
    rf"(?<![\w])(?i:no|number|num)\.?[ \t]*\d{{1,4}}[A-Za-z]?,?[ \t]+"
    rf"(?:[A-Z][\w'’\-]*[ \t]+|[a-z][\w'’\-]*[ \t]+){{1,2}}(?i:{_BLOCK})(?![\w])")
_NUMBERED_NAME = re.compile(  # "9 Bank Top", "12 Wellgate": a house number before a capitalised name
    r"(?<![\w])(?i:at|past|to|on|from|in|of|lives|live|lived|moved|address|near|outside)[ \t]"
    r"(\d{1,4}[a-z]?,?[ \t]+([A-Z][a-z'’\-]+(?:[ \t]+[A-Z][a-z'’\-]+){0,2}))(?![\w])")
_WELSH_STREET = re.compile(
    r"(?<![\w])(?i:heol|ffordd|stryd|lôn|lon|rhodfa|cilgant|clos|maes|llys|teras|y[ \t]stryd)"
    r"(?:[ \t]+(?:yr|y|'r|[A-Z][\w'’\-]+)(?![\w])){1,3}")
_TOWN_BEFORE = re.compile(r"((?:[A-Z][a-z'’\-]+[ \t]+){0,2}[A-Z][a-z'’\-]+)[ \t,]*$")
DIGIT = re.compile(r"\d")


def spans(pattern: re.Pattern[str], text: str, kind: str, group: int = 0) -> Iterator[Finding]:
    """Every match of ``pattern`` (or its ``group``) as a finding of ``kind``."""
    for match in pattern.finditer(text):
        start, end = match.span(group)
        yield Finding(kind, start, end, text[start:end])


def nhs_checksum_ok(digits: str) -> bool:
    """Whether a 10-digit string is a valid NHS number (modulus 11 check digit)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str) -> Iterator[Finding]:
    for match in NHS.finditer(text):
        if nhs_checksum_ok(re.sub(r"\D", "", match.group())):
            yield Finding("NHS_NUMBER", *match.span(), match.group())
    yield from spans(_NHS_LABELLED, text, "NHS_NUMBER", group=1)


def _phones(text: str) -> Iterator[Finding]:
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group()).removeprefix("00")
        national = digits[2:] if digits.startswith("44") else digits[1:]
        if national.startswith("0"):
            national = national[1:]
        if 9 <= len(national) <= 10:
            yield Finding("PHONE", *match.span(), match.group())


def _postcodes(text: str) -> Iterator[Finding]:
    """Postcodes, and the town written just before one ("Lower Marchley ZX3 7QT")."""
    for match in POSTCODE.finditer(text):
        if _ORDINAL.search(match.group(2)):
            continue
        yield Finding("POSTCODE", *match.span(), match.group())
        town = _TOWN_BEFORE.search(text[max(0, match.start() - 60):match.start()])
        if town:
            offset = max(0, match.start() - 60)
            allow = domain_allow_list()
            if not any(w.lower() in allow.words or w.lower() in STOP for w in town.group(1).split()):
                yield Finding("PLACE", offset + town.start(1), offset + town.end(1), town.group(1))


_TOWN_AFTER = re.compile(r",[ \t]*([A-Z][a-z'’\-]+(?:[ \t]+[A-Z][a-z'’\-]+)?)(?![\w])")


def _addresses(text: str) -> Iterator[Finding]:
    """Numbered street addresses, and the town written just after one ("12 Mill Road, Ossett")."""
    allow = domain_allow_list()
    found = [(m.start(), m.end()) for m in FLAT_IN_BLOCK.finditer(text)]
    found += [(m.start(), m.end()) for m in _NUMBER_IN_BLOCK.finditer(text)]
    for match in _NUMBERED_NAME.finditer(text):
        words = match.group(2).split()
        if not any(w.lower() in allow.words or w.lower() in UNITS or MONTH_WORD.match(w) for w in words):
            found.append(match.span(1))
    for start, end in found:
        yield Finding("ADDRESS", start, end, text[start:end])
        town = _TOWN_AFTER.match(text, end)
        if town and not any(w.lower() in allow.words or w.lower() in STOP for w in town.group(1).split()):
            yield Finding("PLACE", *town.span(1), town.group(1))
    for match in ADDRESS_NUMBERED.finditer(text):
        words = {w.lower() for w in match.group(1).split()}
        if words & UNITS:
            continue
        yield Finding("ADDRESS", *match.span(), match.group())
        town = _TOWN_AFTER.match(text, match.end())
        if town and not any(w.lower() in allow.words or w.lower() in STOP for w in town.group(1).split()):
            yield Finding("PLACE", *town.span(1), town.group(1))


def _references(text: str) -> Iterator[Finding]:
    for pattern in (_REF_CODE, _UPN, _NI_NUMBER, _LONG_NUMBER, _REF_PACKED):
        yield from spans(pattern, text, "REF_NUMBER")
    for pattern in (_REF_SHAPE, _REF_DIGITS):
        for match in pattern.finditer(text):
            if not _SCHOOL_YEAR.match(match.group()) and not re.fullmatch(r"[A-Za-z]+-\d+", match.group()):
                yield Finding("REF_NUMBER", *match.span(), match.group())
    for match in _REF_LABELLED.finditer(text):
        start = match.start(1)
        code = re.match(r"[A-Za-z]{1,4}[ \t]?[-/]?[ \t]?", match.group(1))
        if code and not code.group().strip(" \t-/").isupper():
            start += code.end()  # "ref 5521873" keeps "ref"; "CIN-3307" goes whole
        yield Finding("REF_NUMBER", start, match.end(1), text[start:match.end(1)])


def shaped_identifiers(text: str) -> Iterator[Finding]:
    """Every identifier found by its shape alone."""
    if "@" in text or "at)" in text or "at]" in text:
        yield from spans(EMAIL, text, "EMAIL")
        yield from spans(HANDLE, text, "HANDLE")
    yield from spans(_HANDLE_LABELLED, text, "HANDLE", group=1)
    if "_" in text or "." in text:
        for match in _HANDLE_SHAPE.finditer(text):
            if "_" in match.group() or any(c.isdigit() for c in match.group()):
                yield Finding("HANDLE", *match.span(), match.group())
    yield from spans(_WELSH_STREET, text, "ADDRESS")
    yield from spans(ADDRESS_NAMED, text, "ADDRESS")
    yield from spans(_ADDRESS_LOWER, text, "ADDRESS", group=1)
    if not DIGIT.search(text):
        return
    yield from _nhs_numbers(text)
    yield from _phones(text)
    yield from _postcodes(text)
    yield from spans(VEHICLE, text, "VEHICLE_REG")
    yield from spans(_VEHICLE_LOWER, text, "VEHICLE_REG")
    yield from spans(_VEHICLE_CUED, text, "VEHICLE_REG", group=1)
    yield from _references(text)
    for pattern in DATES:
        yield from spans(pattern, text, "DATE")
    yield from spans(_DOTTED_DATE, text, "DATE", group=1)
    yield from spans(_WEEK_OF, text, "DATE", group=1)
    yield from spans(_ORDINAL_AFTER, text, "DATE", group=1)
    for match in _DOTTED_DATE_CONTEXT.finditer(text):
        group = 1 if match.group(1) else 2
        yield Finding("DATE", match.start(group), match.end(group), match.group(group))
    yield from _addresses(text)
