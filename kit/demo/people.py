"""Who is in the demo workspace, and the invented people, places and contact
details planted in its free text.

Everything here is synthetic. Phone numbers come from Ofcom's drama ranges
(07700 900xxx, 01632 960xxx), emails use example.org, postcodes use area
letters that do not exist, and schools and towns are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.store.workspace import Person, Settings

WORKSPACE_NAME = "Mini Candle demo (synthetic data)"
LEADS = ("lead1", "lead2")
LINK = "link1"
RESEARCHER = "res1"


@dataclass(frozen=True)
class DemoPractitioner:
    """One demo practitioner and the shape of their year."""

    id: str
    name: str
    organisation: str
    stage: str
    lead_id: str
    months: int  # months of reflections, ending mid-November 2026


PRACTITIONERS: tuple[DemoPractitioner, ...] = (
    DemoPractitioner("p01", "Alex Marlowe", "Riverside Family Hub", "trainee", "lead1", 9),
    DemoPractitioner("p02", "Bea Okafor", "Northgate Early Help Team", "certified", "lead1", 8),
    DemoPractitioner("p03", "Cal Pennington", "St Brigid's Nursery Partnership", "trainee", "lead1", 7),
    DemoPractitioner("p04", "Dana Whitlock", "Eastfield Children's Centre", "trainee", "lead1", 6),
    DemoPractitioner("p05", "Eli Rosenthal", "Harbour Lane Youth Project", "certified", "lead1", 9),
    DemoPractitioner("p06", "Fran Adeyemi", "Meadowbank School Pastoral Team", "trainee", "lead1", 8),
    DemoPractitioner("p07", "Gil Achterberg", "Westway Parenting Service", "certified", "lead2", 7),
    DemoPractitioner("p08", "Hana Kowalczyk", "Southbrook Family Support", "trainee", "lead2", 6),
    DemoPractitioner("p09", "Ira Castellanos", "Oakfield Learning Mentors", "certified", "lead2", 9),
    DemoPractitioner("p10", "Jude Fairbairn", "Crossways Community Trust", "trainee", "lead2", 8),
    DemoPractitioner("p11", "Kit Mbeki", "Hillcrest Inclusion Service", "trainee", "lead2", 7),
    DemoPractitioner("p12", "Lou Tremayne", "Greenacre Primary Outreach", "certified", "lead2", 6),
)

OTHER_PEOPLE: tuple[Person, ...] = (
    Person(id="lead1", name="Morgan Ashdown (Lead)", kinds=["lead"]),
    Person(id="lead2", name="Nico Villiers (Lead)", kinds=["lead"]),
    Person(id="link1", name="Orla Fenwick (Link)", kinds=["link"]),
    Person(id="res1", name="Pat Delacroix (Researcher)", kinds=["researcher"]),
)


def demo_settings() -> Settings:
    """The demo workspace's ``kit.yaml``: 12 practitioners, 2 leads, a link, a researcher."""
    people = [Person(id=p.id, name=p.name, kinds=["practitioner"]) for p in PRACTITIONERS]
    return Settings(name=WORKSPACE_NAME, review_period="quarterly", renewal_months=12,
                    current_user="p01", people=[*people, *OTHER_PEOPLE])


