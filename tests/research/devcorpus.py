"""The scrubber's development corpus: synthetic practitioner notes, every identifier's span known.

Written for issue 18, independently of the scrubber: this module never imports the scrubber
(``kit.identify``, ``kit.research``) nor its name lists; its lists are typed here by hand and
everything in them is invented or a public place name. A fixed seed makes the same corpus
every time.

The corpus is split in two halves that share nothing: the sentence *shapes* and every pool of
identifiers (names, places, schools, organisations, blocks, streets) are dealt alternately,
after a seeded shuffle, to the *development* half (tune rules on it) and the *held-out* half
(measure on it, never read while changing rules). A held-out note is built only from held-out
shapes and held-out pools, so its recall says how the rules do on words and shapes they were
not tuned on.

Each note records its identifiers as ``(start, end, kind)`` spans, the domain words it holds
(words of the kit's vocabulary, ``templates/vocab``, and the typing hint's labels "Family A",
"Child B", "Mum", "Dad", times of day), which must come out unchanged. Clean notes hold no
identifier and must come out unchanged as a whole.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

import yaml

SEED = 18
NOTES = 400
CLEAN_NOTES = 20
CASTS = 20
VOCAB_DIR = Path(__file__).resolve().parents[2] / "templates" / "vocab"

FIRST = [
    "Jurgita", "Siân", "Zoë", "Oisín", "Małgorzata", "Łucja", "Gráinne", "Anaïs", "Renée", "Ayşe",
    "Çağla", "Jürgen", "Šarūnas", "Žaneta", "Radosław", "Mónika", "Bjørn", "Dāvis", "Eñaut", "Ľubica",
    "Tamsin", "Kenzie", "Oskar", "Delphine", "Ilinca", "Teodor", "Nkechi", "Folasade", "Yusra", "Abdiqani",
    "Selam", "Tesfalem", "Mehwish", "Arjun", "Simran", "Kiran", "Nilufar", "Shirin", "Dariusz", "Agnieszka",
    "Vytautas", "Egle", "Kaspars", "Ilze", "Andrei", "Bianca", "Thi", "Quang", "Mei", "Haoran",
    "Keeley", "Jaxon", "Kobe", "Rylee", "Brogan", "Macy", "Tegan", "Iwan", "Lowri", "Carys",
    "Aoife", "Cian", "Fionnuala", "Ruairi", "Kwame", "Efua", "Adwoa", "Kojo", "Amara", "Chinonso",
]
SURNAMES = [
    "Kowalski", "Nowicka", "Petrauskas", "Bērziņš", "Ozoliņa", "Muñoz", "Gonçalves", "Øverby", "Ó Briain",
    "MacLeòid", "Dąbrowski", "Horváth", "Szabó", "Çelik", "Öztürk", "Yıldız", "Nakamura", "Okonkwo",
    "Eze", "Adeyemi", "Owusu", "Appiah", "Ahmed", "Siddiqui", "Qureshi", "Dhillon", "Grewal", "Pham",
    "Huang", "Abebe", "Gebre", "Mohamud", "Farah", "Jankowski", "Lungu", "Rusu", "Vasile", "Thorpe",
    "Ogden", "Greenhalgh", "Postlethwaite", "Entwistle", "Heseltine", "Cadwallader", "Prosser",
]
WORD_SURNAMES = [
    "Sparrow", "Baker", "Fox", "Hedges", "Marsh", "Bishop", "Crane", "Wood", "Fields", "Rich", "Bell",
    "Church", "Banks", "Stone", "Lamb", "Cook", "Short", "Brook", "Hope", "Wild", "Best", "Moon",
    "Kite", "Frost", "Steel", "Fisher", "Carpenter", "Miles", "Gentle", "Swift",
]
TITLES = ["Ms", "Mrs", "Mr", "Miss", "Dr", "Mx", "mrs", "mr", "ms"]
COMMUNITIES = ["Eritrean", "Kurdish", "Tamil", "Somali", "Roma", "Polish", "Ghanaian", "Yemeni", "Sudanese",
               "Afghan", "Congolese", "Vietnamese", "Nepali", "Latvian", "Chinese", "Bangladeshi",
               "Lithuanian", "Syrian", "Filipino", "Zimbabwean"]
GROUP_KINDS = ["Community", "Women's", "Youth", "Mothers'", "Families", "Refugee"]
GROUP_ENDS = ["Network", "Association", "Centre", "Group", "Project", "Trust", "Forum", "Collective"]
SCHOOL_WORDS = ["Hollins Vale", "Kestrel Rise", "Windmill Hill", "St Aidan's", "St Bede's Catholic",
                "Oak Tree", "Fernside", "Elmwood", "Larkhill", "Castlebrook", "Hazelmere", "Brindley",
                "Quarry Bank", "Wolstenholme", "Trinity Fields", "Coppice Wood", "Redgate", "Haverley",
                "Marsden Heights", "Ysgol Pen y Bryn"]
SCHOOL_ENDS = ["Primary School", "Academy", "High School", "C of E Primary", "Infant School", "Junior School",
               "Community College", "Primary Academy", "Free School", "Nursery School"]
BLOCKS = ["Kestrel Court", "Osprey House", "Mulberry Heights", "Tennyson Walk", "Alder Point",
          "Bramble Lodge", "Heron Tower", "Cotton Mill", "Victoria Buildings", "Falcon Mews",
          "Sycamore Rise", "Lime Court", "Wharf House", "Beacon Point", "Linden Lodge", "Ash Tower"]
STREETS = ["Brunswick Road", "Cobden Street", "Higher Lane", "Priory Close", "Mafeking Terrace",
           "Jubilee Avenue", "Marlowe Drive", "Bank Top", "Sefton Grove", "Wellgate", "Coronation Street",
           "Ivy Bank", "Nab Lane", "Tithebarn Street", "Gladstone Place", "Dacre Crescent"]
PLACES = ["Pendle", "Ossett", "Gorton", "Tividale", "Kirkby", "Heckmondwike", "Pontypool", "Blaenavon",
          "Shotts", "Cleator Moor", "Saltcoats", "Penistone", "Rawtenstall", "Bootle", "Dewsbury",
          "Clayton-le-Moors", "Ebbw Vale", "Mexborough", "Tredegar", "Withernsea", "Wombwell", "Bacup",
          "Skelmersdale", "Jarrow", "Hucknall", "Ilkeston"]
HANDLE_WORDS = ["lily.rose", "big_mikey", "jay.dee", "toni_m", "kezzab", "princess.aaliyah", "dre_k",
                "mo.salah.fan", "sassy_sam", "the.real.jojo", "babygirl_k", "tommo_xx"]
EMAIL_USERS = ["j.bloggs", "mum_of_3", "kaz.t", "danny.boy", "stacey_w", "amir.k", "foster.carer",
               "lou.lou"]
EMAIL_DOMAINS = ["example.org", "example.net", "example.co.uk", "mail.example.com"]
OUTWARDS = ["LS6", "BD7", "M14", "CF10", "OL9", "BB2", "WF13", "S70", "HU3", "NE32", "L20", "G51", "SA1",
            "NP4", "DN5", "HX1"]
WEEKDAYS = ["Mon", "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun", "Monday", "Tuesday",
            "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "June", "July", "September", "October", "November",
          "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]
REF_PREFIXES = ["SS", "CP", "EH", "MASH", "CIN", "LAC", "FSW", "EHA", "LA", "TAF", "CAF", "SW"]
DOMAIN_PHRASES = ["Structure", "Nurture", "Engagement", "Challenge", "the FOG", "Nuggets and GEMS",
                  "Level 2", "Year 5", "Key Stage 2", "the Learning Journey", "Early Help", "Deep Dive",
                  "the Community Wheel", "Think", "Formulate", "Communicate", "Educate",
                  "the I Matter Model", "Framework Fundamentals", "Study Support", "Mini Candle"]
LABELS = ["Family A", "Family B", "Child B", "Child A", "Mum", "Dad", "Family C", "Child D"]
TIMES = ["3pm", "9am", "10.30am", "4.15pm", "2 pm", "11am", "half 3", "quarter past 9"]


@dataclass
class Note:
    """One synthetic note: its text, its identifiers (start, end, kind) and the words to keep."""

    text: str
    held_out: bool
    shapes: tuple[int, ...]
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    cast: int = 0  # the focus area (family) the note is written about, for the export bench

    @property
    def identifiers(self) -> list[tuple[str, str]]:
        """(surface text, kind) of every identifier, in order."""
        return [(self.text[s:e], kind) for s, e, kind in self.spans]

    @property
    def clean(self) -> bool:
        """Whether the note holds no identifier (it must come out unchanged)."""
        return not self.spans


SHAPES = [
    # prose
    "Met {first} and {label} at {time}; we talked about {domain}.",
    "{title} {wsurname} from the school rang about {label} on {date_short}.",
    "Visited the family at {flat}; {first} was calm and {domain} held.",
    "{first} {surname} came to the session with {label}.",
    "I noticed {first} was quieter after {date_noyear}, so I used {domain}.",
    "The referral came through the {org} last week.",
    "{label} now goes to {school} and likes it.",
    "They moved to {place} in the summer; {domain} helped the move.",
    "Case ref {ref} was closed after the review with {label}.",
    "A car, reg {reg}, was parked outside the house again at {time}.",
    "She messages on insta as {handle_bare} most nights.",
    "Gave {label} my work number {phone} and agreed {domain}.",
    "Her email is {email} if we need to send the plan.",
    "They live near {postcode} and walk to the park.",
    "NHS number {nhs} was on the letter, which I shredded.",
    "{title} {wsurname} and I planned a small step for {label}.",
    "We met at the {org} on {date_noyear}, {time}.",
    "{first_lc} said she felt listened to for once.",
    "went round to {place_lc} with {label} after school",
    "{first}'s mum told me about {domain} at home.",
    # texting / short
    "spoke 2 {first_lc} re {domain} - all ok",
    "{date_noyear}: {label} cancelled, rebook w/ {title} {wsurname}",
    "txt from {first_lc} at {time}, sounded upset",
    "rang {phone} no answer, left msg",
    "reg {reg_lower} seen again",
    "{first_lc} n her mum came to {place_lc} library",
    "mtg {date_short} {time} at {school_lc}",
    "snap is {handle_bare} apparently",
    "case no {ref} - waiting on panel",
    "{date_noyear} - home visit {flat_lc}",
    # form-like
    "Date: {date_year}. Present: {first} {surname}, {label}, SENCo.",
    "Venue: {org}. Time: {time}. Focus: {domain}.",
    "School: {school}. Year group: Year 5.",
    "Address: {address}, {place} {postcode}.",
    "Contact: {phone} / {email}.",
    "Ref: {ref}. Outcome: {domain} agreed.",
    "Vehicle: {reg}. Noted by {title} {wsurname}.",
    "Next review: {date_noyear} at {time}.",
    "Lead contact: {title} {surname} ({org}).",
    "Handle: {handle_bare}. Platform: TikTok.",
    # minutes
    "Minutes {date_year}: {first} (Mum) and {title} {wsurname} attended; {domain} discussed.",
    "Action: {title} {wsurname} to phone {first} before {date_noyear}.",
    "Apologies from {org}; {label} still keen on {domain}.",
    "Agreed: {first} will attend {school} from {date_noyear}.",
    "Noted: family now at {flat}, {place}.",
    "Discussed housing at {address}; {label} shares a room.",
    "Panel ref {ref} notes {domain} was the right frame.",
    "Police noted a car {reg} at the address on {date_short}.",
    "Safeguarding lead {title} {wsurname} will follow up with {org}.",
    "Update from {school}: {first} settled well after {date_noyear}.",
    # reflective
    "What struck me was how {first} softened when I named {domain}.",
    "Where was the FOG? Mostly when {title} {wsurname} raised the housing at {flat}.",
    "My role was to help {label} regain confidence; {first} joined in at {time}.",
    "Next small step: ring {first} on {date_noyear} and check {domain}.",
    "I felt the pull to fix things for {first_lc}, which is not my role.",
    "Which value was in play? {domain}, when {first} {surname} said no.",
    "I tried the difficult-incident review with {label} and {first}.",
    "Being in {place} for the visit reminded me how far the family travels.",
    "I realised {title} {wsurname} is carrying a lot on her own.",
    "The {org} has been a lifeline for {label}.",
    # more mixed shapes
    "{first} and {first2} argued on {date_noyear} but made up by {time}.",
    "Dad works shifts in {place}, so we met at {time} on {date_short}.",
    "{label} has an appointment at {place_lc} health centre on {date_noyear}.",
    "She wrote her number down, {phone}, and her sister's email {email}.",
    "We drove past {address} on the way to {school}.",
    "{first_lc} from {place_lc} came along to the drop-in.",
    "Grandad still lives at {flat} and sees {label} on {date_weekday}.",
    "He gave the reg as {reg} but the car was not his.",
    "The {org} offered a space on {date_weekday}.",
    "Child B and {first} made a poster for {domain}.",
    "Follow up with {email} re {ref}.",
    "{first} posts as {handle_bare} and got upset by the comments.",
    "After {date_year} the family moved from {place} to {place2}.",
    "Her old school, {school}, sent the records on {date_short}.",
    "I met {title} {wsurname} and {title2} {wsurname2} at the {org}.",
    "The letter had {postcode} and {nhs} on it.",
    "{first}, {first2} and {label} did the Community Wheel together.",
    "{first_lc}s mum said {date_noyear} was the worst day.",
    "Called {phone} at {time}: {first} answered.",
    "By {date_weekday} {label} had tried the Structure idea twice.",
    "Saw {first} {surname} at {place} market with Mum.",
    "Note for file {ref}: no further action.",
    "At {flat} the lift was broken again, so {label} stayed in.",
    "{title} {wsurname} from {org} asked for the plan by {date_noyear}.",
    "{first} said {place_lc} feels like home now.",
    "The {org} and {school} both want to help {first}.",
]
CLEAN = [
    "Met Family A at 3pm; we talked about Structure and Nurture.",
    "Child B was calmer today. Mum said the new routine helped.",
    "Dad came at 9am and we looked at the FOG together.",
    "I used the I Matter Model with Family B and it landed well.",
    "Next small step: a shorter check-in at 4.15pm with Child A.",
    "Level 2 session on Engagement; the group shared Nuggets and GEMS.",
    "Where was the FOG? When Mum talked about bedtime.",
    "Which value was in play? Challenge, gently, with Child D.",
    "Family C said the Community Wheel session was useful.",
    "My role was to help Mum regain confidence, not to fix it.",
    "Year 5 transition worries came up again; we used Structure.",
    "Think, Formulate, Communicate, Educate: I got stuck at Formulate.",
    "Dad and Child B played a game at 11am and it went well.",
    "Early Help meeting went ahead; Family A felt heard.",
    "The Learning Journey feels slower this term, and that is fine.",
    "Key Stage 2 staff asked about Nurture at break time.",
    "We met at half 3 after school; Child A was tired.",
    "Deep Dive reading on readiness for change helped me plan.",
    "I noticed my own stress rising when Dad raised his voice.",
    "Containment: support matched to what the setting can hold.",
]


@cache
def vocab_phrases() -> tuple[str, ...]:
    """Short labels from the kit's vocabularies (``templates/vocab``), used as domain words."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            label = node.get("label")
            if isinstance(label, str) and 2 <= len(label.split()) <= 4 and label[:1].isupper() \
                    and not re.search(r"[?()/:]", label):
                found.append(label)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(VOCAB_DIR.glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return tuple(dict.fromkeys(found))


def _halves(pool: list[str], rng: random.Random) -> tuple[list[str], list[str]]:
    order = list(pool)
    rng.shuffle(order)
    return order[0::2], order[1::2]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def nhs_number(rng: random.Random) -> str:
    """A random NHS number with a valid check digit, written "943 476 5919"."""
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            text = "".join(map(str, digits)) + str(check)
            return f"{text[:3]} {text[3:6]} {text[6:]}"


def _letters(rng: random.Random, n: int, alphabet: str = "ABCDEFGHJKLMNPRSTVWXYZ") -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _date(rng: random.Random, shape: str) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2025, 2026])
    name = rng.choice(MONTHS)
    weekday = rng.choice(WEEKDAYS)
    no_year = [f"{weekday} {_ordinal(day)}", f"{weekday.lower()} {_ordinal(day)}", f"{day}/{month}",
               f"{_ordinal(day)} {name}", f"{name} {_ordinal(day)}", f"{day} {name}",
               f"{weekday} {day}/{month}",
               f"the {_ordinal(day)}", f"{weekday} {day} {name}", f"{day}.{month}",
               f"{_ordinal(day)} of {name}",
               f"{weekday.lower()} {day}th"]
    with_year = [f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{year % 100}",
                 f"{day}.{month}.{year % 100}",
                 f"{year}-{month:02d}-{day:02d}", f"{_ordinal(day)} {name} {year}", f"{day} {name} {year}",
                 f"{name} {day}, {year}", f"{day}-{month}-{year}", f"{weekday} {day} {name} {year}"]
    if shape == "weekday":
        return rng.choice([f"{weekday} {_ordinal(day)}", f"{weekday.lower()} {_ordinal(day)}",
                           f"{weekday} {day}"])
    if shape == "year":
        return rng.choice(with_year)
    if shape == "noyear":
        return rng.choice(no_year)
    return rng.choice(no_year + with_year)


