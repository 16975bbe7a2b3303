"""A fresh held-out corpus for the scrubber: new shapes, new pools, scored once.

The development corpus (``devcorpus.py``) has no blind half left: its held-out half was read
after its first scoring. This corpus was written afterwards, as a second test of whether the
rules generalise: every sentence shape, name, place, school, organisation and block here is new
(none of them is in ``devcorpus``, a test checks), the dates, references and phones come in
shapes and spellings that corpus does not use, and the registers are new (text messages to a
Link, handover bullet points, emails, supervision-style minutes, voice-note transcripts).
It never imports the scrubber (``kit``) and nothing of it is read while changing rules: it is
measured only by ``bench/scrub_devcorpus.py --corpus fresh``.

It reuses ``devcorpus``'s note model and scoring (``Note``, ``fill``, ``left_words``), so the
figures mean the same.
"""

from __future__ import annotations

import random

import devcorpus
from devcorpus import Note, fill, vocab_phrases

SEED = 1806
NOTES = 240
CLEAN_NOTES = 16

FIRST = [
    "Ngozi", "Bogdan", "Ewa", "Lăcrămioara", "Tuğba", "Oluwaseun", "Aleksandra", "Dovydas", "Rūta",
    "Mihály", "Ionuț", "Chloé", "Niamh", "Eilidh", "Rhiannon", "Mackenzie", "Kayden", "Tyrese",
    "Precious", "Blessing", "Summer", "Faith", "Harmony", "Destiny", "Alfie", "Reuben", "Ottilie",
    "Zainab", "Hamza", "Aarav", "Ishaan", "Priyanka", "Gurpreet", "Jaswinder", "Nasra", "Hodan",
    "Filip", "Wiktoria", "Klaudia", "Natália", "Tomás", "Beatriz", "Iosif", "Daria", "Yevhen",
    "Oksana", "Kateryna", "Aylin", "Emre", "Sipho", "Thandiwe", "Kofi", "Abena", "Emeka", "Ifeoma",
    "Rohan", "Leighton", "Demi", "Brooklyn", "Maisie", "Lacey", "Rocco", "Freya", "Euan", "Morag",
]
SURNAMES = [
    "Wiśniewska", "Nguyen", "Osei", "Mensah", "Akhtar", "Begum", "Hussain", "Kaur", "Popescu",
    "Kazlauskas", "Walsh", "Hargreaves", "Butterworth", "Stott", "Marsden", "Zielińska", "Ferreira",
    "Lindqvist", "Ó Ceallaigh", "Mbeki", "Olawale", "Abdullahi", "Warsame", "Chaudhry", "Sandhu",
    "Kovačević", "Novák", "Tkachenko", "Shevchuk", "Demir", "Aydın", "Tran", "Le", "Dunleavy",
]
WORD_SURNAMES = [
    "Hill", "Green", "Wall", "Bird", "Rose", "Sharp", "Pike", "Noble", "Lord", "Gray", "Black",
    "Young", "Little", "Long", "Mason", "Hunter", "Archer", "Dyer", "Page", "Knight", "Rivers",
    "Snow", "Winter", "Lane", "Castle", "Heart",
]
TITLES = ["Mrs", "Mr", "Ms", "Miss", "Dr", "Cllr", "mrs", "ms", "Mx"]
COMMUNITY_WORDS = ["Bangladeshi", "Ukrainian", "Slovak", "Nigerian", "Iraqi", "Punjabi", "Hungarian",
                   "Romanian", "Ethiopian", "Kashmiri", "Gypsy and Traveller", "Caribbean"]
ORG_KINDS = ["Welfare", "Mums", "Dads", "Carers", "Parents", "Elders", "Young People's", "Sisters"]
ORG_ENDS = ["Association", "Network", "Hub", "Circle", "Centre", "Support Group", "Alliance", "Trust"]
SCHOOL_FIRST = ["Beech", "Holly", "Meadow", "Heath", "Moss", "Broad", "Spring", "Well", "Castle",
                "Church", "Mill", "Lime", "Hawthorn", "Bridge", "Stone", "Sand", "Primrose", "Park"]
SCHOOL_SECOND = ["Side", "View", "Lea", "Field", "Croft", "Brook", "Hill", "Bank", "Green", "Lane",
                 "Road", "Grove", "Top", "Hey"]
SCHOOL_ENDS = ["Primary School", "CE Primary School", "RC Primary", "Junior and Infant School",
               "Academy", "High School", "Grammar School", "Pupil Referral Unit", "Primary",
               "Infants", "Community Primary School", "Free School"]