# -- the invented cast planted in free text ---------------------------------
CHILD_NAMES = (
    "Kayden", "Ellie-Mae", "Tyler", "Amelia", "Jaxon", "Freya", "Leo", "Ruby", "Mason",
    "Isla", "Alfie", "Poppy", "Zain", "Maisie", "Harley", "Aisha", "Kian", "Lacey",
    "Reuben", "Skye", "Oscar", "Imogen", "Dylan", "Nadia", "Ezra", "Phoebe", "Brandon",
    "Tilly", "Callum", "Esme",
)
ADULT_NAMES = (  # the main caring adult; the phrase bank calls her Mum
    "Shannon", "Kerry", "Gemma", "Stacey", "Nicola", "Donna", "Leanne", "Jodie", "Tasha",
    "Priya", "Karen", "Siobhan", "Carly", "Yasmin", "Terri", "Chantelle", "Bernadette",
    "Kirsty", "Amina", "Lorraine", "Danielle", "Roisin", "Marcia", "Joanne", "Michelle", "Sadia",
)
SCHOOLS = (
    "Brackenfield Primary School", "St Oswin's C of E Primary", "Hollowmere Academy",
    "Fernbrook Infant School", "Kettlewick Junior School", "Ashcombe Vale High School",
    "Larkspur Nursery", "Moorgate Lane Primary", "Thistledown Academy",
    "Cobbleford Primary School", "Wrenhaven Community School", "Pellingham Nursery School",
)
TOWNS = (
    "Bramblehurst", "Oakhollow", "Lower Marchley", "Fennimore Cross", "Westerby Magna",
    "Sallowfield", "Harrowdene", "Quillington", "Netherby Wick", "Drayleigh",
)
POSTCODES = ("ZX3 7QT", "QV12 4LF", "ZQ9 2WJ", "XJ4 8NP", "QZ21 6RB", "ZV7 3HU")
STREETS = ("Larch Close", "Tanners Row", "Quarry Bank Road", "Mill Lane", "Orchard Way",
           "Foxglove Crescent", "Station Terrace")


@dataclass(frozen=True)
class Cast:
    """The invented people and places of one focus area."""

    child: str
    child2: str
    parent: str
    school: str
    town: str
    phone: str
    email: str
    postcode: str
    address: str
    nhs_number: str
    date_of_birth: str

    def names_to_hide(self) -> dict[str, list[str]]:
        """What a practitioner registers to hide, by list: first names, the school, the town."""
        return {"names": [self.child, self.child2, self.parent], "organisations": [self.school],
                "places": [self.town]}


PHONE_FORMS = ("07700 900{n:03d}", "07700900{n:03d}", "+44 7700 900{n:03d}",
               "(01632) 960{n:03d}", "07700-900-{n:03d}", "01632 960 {n:03d}")


def make_cast(index: int) -> Cast:
    """The cast of the ``index``-th focus area: every value invented, none repeated nearby."""
    child = CHILD_NAMES[index % len(CHILD_NAMES)]
    child2 = CHILD_NAMES[(index * 7 + 11) % len(CHILD_NAMES)]
    if child2 == child:
        child2 = CHILD_NAMES[(index + 1) % len(CHILD_NAMES)]
    parent = ADULT_NAMES[(index * 5 + 3) % len(ADULT_NAMES)]
    number = 100 + index * 37 % 900
    phone = PHONE_FORMS[index % len(PHONE_FORMS)].format(n=number)
    email = f"{parent.lower()}.{(index * 13) % 97:02d}@example.org"
    return Cast(
        child=child,
        child2=child2,
        parent=parent,
        school=SCHOOLS[(index * 5) % len(SCHOOLS)],
        town=TOWNS[(index * 3) % len(TOWNS)],
        phone=phone,
        email=email,
        postcode=POSTCODES[index % len(POSTCODES)],
        address=f"{3 + index * 7 % 90} {STREETS[index % len(STREETS)]}",
        nhs_number=test_nhs_number(index),
        date_of_birth=f"{1 + index * 11 % 28:02d}/{1 + index * 5 % 12:02d}/{2012 + index % 9}",
    )


def test_nhs_number(index: int) -> str:
    """A checksum-valid NHS number in the 999 test range, spaced 3-3-4."""
    for serial in range(index * 17, index * 17 + 20):
        digits = [9, 9, 9, *(int(d) for d in f"{serial % 1_000_000:06d}")]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            text = "".join(str(d) for d in digits) + str(check)
            return f"{text[:3]} {text[3:6]} {text[6:]}"
    raise AssertionError("no valid NHS number found")  # never: 1 in 11 serials is invalid