def _ref(rng: random.Random) -> str:
    prefix = rng.choice(REF_PREFIXES)
    year = rng.choice(["2025", "2026", "25", "26"])
    return rng.choice([f"{prefix}/{year}/{_digits(rng, 4)}", f"{prefix}-{year}-{_digits(rng, 4)}",
                       f"{prefix}/{_digits(rng, 4)}/{_letters(rng, 1)}",
                       f"{_digits(rng, 2)}/{_digits(rng, 4)}",
                       f"{prefix}{_digits(rng, 5)}", f"{prefix.lower()}/{year}/{_digits(rng, 3)}",
                       f"{_letters(rng, 2)}-{_digits(rng, 5)}-{_letters(rng, 1)}"])


def _reg(rng: random.Random, lower: bool = False) -> str:
    new = f"{_letters(rng, 2)}{_digits(rng, 2)} {_letters(rng, 3)}"
    prefix = f"{_letters(rng, 1)}{rng.randint(1, 999)} {_letters(rng, 3)}"
    suffix = f"{_letters(rng, 3)} {rng.randint(1, 999)}{_letters(rng, 1)}"
    reg = rng.choice([new, new.replace(" ", ""), prefix, suffix])
    return reg.lower() if lower else reg


def _phone(rng: random.Random) -> str:
    return rng.choice([f"07700 900{_digits(rng, 3)}", f"+44 7700 900{_digits(rng, 3)}",
                       f"0161 496 0{_digits(rng, 3)}", f"(0113) 496 0{_digits(rng, 3)}",
                       f"07700900{_digits(rng, 3)}", f"0117 496 0{_digits(rng, 3)}",
                       f"028 9649 6{_digits(rng, 3)}"])