BLOCKS = ["Pennine House", "Moorcroft Court", "Derwent Tower", "Clarion Heights", "Ashbourne Mews",
          "Kingfisher Lodge", "Weaver Point", "Canal Wharf", "Hollybank Court", "Tanner House"]
STREETS = ["Oldham Road", "Whitworth Street", "Ashton New Road", "Rochdale Lane", "Clegg Street",
           "Bury Old Road", "Market Street", "Wellington Terrace", "Albion Grove", "Cavendish Close"]
PLACES = ["Accrington", "Chadderton", "Batley", "Keighley", "Merthyr Tydfil", "Wrexham",
          "Barrow-in-Furness", "Colne", "Burnley", "Todmorden", "Glossop", "Darwen", "Wigan",
          "Stockport", "Failsworth", "Brierfield", "Nelson", "Sale", "Hyde", "Leigh"]
HANDLES = ["zara_x.o", "kayla.b", "lil_t", "queen.bee", "mikey_boi", "ash.leigh", "rocco_7", "its.dem"]
EMAIL_USERS = ["ngozi.o", "bigdave", "mrs.k", "carer.team", "j_walsh", "ewa.nowak"]
REF_PREFIXES = ["EHAF", "CSC", "FS", "SGO", "PLO", "EHM", "CP", "TAC"]
WEEKDAYS = ["Mon", "Tues", "Weds", "Thurs", "Fri", "Sat", "Sun", "Monday", "Wednesday", "Friday"]
MONTHS = ["Jan", "Feb", "March", "April", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]
LABELS = ["Family A", "Family B", "Child A", "Child C", "Mum", "Dad", "Child B", "Parent 2"]
TIMES = ["4pm", "9.30am", "12pm", "3.45pm", "10am", "half 4", "14:30"]
DOMAIN = ["Nurture", "Structure", "Engagement", "the FOG", "Nuggets and GEMS", "the Learning Journey",
          "Early Help", "the I Matter Model", "Level 1", "Year 6", "Deep Dive", "Mini Candle"]

