"""The demo's phrase bank: sentences that read like real reflections in this
domain, with slots for the invented cast of a focus area.

Each phrase carries the concept tags it is about, so a reflection's tags
follow its text. Slots: {child}, {child2}, {parent}, {school}, {town},
{phone}, {email}, {postcode}, {address}, {nhs_number}, {date_of_birth},
{label}.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from kit.demo.people import Cast


@dataclass(frozen=True)
class Phrase:
    """One sentence of the bank and the concept tags it speaks to."""

    text: str
    tags: tuple[str, ...] = ()


def _p(text: str, *tags: str) -> Phrase:
    return Phrase(text, tags)


HAPPENED = (
    _p("{child} arrived at {school} already dysregulated after a difficult morning at home, and "
       "by ten o'clock had left the classroom twice.", "i_matter_model"),
    _p("I met {parent} at the school gate and we walked round the field together, which felt "
       "easier for her than sitting in the office.", "engagement"),
    _p("The nurture group session started late because the hall was double-booked, and the "
       "children picked up on the adults' stress straight away.", "i_matter_model", "structure"),
    _p("{parent} rang me in tears on Tuesday evening: {child} had refused to go to bed and "
       "the shouting had woken the neighbours.", "storms"),
    _p("We had our third home visit in {town}. {child2} showed me a drawing of the family and "
       "left Dad out of it.", "think"),
    _p("After the incident on the bus I sat down with {child} and we went through the "
       "difficult-incident review together, step by step.", "difficult_incident_review"),
    _p("The team meeting ran over and I arrived at the session flustered; I could feel "
       "my own shoulders up by my ears.", "i_matter_model"),
    _p("{parent} told me she had started using the calm-down corner at home, the one we "
       "talked about last month.", "adults_role", "nurture"),
    _p("It was a quiet session. {child} and {child2} built a den together and for once "
       "there was no argument about whose turn it was.", "easy_fields", "nurture"),
    _p("The head at {school} asked me to step in after {child} threw a chair in the "
       "dinner hall.", "storms", "containment"),
    _p("We ran the second parents' workshop. Six parents came, two more than last time, "
       "and {parent} stayed behind to talk.", "educate", "engagement"),
    _p("I drove out to {town} for the family meeting; the bus from the estate runs twice a "
       "day, which explains a lot of the missed appointments.", "structure", "think"),
    _p("{child} told me, without being asked, that things at home had been 'a bit better' "
       "since Mum stopped checking her phone at tea time.", "emotion_focused_communication"),
)

NOTICED = (
    _p("I noticed the signs of stress in {child} before anything kicked off: the clenched "
       "hands, the fast talking, the eyes going to the door.", "i_matter_model"),
    _p("In me I noticed the familiar urge to fix it and to fill the silence, and I made "
       "myself wait.", "adults_role"),
    _p("{parent} seemed calmer than last time; she laughed twice, which I hadn't seen "
       "before.", "i_matter_model"),
    _p("I was more tired than I admitted, and my patience was thinner than it should have "
       "been.", "fog"),
    _p("When I slowed my voice down, {child} slowed down too. Co-regulation is so much "
       "more physical than I expected.", "emotion_focused_communication", "nurture"),
    _p("I noticed I was talking more to {child2} than to {child}, maybe because {child2} "
       "is easier to be with.", "think"),
    _p("I noticed how alone {parent} is out in {town}, with no family nearby to share the "
       "load.", "adults_role"),
    _p("The other adults in the room were holding their breath, and so was I.",
       "containment"),
    _p("I felt hopeful, and a bit wary of being hopeful.", "readiness_for_change"),
    _p("I noticed that when Mum is stressed, the whole house is stressed, and that "
       "includes me when I am there.", "dynamic_loops"),
)

FOG = (
    _p("The FOG came in when {parent} asked me straight out whether {child} would be "
       "taken into care. I didn't know what to say.", "fog"),
    _p("I felt overwhelmed by how many professionals are involved: I counted seven at the "
       "last meeting and none of us knew who was leading.", "fog", "structure"),
    _p("Honestly the FOG was mine this week: too many cases, not enough time to think.",
       "fog"),
    _p("I was confused about whether this was still a focus area for the licence or had "
       "become casework; my lead helped me untangle that.", "fog", "containment"),
    _p("Not much FOG today; more of an easy field, which I want to notice too.",
       "easy_fields"),
    _p("The FOG lifted a little once I wrote down what I actually knew and what I was "
       "guessing.", "fog", "formulate"),
    _p("When the school's email landed asking for 'a plan by Friday' I felt the FOG roll "
       "straight back in.", "fog", "mountains"),
)

VALUES = (
    _p("Structure: we agreed the same start to every visit, a cup of tea and five "
       "minutes of good news first.", "structure"),
    _p("Nurture was there in small ways, remembering that {child} likes the blue cushion "
       "and having it ready.", "nurture"),
    _p("Engagement was the hard one. {parent} has been let down by services before and "
       "I have to earn it every week.", "engagement"),
    _p("Challenge, gently: I named what I had seen at pick-up and asked {parent} what she "
       "made of it.", "challenge"),
    _p("All four were in play, but Structure held the others up today.", "structure",
       "nurture", "engagement", "challenge"),
    _p("I think I leaned too far into Nurture and avoided the Challenge that was needed.",
       "nurture", "challenge"),
    _p("Engagement came through the children: once {child2} was laughing, Dad joined in.",
       "engagement"),
)

IDEA = (
    _p("I tried the I Matter Model's signs of stress and wellbeing as a shared language, "
       "drawing the two columns on the back of a worksheet.", "i_matter_model"),
    _p("I tried emotion-focused communication: naming the feeling before the behaviour, "
       "'you look really fed up' before 'please sit down'.", "emotion_focused_communication"),
    _p("We used the difficult-incident review with the staff team rather than with "
       "{child}; it took the blame out of the room.", "difficult_incident_review"),
    _p("Readiness for change: I asked {parent} where she would put herself on a scale, "
       "rather than telling her where I thought she was.", "readiness_for_change"),
    _p("I mapped the three dynamic loops plus one on the flipchart with the staff at "
       "{school}; the 'plus one' loop was us.", "dynamic_loops"),
    _p("Containment: I matched what I offered to what the setting could actually hold "
       "this term, which was less than I wanted.", "containment"),
    _p("I went back to one of the 24 key ideas, that behaviour is communication, and "
       "reread my notes with that in mind.", "key_ideas_24"),
    _p("Reducing dependence: I let {parent} lead the phone call to {school} herself and "
       "just sat beside her.", "reducing_dependence"),
)

ROLE = (
    _p("My role is to help {parent} stabilise and regain confidence, not to become the "
       "person {child} turns to instead of her.", "adults_role"),
    _p("I am learning that I am part of the system I am trying to calm; my stress travels "
       "too.", "dynamic_loops", "i_matter_model"),
    _p("I don't have to have the answer. Holding the question with {parent} was enough "
       "for today.", "containment"),
    _p("I realised I have been doing things for the family that they can now do "
       "themselves.", "reducing_dependence"),
    _p("The adult's role is the lever: when the main caring adult is steadier, the "
       "children follow.", "adults_role"),
    _p("I need to think before I formulate, and formulate before I communicate. I "
       "skipped straight to communicating.", "think", "formulate", "communicate"),
    _p("Being steady is itself the intervention; I keep forgetting that.", "containment"),
)

NEXT = (
    _p("Next small step: a ten-minute check-in with {parent} on Monday, nothing more.",
       "structure"),
    _p("Ask the class teacher at {school} to try the same calm start for a fortnight and "
       "see what we notice.", "structure", "educate"),
    _p("Bring the FOG to my next session with my lead rather than carrying it alone.",
       "fog"),
    _p("Write up the incident review with {child} in words {child} can read back.",
       "difficult_incident_review", "communicate"),
    _p("Step back one visit in three, so {parent} leads and I follow.",
       "reducing_dependence"),
    _p("Share the signs-of-stress sheet with Dad, if {parent} agrees.", "i_matter_model"),
    _p("Take ten minutes after each visit to notice my own stress before I drive home.",
       "i_matter_model", "nurture"),
    _p("Plan the next workshop around readiness for change and keep it to one idea.",
       "readiness_for_change", "educate"),
)

NUGGETS = (
    _p("Nugget: the calmest person in the room sets the weather.", "nuggets_and_gems",
       "containment"),
    _p("Gem from today: {child} said 'you always come back'. That's the whole job.",
       "nuggets_and_gems", "nurture"),
    _p("A storm is not a failure. It is information.", "nuggets_and_gems", "storms"),
    _p("Slower is faster. Again.", "nuggets_and_gems", "think"),
    _p("I matter too, and I can't co-regulate from an empty tank.", "nuggets_and_gems",
       "i_matter_model"),
    _p("Mountains look smaller from halfway up: {parent} now rings school herself.",
       "nuggets_and_gems", "mountains", "reducing_dependence"),
    _p("Structure is a kindness when everything else is chaos.", "nuggets_and_gems",
       "structure"),
    _p("little win - {child_lower} smiled at drop-off and waved me off. didn't need me.",
       "nuggets_and_gems", "reducing_dependence"),
)

CONTACT_DETAILS = (
    _p("{parent} has a new mobile, {phone}, so I have updated my contact sheet.",),
    _p("{parent} asked me to email her at {email} rather than ring, as calls make her "
       "anxious."),
    _p("The family have moved to a flat near the station ({postcode}), which is further "
       "from {school}."),
    _p("School gave me {parent}'s number ({phone}) to arrange the meeting."),
    _p("Left a message on {phone}; {parent} texted back within the hour, which is new."),
    _p("Sent the workshop dates to {email} and copied in the family worker."),
    _p("Their new address is {address}, {town} {postcode}, so visits will take longer."),
    _p("The health visitor's letter with {child}'s NHS number ({nhs_number}) was on the "
       "table; I reminded {parent} to keep it somewhere safe."),
    _p("{child} (born {date_of_birth}) is young for the year group, which school keeps "
       "forgetting."),
)

SECTIONS: dict[str, tuple[Phrase, ...]] = {
    "happened": HAPPENED,
    "noticed": NOTICED,
    "fog": FOG,
    "values": VALUES,
    "idea": IDEA,
    "role": ROLE,
    "next": NEXT,
    "nugget": NUGGETS,
}

# Which sections answer each prompt of each template.
PROMPT_SECTIONS: dict[str, tuple[str, ...]] = {
    "what_happened": ("happened",),
    "what_noticed": ("noticed",),
    "where_fog": ("fog",),
    "values_in_play": ("values",),
    "idea_tried": ("idea",),
    "my_role": ("role",),
    "next_step": ("next",),
    "description": ("happened",),
    "feelings": ("noticed", "fog"),
    "evaluation": ("values",),
    "analysis": ("idea",),
    "conclusion": ("role",),
    "action_plan": ("next",),
    "what": ("happened",),
    "so_what": ("noticed", "idea", "role"),
    "now_what": ("next",),
    "nugget": ("nugget",),
}
# Where a contact detail is planted when a reflection carries one.
CONTACT_PROMPTS = ("what_happened", "description", "what", "next_step", "action_plan", "now_what")


def fill(phrase: Phrase, cast: Cast, label: str) -> str:
    """The phrase's text with the focus area's cast in its slots."""
    return phrase.text.format(
        child=cast.child, child2=cast.child2, parent=cast.parent, school=cast.school,
        town=cast.town, phone=cast.phone, email=cast.email, postcode=cast.postcode,
        address=cast.address, nhs_number=cast.nhs_number, date_of_birth=cast.date_of_birth,
        label=label, child_lower=cast.child.lower(),
    )


def compose_answer(rng: random.Random, prompt_id: str, cast: Cast, label: str
                   ) -> tuple[str, set[str]]:
    """One answer to ``prompt_id``: one to three sentences, and the tags they carry."""
    sections = PROMPT_SECTIONS[prompt_id]
    pool = [phrase for section in sections for phrase in SECTIONS[section]]
    count = 1 if prompt_id == "nugget" else rng.choice((1, 2, 2, 3))
    chosen = rng.sample(pool, count)
    tags = {tag for phrase in chosen for tag in phrase.tags}
    return " ".join(fill(phrase, cast, label) for phrase in chosen), tags


def contact_sentence(count: int, cast: Cast, label: str) -> str:
    """The ``count``-th sentence planting a contact detail (phone, email, postcode, ...)."""
    return fill(CONTACT_DETAILS[count % len(CONTACT_DETAILS)], cast, label)


# -- other free text ----------------------------------------------------------
PROJECT_IDEAS = {
    "T1": ("Calm starts for everyone",
           "A universal calm start to the school day in {town}: the same five-minute "
           "routine in every class, so that Structure and Nurture are there for all "
           "children before anyone needs extra help."),
    "T2": ("Early help conversations",
           "Using the I Matter Model as a shared language with parents at the first sign "
           "of concern, before things escalate, and noticing my own stress as I do it."),
    "T3": ("Relationship health workshops",
           "A run of short workshops for parents and carers on stress, co-regulation and "
           "the adult's role, with a follow-up conversation for anyone who wants one."),
    "T4": ("Staying alongside in complex situations",
           "Working alongside a small number of families where many services are involved, "
           "helping the main caring adult stabilise and regain confidence, and reducing "
           "their dependence on me over time."),
}

FOCUS_AIMS = {
    "family": "Help Mum feel steadier at home so the children can settle; notice what "
              "changes when the adults are calmer.",
    "individual": "Understand what this young person's stress looks like and build a "
                  "shared language for it with the adults around them.",
    "topic": "Try the approach with a whole group and learn what Structure and Nurture "
             "look like at that scale.",
}

REVIEW_NOTES = (
    "You have been noticing your own stress signals much more this quarter, and it shows "
    "in how you describe the visits. Keep bringing the FOG to our sessions.",
    "Lovely to see {label} move from storms to easier fields. What helped most, in your "
    "own words?",
    "You are doing a lot for the family; worth thinking together about reducing "
    "dependence before the summer.",
    "Your reflections on containment were thoughtful. Shall we look at what the setting "
    "can realistically hold next term?",
    "A busy period. Remember the licence is about learning, not caseload: one focus area "
    "at a time is fine.",
    "Readiness for change came through strongly. Notice how you ask rather than tell now.",
)

SUPPORT_NOTES = (
    "Talked through the FOG around {label}; agreed to slow down.",
    "Orientation chat about the licence and the reflection templates.",
    "Went over the difficult-incident review together.",
    "Planning the next step for {label}; {parent} happy to be contacted on {phone}.",
    "Check-in about workload and containment.",
    "Looked at the micro-project plan and the three dynamic loops.",
)

JOURNEY_NOTES = (
    "", "", "Really useful on co-regulation.", "Good discussion about the adult's role.",
    "Brought a question about readiness for change.", "",
)