def _postcode(rng: random.Random) -> str:
    code = f"{rng.choice(OUTWARDS)} {rng.randint(1, 9)}{_letters(rng, 2, 'ABDEFGHJLNPQRSTUWXYZ')}"
    return code.lower() if rng.random() < 0.2 else code


class _Pools:
    """The identifier pools of one half of the corpus."""

    def __init__(self, rng: random.Random, half: int) -> None:
        def take(pool: list[str]) -> list[str]:
            return _halves(pool, random.Random(f"{SEED}-{pool[0]}"))[half]

        self.first, self.surnames, self.wsurnames = take(FIRST), take(SURNAMES), take(WORD_SURNAMES)
        self.communities, self.schools, self.blocks = take(COMMUNITIES), take(SCHOOL_WORDS), take(BLOCKS)
        self.streets, self.places, self.handles = take(STREETS), take(PLACES), take(HANDLE_WORDS)
        self.rng = rng

    def slot(self, name: str) -> tuple[str, str | None]:
        """(text, identifier kind or None) for a slot of a shape."""
        rng = self.rng
        name = name.rstrip("2")
        simple = {
            "first": lambda: (rng.choice(self.first), "name"),
            "first_lc": lambda: (rng.choice(self.first).lower(), "name lower-case"),
            "surname": lambda: (rng.choice(self.surnames), "surname"),
            "wsurname": lambda: (rng.choice(self.wsurnames), "title + word surname"),
            "org": lambda: (" ".join([rng.choice(self.communities), rng.choice(GROUP_KINDS),
                                      rng.choice(GROUP_ENDS)]),
                            "community organisation"),
            "school": lambda: (f"{rng.choice(self.schools)} {rng.choice(SCHOOL_ENDS)}", "school"),
            "school_lc": lambda: (f"{rng.choice(self.schools)} {rng.choice(SCHOOL_ENDS)}".lower(),
                                  "school"),
            "flat": lambda: (f"{rng.choice(['Flat', 'flat', 'Apt'])} {rng.randint(1, 40)}, "
                             f"{rng.choice(self.blocks)}",
                             "flat in a named block"),
            "flat_lc": lambda: (f"flat {rng.randint(1, 40)} {rng.choice(self.blocks).lower()}",
                                "flat in a named block"),
            "address": lambda: (f"{rng.randint(1, 200)} {rng.choice(self.streets)}", "street address"),
            "place": lambda: (rng.choice(self.places), "place"),
            "place_lc": lambda: (rng.choice(self.places).lower(), "place lower-case"),
            "date_short": lambda: (_date(rng, "any"), "date"),
            "date_noyear": lambda: (_date(rng, "noyear"), "date without a year"),
            "date_weekday": lambda: (_date(rng, "weekday"), "date without a year"),
            "date_year": lambda: (_date(rng, "year"), "date"),
            "ref": lambda: (_ref(rng), "case reference"),
            "reg": lambda: (_reg(rng), "vehicle registration"),
            "reg_lower": lambda: (_reg(rng, lower=True), "vehicle registration"),
            "handle_bare": lambda: (f"{rng.choice(self.handles)}{rng.choice(['', '_', '.'])}"
                                    f"{rng.randint(1, 99)}",
                                    "handle without @"),
            "phone": lambda: (_phone(rng), "phone"),
            "email": lambda: (f"{rng.choice(EMAIL_USERS)}{rng.randint(1, 99)}@{rng.choice(EMAIL_DOMAINS)}",
                              "email"),
            "postcode": lambda: (_postcode(rng), "postcode"),
            "nhs": lambda: (nhs_number(rng), "NHS number"),
            "title": lambda: (rng.choice(TITLES), None),
            "label": lambda: (rng.choice(LABELS), "keep"),
            "time": lambda: (rng.choice(TIMES), "keep"),
            "domain": lambda: (rng.choice(DOMAIN_PHRASES + list(vocab_phrases())), "keep"),
        }
        return simple[name]()