SHAPES = [
    # text messages to a Link
    "hiya, {first_lc} says {date_noyear} is fine for the catch up",
    "running late, stuck on {street} - there by {time}",
    "can u ring {first} on {phone} b4 {date_noyear}",
    "{first} not in today, mum says poorly. {school} know",
    "just left {flat}, {label} ok, {domain} went well",
    "{title} {wsurname} wants a word re {ref}",
    "seen the van {reg} outside again tonight",
    "she's on snap as {handle} now fyi",
    # handover bullet points
    "- {first} {surname}: moved to {place} ({postcode})",
    "- next visit {date_noyear}, {time}, {flat}",
    "- school: {school}; SENCo is {title} {wsurname}",
    "- {org} offered a place for {label}",
    "- ref {ref} closed, {domain} plan in place",
    "- GP letter: NHS {nhs}",
    "- {first} and {first2} both at {school_lc}",
    # emails
    "Dear {title} {wsurname}, thank you for meeting {label} on {date_noyear}.",
    "Please send the form to {email} before {date_noyear}.",
    "Following our call, {first} will start at {school} after half term.",
    "I have copied in {title} {surname} from the {org}.",
    "Our reference is {ref}; the family's address is {number} {street}, {place}.",
    "Kind regards, and best wishes to {first} and {label}.",
    # supervision-style minutes
    "Item 3: {first} ({label}) - {domain} discussed; {title} {wsurname} to follow up.",
    "Attendees: {first} {surname}, {title} {wsurname}, Link practitioner.",
    "Date of next meeting: {date_noyear} at the {org}.",
    "AOB: housing at {flat} still damp; {first_lc} coughing.",
    "Outcome: {label} to stay at {school} until {date_noyear}.",
    # voice-note transcripts
    "so I went over to {place_lc} today and um {first_lc} was there with her nan",
    "yeah so {first} {surname} rang me on the {date_day} about the {org}",
    "the lad from {school_lc} said {first_lc} had been kicking off",
    "anyway they're at {number} {street_lc} now not the old place",
    "she said her cousin's car, the {reg} one, is always parked there",
    # reflective prose
    "When {first} told me about {date_noyear}, I felt the urge to rescue, and used {domain} instead.",
    "I was struck by how {title} {wsurname} spoke about {first} with such warmth.",
    "Working with {label} near {place} reminded me how isolated the estate can feel.",
    "{first}'s worries about {school} came up again; we tried {domain}.",
    "I noticed I avoided asking {first} {surname} about the move to {place}.",
    "On {date_weekday} {label} chose the activity herself, a small step.",
    "The {org} has good links with {first_lc}'s family.",
    "Reflecting on {date_day}: I spoke too quickly when {first} was upset.",
    "My learning: {domain} only works when I slow down, as with {first} at {time}.",
    # mixed, form lines
    "Name: {first} {surname}. DOB: {date_year}. School: {school}.",
    "Contact no: {phone}. Alt: {phone2}.",
    "Car reg {reg_lower} noted at the meeting.",
    "Email: {email}. Instagram: {handle}.",
    "Venue: {org}, {street}, {place}.",
    "Seen: {date_weekday}, {time}. With: {first}, {label}.",
    "Meeting w/c {date_day} with {title} {wsurname} and {first}.",
    "Referral {ref} came via {school} on {date_noyear}.",
]
CLEAN = [
    "Family A said the evening routine is easier since we tried Structure.",
    "Child C drew a picture of the FOG and we talked about it at 4pm.",
    "Mum and Dad both came; we used Nuggets and GEMS to plan the week.",
    "I noticed my own tiredness today and asked my Link for a short call.",
    "Year 6 transition is on everyone's mind; Child A is nervous.",
    "The Learning Journey step on Engagement felt slow but useful.",
    "Parent 2 asked for a copy of the plan, which I sent at 9.30am.",
    "I slowed down and the conversation with Family B went better.",
    "Early Help meeting: everyone agreed on one small next step.",
    "Nurture came through in how Child B greeted her brother.",
    "We met at half 4 after school; Dad was calmer than last week.",
    "Deep Dive reading helped me think about readiness for change.",
    "I used the I Matter Model to frame the conversation about bedtime.",
    "Level 1 session: the group shared what Structure means at home.",
    "Mini Candle project: I am keeping to two families this term.",
    "Child A chose the activity herself today, a small step.",
]


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _date(rng: random.Random, shape: str) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2025, 2026, 2027])
    name, weekday = rng.choice(MONTHS), rng.choice(WEEKDAYS)
    no_year = [f"{_ordinal(day)} {name}", f"{name} {day}", f"{day} {name.lower()}", f"{day:02d}/{month:02d}",
               f"{day}-{month}", f"{weekday} {day}/{month}", f"{weekday.lower()} the {_ordinal(day)}",
               f"{weekday} {_ordinal(day)} {name}", f"the {_ordinal(day)} of {name}",
               f"{day:02d}.{month:02d}"]
    with_year = [f"{day}/{month}/{year}", f"{day:02d}.{month:02d}.{year}", f"{day} {name} {year}",
                 f"{_ordinal(day)} {name} {year % 100:02d}", f"{day}-{month:02d}-{year}"]
    if shape == "day":
        return rng.choice([f"{_ordinal(day)}", f"{_ordinal(day)} {name}", f"{weekday} the {_ordinal(day)}"])
    if shape == "weekday":
        return rng.choice([f"{weekday} {_ordinal(day)}", f"{weekday.lower()} {day}/{month}",
                           f"{weekday} {day}"])
    return rng.choice(with_year if shape == "year" else no_year)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _ref(rng: random.Random) -> str:
    prefix = rng.choice(REF_PREFIXES)
    return rng.choice([f"{prefix}/{_digits(rng, 2)}/{_digits(rng, 5)}", f"{prefix}-{_digits(rng, 6)}",
                       f"{prefix.lower()}{_digits(rng, 6)}", f"{prefix} {_digits(rng, 2)}/{_digits(rng, 3)}",
                       f"{_digits(rng, 4)}-{_digits(rng, 4)}-{prefix}"])


def _reg(rng: random.Random, lower: bool = False) -> str:
    letters = "ABCDEFGHJKLMNOPRSTUVWXY"
    new = "".join(rng.choice(letters) for _ in range(2)) + _digits(rng, 2) + " " + \
        "".join(rng.choice(letters) for _ in range(3))
    old = rng.choice(letters) + str(rng.randint(1, 999)) + " " + \
        "".join(rng.choice(letters) for _ in range(3))
    reg = rng.choice([new, old])
    return reg.lower() if lower else reg


