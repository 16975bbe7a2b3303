"""The recall corpus of issue 11: synthetic reflections with every identifier known.

How it was made: written for issue 11, separately from the scrubber's own tests
(tests/research/pii_corpus.yaml) and its name lists. A family "cast" is drawn
with a fixed seed from the small lists below, typed by hand for this corpus:
first names and surnames from the many origins of UK families (British, Irish,
Welsh, Scottish, Polish, Romanian, Lithuanian, Portuguese, Nigerian, Ghanaian,
Somali, Eritrean, Pakistani, Bangladeshi, Indian, Turkish, Kurdish, Chinese,
Vietnamese, Caribbean), nicknames, word-names (Grace, Will, Hope, Amber, Rose),
invented towns and villages (some hyphenated), schools, surgeries, health
centres, family hubs, estates, English and Welsh streets; numbers are made to
look real but are invented (phones in Ofcom's drama ranges, NHS numbers that
pass the checksum, vehicle registrations, UPNs, case references, @handles).
Each text joins two to four *shapes* (sentence templates in the styles seen in
practice: reflective prose, texting style, form-like lines, meeting minutes)
with slots for identifiers in every form a note uses (any case, possessive with
and without its apostrophe, hyphenated compounds, initials, "Mrs T"); the
generator records every identifier it plants, with its kind, and the domain
words each shape contains that must survive. Nothing here is real.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

FIRST = [
    "Kaydence", "Oluwaseun", "Tadeusz", "Bronwen", "Ffion", "Eilidh", "Saoirse", "Niamh", "Wiktoria",
    "Bogdan", "Ionela", "Mihai", "Gintare", "Rokas", "Tiago", "Inês", "Chiamaka", "Obinna", "Kwabena",
    "Akosua", "Hodan", "Abdirahman", "Semhar", "Yonas", "Zainab", "Haris", "Tahmid", "Nusrat",
    "Harleen", "Jaswinder", "Dhruv", "Meenakshi", "Emre", "Elif", "Rojda", "Baran", "Xiaoling", "Jun",
    "Thanh", "Minh", "Jerome", "Shanice", "Tyrese", "Demi-Leigh", "Kacey", "Brodie", "Callum", "Reuben",
    "Tilly", "Frankie", "Alfie-Ray", "Lacey", "Jaydon", "Maddox", "Oakley", "Harper", "Ezra", "Sienna",
    "Nevaeh", "Lyla-Rose", "Esme", "Arlo", "Taliesin", "Gethin", "Cerys", "Morgana", "Rhiannon",
    "Darius", "Precious", "Blessing", "Chidera", "Adaeze", "Kofi", "Yaw", "Ama", "Sumaya", "Farhan",
]
WORD_NAMES = ("Grace", "Will", "Hope", "Amber", "Rose", "Faith", "Ruby", "Jade", "Sky", "Summer")
SURNAMES = [
    "Adebayo", "Okafor", "Mensah", "Asante", "Nwachukwu", "Kowalczyk", "Wiśniewski", "Popescu",
    "Ionescu", "Kazlauskas", "Ferreira", "Carvalho", "Yilmaz", "Demir", "Aydin", "Osman", "Warsame",
    "Tesfaye", "Ghebremariam", "Hussain", "Rahman", "Chowdhury", "Begum", "Sandhu", "Gill", "Patel",
    "Mistry", "Nguyen", "Tran", "Zhang", "Liang", "O'Sullivan", "McAllister", "Fitzgerald", "Lindqvist",
    "Pritchard", "Llewellyn", "Haworth", "Brierley", "Ackroyd", "Thwaite", "Pemberton", "Oyelaran",
    "Boateng", "Achterberg", "Varga", "Novak", "Dimitrov", "Kaczmarek",
]
NICKNAMES = [
    "Lolly", "Kezza", "Bubba", "Jojo", "Tiggy", "Bex", "Shaz", "Macca", "Dazza", "Coco", "Boo", "Lulu",
    "Bambi", "Tink", "Moppet", "Zuzu", "Frenchie", "Peanut", "Dibble", "Kiki",
]
TOWNS = [
    "Marlcombe", "Thornbury", "Wexley", "Ashdown", "Drayfield", "Harrowgate", "Cottingley", "Brackwell",
    "Pelsworth", "Llanfedw", "Aberhelyg", "Cwmtawel", "Kilbraddan", "Dunmarrow", "Fenchurch", "Oxenby",
    "Selham", "Tarnside",
]
HYPHEN_TOWNS = ("Ashby-cum-Fenby", "Stow-on-the-Marsh", "Wotton-under-Hale", "Hinton-in-the-Dale",
                "Leigh-upon-Wyre", "Chapel-en-le-Moor", "Newton-by-the-Sea", "Barrow-on-Trent")
SCHOOL_NAMES = ("Larkrise Primary School", "Holmfirth Park Academy", "St Anselm's C of E Primary",
                "Greenacre Infants", "Moorview Juniors", "Ysgol Bryn Tawel", "Cedar Grove Nursery",
                "Oakhurst High School", "Kingfisher Primary", "Sandwell Vale Academy")
VENUES = ("Millbrook Surgery", "Tanyard Health Centre", "Eastgate Family Hub", "Parkside Medical Centre",
          "Riverbank Children's Centre", "Hollins Lane Surgery", "Westfield Community Centre",
          "Brookvale Family Hub", "Ashgrove Health Centre", "St Cuthbert's Community Hall")
ESTATES = ("Brackenhill", "Moorcroft", "Fairfield Park", "Longlands", "Harehills", "Pennywell")
WELSH_STREETS = (
    "Heol y Bont", "Ffordd Las", "Stryd y Castell", "Heol Tir Du", "Maes yr Haf", "Clos Glan-y-Nant",
)
STREETS = ("Tanner Street", "Weaver Close", "Coldharbour Lane", "Marigold Crescent", "Foundry Road",
           "Bleach Terrace", "Quarry Bank Road", "Shuttle Way")

DOMAIN = ("Structure", "Nurture", "Engagement", "Challenge", "FOG", "Mum", "Dad", "Nan", "SENCo",
          "Year 5", "Year 2", "Key Stage 2", "Level 2", "Early Help", "Welsh", "Polish", "tho", "Think",
          "Communicate", "Deep Dive", "Community Wheel", "I Matter Model", "Grandad", "TA", "CAMHS")


@dataclass
class Text:
    """One corpus text, what it hides and what must stay."""

    text: str
    identifiers: list[tuple[str, str]] = field(default_factory=list)  # (surface, kind)
    keep: list[str] = field(default_factory=list)
    cast: int = 0


@dataclass
class Cast:
    """One family and its surroundings: the values a set of notes names."""

    child: str
    child2: str
    surname: str
    parent: str
    nick: str
    word_name: str
    teacher: str
    town: str
    hyphen_town: str
    school: str
    venue: str
    estate: str
    welsh_street: str
    street: str
    index: int

    def registered(self) -> dict[str, list[str]]:
        """What the practitioner registers to hide, by kind (nicknames and numbers are not)."""
        return {"person": [self.child, self.child2, self.surname, self.parent, self.teacher, self.word_name],
                "place": [self.town, self.hyphen_town, f"{self.estate} estate"],
                "organisation": [self.school, self.venue], "other": []}


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def _nhs(rng: random.Random) -> str:
    while True:
        body = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(body, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            digits = "".join(map(str, [*body, check]))
            return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(n))


def make_cast(rng: random.Random, index: int) -> Cast:
    """One family, drawn with ``rng``."""
    child, child2 = rng.sample(FIRST, 2)
    return Cast(child, child2, rng.choice(SURNAMES), rng.choice(FIRST), rng.choice(NICKNAMES),
                rng.choice(WORD_NAMES), rng.choice(SURNAMES), rng.choice(TOWNS), rng.choice(HYPHEN_TOWNS),
                rng.choice(SCHOOL_NAMES), rng.choice(VENUES), rng.choice(ESTATES), rng.choice(WELSH_STREETS),
                rng.choice(STREETS), index)


def _numbers(rng: random.Random) -> dict[str, str]:
    return {
        "phone": rng.choice([f"07700 900{_digits(rng, 3)}", f"07700900{_digits(rng, 3)}",
                             f"0113 496 0{_digits(rng, 3)}"]),
        "email": f"{rng.choice(['mum', 'fam', 'xo'])}.{_digits(rng, 3)}@example.org",
        "postcode": f"{rng.choice(['LS', 'BD', 'CF', 'SA', 'M'])}{rng.randint(1, 29)} {rng.randint(1, 9)}"
                    f"{''.join(rng.choice('ABDEFGHJLNPQRSTUWXYZ') for _ in range(2))}",
        "date": f"{rng.randint(1, 28)}/{rng.randint(1, 12):02d}/20{rng.randint(14, 21)}",
        "nhs": _nhs(rng),
        "reg": f"{_letters(rng, 2)}{rng.randint(10, 24)} {_letters(rng, 3)}",
        "upn": f"{_letters(rng, 1)}{_digits(rng, 12)}",
        "ref": _digits(rng, 7),
        "cin": f"{rng.choice(['CIN', 'CP', 'LAC', 'EH'])}-{_digits(rng, 4)}",
        "handle": f"@{rng.choice(['kezza', 'lil', 'bigman', 'princess', 'gamer'])}_{_digits(rng, 2)}",
        "house": str(rng.randint(2, 180)),
    }


# A shape: the text with {slots}; each slot is planted as (surface, kind). Domain words are in DOMAIN.
SHAPES = (
    "{child} was quiet at drop-off; Structure first helped.",
    "{child_lc} said she hates mornings tho, we talked about Nurture.",
    "{CHILD} KICKED OFF AGAIN, FOG ALL ROUND.",
    "{childs} dad came in and was in the FOG.",
    "{child_noap} mum rang twice about Year 5.",
    "{child}-{surname} joined the Level 2 group.",
    "Everyone calls her {nick} now, even the TA.",
    "she's known as {nick} at home; Nan says it suits her.",
    "we call him '{nick}' and he loves it lol",
    "Mrs {surname} from next door helps Mum with pick-up.",
    "Mrs {initial_cap} next door has the keys.",
    "saw {initial}. and her brother at the gate.",
    "Present: {parent} (mum), Mr {teacher} (class teacher), SENCo.",
    "Met both parents ({surname}) with the SENCo.",
    "the {surname}s have moved again, Early Help is involved.",
    "I asked {word_name} what helped; Dad said Structure at bedtime.",
    "{word_name} said the Community Wheel session was fun.",
    "{child} goes to {school} and has a TA in Year 2.",
    "he's at {school_lc} now, Key Stage 2.",
    "They live in {town}, near the park.",
    "Nan drove over from {hyphen_town} for the Deep Dive.",
    "The family moved to {town} {postcode} last spring.",
    "Appointment at {venue} on {date}; Mum worried about CAMHS.",
    "the GP at {venue} referred him on.",
    "we met at {venue} because home was too busy.",
    "they live on the {estate} estate, Grandad too.",
    "Address: {house} {street}, {town}.",
    "home is {welsh_street}, they speak Welsh at home.",
    "Mum's number is {phone}, text not call.",
    "email {email} for the minutes",
    "DOB {date}; NHS no. {nhs}.",
    "Dad's van is a silver Transit, {reg}, parked outside.",
    "UPN {upn} is on the Year 2 register.",
    "social care ref {ref}, case still open.",
    "Child in need plan {cin} reviewed with Early Help.",
    "she's on tiktok as {handle} and Mum doesn't know.",
    "{child} and {child2} argued over the tablet; Challenge was in play.",
    "{child2}s teacher says Engagement is up.",
    "{parent} said the I Matter Model helped her think.",
    "Child: {child} {surname}   School: {school}",
    "Attendees: {parent} {surname}, {child2}'s nan, me.",
    "{child} told me Polish is spoken at home.",
    "Think, then Communicate: {child_lc} responded well.",
    "Text from {parent}: running late, {child_lc} poorly.",
    "{surname_lc} family still waiting on CAMHS.",
    "Nan ({parent}) came to the meeting.",
)
_SLOT = re.compile(r"\{(\w+)\}")


def _slots(cast: Cast, numbers: dict[str, str]) -> dict[str, tuple[str, str]]:
    names = {
        "child": cast.child, "child_lc": cast.child.lower(), "CHILD": cast.child.upper(),
        "childs": f"{cast.child}'s", "child_noap": f"{cast.child}s", "child2": cast.child2,
        "surname": cast.surname, "surname_lc": cast.surname.lower(), "parent": cast.parent,
        "teacher": cast.teacher, "nick": cast.nick, "word_name": cast.word_name,
        "initial": cast.child[0], "initial_cap": cast.surname[0],
    }
    slots = {key: (value, "NAME") for key, value in names.items()}
    slots["childs"] = (cast.child, "NAME")
    slots["child_noap"] = (f"{cast.child}s", "NAME")
    slots.update({
        "school": (cast.school, "SCHOOL"), "school_lc": (cast.school.lower(), "SCHOOL"),
        "town": (cast.town, "PLACE"), "hyphen_town": (cast.hyphen_town, "PLACE"),
        "venue": (cast.venue, "ORG"), "estate": (cast.estate, "PLACE"),
        "welsh_street": (cast.welsh_street, "ADDRESS"), "street": (cast.street, "ADDRESS"),
        "phone": (numbers["phone"], "PHONE"), "email": (numbers["email"], "EMAIL"),
        "postcode": (numbers["postcode"], "POSTCODE"), "date": (numbers["date"], "DATE"),
        "nhs": (numbers["nhs"], "NHS_NUMBER"), "reg": (numbers["reg"], "VEHICLE_REG"),
        "upn": (numbers["upn"], "REF_NUMBER"), "ref": (numbers["ref"], "REF_NUMBER"),
        "cin": (numbers["cin"], "REF_NUMBER"), "handle": (numbers["handle"], "HANDLE"),
        "house": (numbers["house"], "ADDRESS"),
    })
    return slots


def _fill(shape: str, slots: dict[str, tuple[str, str]], out: Text) -> str:
    def put(match: re.Match[str]) -> str:
        key = match.group(1)
        surface, kind = slots[key]
        if key == "initial_cap" or key == "initial":
            out.identifiers.append((surface + ("." if key == "initial" else ""), kind))
        elif key == "childs":
            out.identifiers.append((surface, kind))
            return surface + "'s"
        else:
            out.identifiers.append((surface, kind))
        return slots[key][0] if key != "childs" else surface

    filled = _SLOT.sub(put, shape)
    out.keep.extend(word for word in DOMAIN if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", filled))
    return filled


def make_corpus(count: int = 180, seed: int = 11) -> list[Text]:
    """``count`` texts, each of 2-4 shapes about one cast; every shape is used."""
    rng = random.Random(seed)
    casts = [make_cast(rng, i) for i in range(max(10, count // 6))]
    order = list(SHAPES) * (count * 4 // len(SHAPES) + 1)
    rng.shuffle(order)
    texts = []
    for index in range(count):
        cast = casts[index % len(casts)]
        slots = _slots(cast, _numbers(rng))
        out = Text("", cast=cast.index)
        parts = [_fill(order.pop(), slots, out) for _ in range(rng.randint(2, 4))]
        out.text = " ".join(parts)
        texts.append(out)
    return texts


def casts_of(count: int = 180, seed: int = 11) -> list[Cast]:
    """The casts :func:`make_corpus` draws with the same arguments."""
    rng = random.Random(seed)
    return [make_cast(rng, i) for i in range(max(10, count // 6))]