_SENTENCE_WORDS = frozenset({"I", "Which", "Where", "What", "My", "Next", "We", "The"})
_SLOT = re.compile(r"\{(\w+)\}")
_WORD = re.compile(r"[^\W\d_][^\W_]*")


class Pools(Protocol):
    """Where a shape's slots get their text: ``slot(name)`` gives (text, kind or None)."""

    def slot(self, name: str) -> tuple[str, str | None]: ...


def fill(shape: str, pools: Pools, note: Note, offset: int) -> str:
    """``shape`` with its slots filled from ``pools``; the note's spans and kept words are
    recorded at ``offset`` (where this shape starts in the note)."""
    out: list[str] = []
    cursor = 0
    length = offset
    for match in _SLOT.finditer(shape):
        literal = shape[cursor:match.start()]
        out.append(literal)
        length += len(literal)
        text, kind = pools.slot(match.group(1))
        if kind == "keep" and match.group(1) == "domain":
            note.keep.extend(w for w in _WORD.findall(text) if len(w) > 1 or w.isupper())
        elif kind == "keep":
            note.keep.append(text)  # a label or a time of day, kept whole ("Child B", "3pm")
        elif kind:
            note.spans.append((length, length + len(text), kind))
        out.append(text)
        length += len(text)
        cursor = match.end()
    out.append(shape[cursor:])
    return "".join(out)