def _phone(rng: random.Random) -> str:
    return rng.choice([f"07700 900 {_digits(rng, 3)}", f"0161-496-0{_digits(rng, 3)}",
                       f"+447700900{_digits(rng, 3)}", f"0113 4960{_digits(rng, 3)}",
                       f"07700-900-{_digits(rng, 3)}"])


class FreshPools:
    """The identifier pools of the fresh corpus (the same slot names as ``devcorpus``)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def slot(self, name: str) -> tuple[str, str | None]:
        """(text, identifier kind or None) for a slot of a shape."""
        rng, name = self.rng, name.rstrip("2")
        first, second = rng.choice(SCHOOL_FIRST), rng.choice(SCHOOL_SECOND)
        named = rng.choice([f"{first}{second.lower()}", f"{first} {second}"])  # "Hollyside", "Holly Side"
        school = f"{named} {rng.choice(SCHOOL_ENDS)}"
        makers = {
            "first": lambda: (rng.choice(FIRST), "name"),
            "first_lc": lambda: (rng.choice(FIRST).lower(), "name lower-case"),
            "surname": lambda: (rng.choice(SURNAMES), "surname"),
            "wsurname": lambda: (rng.choice(WORD_SURNAMES), "title + word surname"),
            "title": lambda: (rng.choice(TITLES), None),
            "org": lambda: (f"{rng.choice(COMMUNITY_WORDS)} {rng.choice(ORG_KINDS)} {rng.choice(ORG_ENDS)}",
                            "community organisation"),
            "school": lambda: (school, "school"),
            "school_lc": lambda: (school.lower(), "school"),
            "flat": lambda: (f"{rng.choice(['Flat', 'flat', 'no.'])} {rng.randint(2, 60)} "
                             f"{rng.choice(BLOCKS)}", "flat in a named block"),
            "street": lambda: (rng.choice(STREETS), "street address"),
            "street_lc": lambda: (rng.choice(STREETS).lower(), "street address"),
            "number": lambda: (str(rng.randint(1, 300)), "street address"),
            "place": lambda: (rng.choice(PLACES), "place"),
            "place_lc": lambda: (rng.choice(PLACES).lower(), "place lower-case"),
            "postcode": lambda: (f"{rng.choice(['OL8', 'BB5', 'WF17', 'BD21', 'LL11', 'SK14'])} "
                                 f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                                 f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}", "postcode"),
            "date_noyear": lambda: (_date(rng, "noyear"), "date without a year"),
            "date_day": lambda: (_date(rng, "day"), "date without a year"),
            "date_weekday": lambda: (_date(rng, "weekday"), "date without a year"),
            "date_year": lambda: (_date(rng, "year"), "date"),
            "ref": lambda: (_ref(rng), "case reference"),
            "reg": lambda: (_reg(rng), "vehicle registration"),
            "reg_lower": lambda: (_reg(rng, lower=True), "vehicle registration"),
            "handle": lambda: (rng.choice(HANDLES) + str(rng.randint(1, 99)), "handle without @"),
            "phone": lambda: (_phone(rng), "phone"),
            "email": lambda: (f"{rng.choice(EMAIL_USERS)}@example.{rng.choice(['org', 'net', 'org.uk'])}",
                              "email"),
            "nhs": lambda: (devcorpus.nhs_number(rng), "NHS number"),
            "label": lambda: (rng.choice(LABELS), "keep"),
            "time": lambda: (rng.choice(TIMES), "keep"),
            "domain": lambda: (rng.choice(DOMAIN + list(vocab_phrases())), "keep"),
        }
        return makers[name]()


def make_corpus(notes: int = NOTES, seed: int = SEED) -> list[Note]:
    """``notes`` identifier-bearing notes of one to three shapes, then the clean notes; all held out."""
    rng = random.Random(seed)
    pools = FreshPools(rng)
    corpus: list[Note] = []
    for index in range(notes):
        shapes = tuple(rng.sample(range(len(SHAPES)), rng.choice([1, 2, 2, 3])))
        note = Note("", True, shapes, cast=index % devcorpus.CASTS)
        parts: list[str] = []
        for shape in shapes:
            offset = sum(len(p) + 1 for p in parts)
            parts.append(fill(SHAPES[shape], pools, note, offset))
        note.text = " ".join(parts)
        corpus.append(note)
    for position, text in enumerate(CLEAN[:CLEAN_NOTES]):
        corpus.append(devcorpus.clean_note(text, True, position % devcorpus.CASTS))
    return devcorpus.unique(corpus)