def shape_halves(seed: int = SEED) -> tuple[list[int], list[int]]:
    """The shape indices of the development half and of the held-out half."""
    order = list(range(len(SHAPES)))
    random.Random(seed).shuffle(order)
    return sorted(order[0::2]), sorted(order[1::2])


def make_corpus(notes: int = NOTES, seed: int = SEED) -> list[Note]:
    """``notes`` identifier-bearing notes plus the clean ones, half development, half held out."""
    rng = random.Random(seed)
    halves = shape_halves(seed)
    corpus: list[Note] = []
    for index in range(notes):
        held_out = index % 2 == 1
        pools = _Pools(rng, int(held_out))
        shapes = tuple(rng.sample(halves[int(held_out)], rng.choice([1, 2, 2, 3])))
        note = Note("", held_out, shapes, cast=(index // 2) % CASTS)
        parts: list[str] = []
        for shape in shapes:
            offset = sum(len(p) + 1 for p in parts)
            parts.append(fill(SHAPES[shape], pools, note, offset))
        note.text = " ".join(parts)
        corpus.append(note)
    clean_order = list(range(len(CLEAN)))
    rng.shuffle(clean_order)
    for position, index in enumerate(clean_order[:CLEAN_NOTES]):
        corpus.append(clean_note(CLEAN[index], position % 2 == 1, (position // 2) % CASTS))
    return unique(corpus)


def clean_note(text: str, held_out: bool, cast: int) -> Note:
    """A note with no identifier; its capitalised words (bar a sentence's first) must be kept."""
    keep = [w for w in _WORD.findall(text) if w[:1].isupper() and w not in _SENTENCE_WORDS]
    return Note(text, held_out, (), [], keep, cast=cast)


def unique(corpus: list[Note]) -> list[Note]:
    """``corpus`` without repeated texts (the first of each kept)."""
    seen: set[str] = set()
    out = []
    for note in corpus:
        if note.text not in seen:
            seen.add(note.text)
            out.append(note)
    return out


def development(corpus: list[Note] | None = None) -> list[Note]:
    """The half to tune rules on."""
    return [n for n in (corpus or make_corpus()) if not n.held_out]


def held_out(corpus: list[Note] | None = None) -> list[Note]:
    """The half to measure on, never read while changing rules."""
    return [n for n in (corpus or make_corpus()) if n.held_out]


def fingerprint(corpus: list[Note]) -> str:
    """A short hash of the corpus's texts (the same seed gives the same corpus)."""
    return hashlib.sha256("\n".join(n.text for n in corpus).encode()).hexdigest()[:12]


GENERIC = frozenset(re.findall(r"\S+", """
flat apt the of primary school academy high infant junior community college free nursery c e
network association centre group project trust forum collective women's youth mothers' families
refugee mon tue tues wed thu thurs fri sat sun monday tuesday wednesday thursday friday saturday
sunday
""".lower()))
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*\]")
_ID_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]*)?")


def identifying_words(surface: str) -> list[str]:
    """The words of an identifier that must not be left: generic words ("Flat", "Primary",
    "Network", a weekday) may stay ("Flat 9, Kestrel Court" -> 9, Kestrel, Court)."""
    words = [w for w in _ID_WORD.findall(surface) if w.lower() not in GENERIC]
    return words or _ID_WORD.findall(surface)


def _occurrences(word: str, text: str) -> list[tuple[int, int]]:
    flags = 0 if len(word) == 1 else re.IGNORECASE
    return [m.span() for m in re.finditer(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", text, flags)]


def _rest(note: Note) -> str:
    """The note's text without its identifiers (what may legitimately be left)."""
    rest, cursor = [], 0
    for start, end, _ in note.spans:
        rest.append(note.text[cursor:start] + " ")
        cursor = end
    return "".join(rest) + note.text[cursor:]


def left_words(surface: str, note: Note, output: str) -> list[tuple[int, int]]:
    """Where the identifying words of ``surface`` are still in ``output`` (beyond their other uses
    in the note); empty when the identifier is masked."""
    bare = _PLACEHOLDER.sub(lambda m: " " * len(m.group()), output)
    rest = _rest(note)
    left = []
    for word in identifying_words(surface):
        found = _occurrences(word, bare)
        if len(found) > len(_occurrences(word, rest)):
            left.extend(found)
    return left
