"""A deterministic synthetic corpus in the wiki's plain-text format.

    python -m benchmarks.generate --articles 10000 --out /tmp/corpus [--seed 7] [--check 200]

Each article looks like a browser's copy of a wiki page (see `articles/*.txt`): site name, banner,
type line, title, an untagged lead, the figure, then the usual sections in the usual order, with
the variations real pages show (a History section, Evidence Base before Interventions, Criticisms
& Debates instead of Contraindications, sections dropped), a SMART table run together as plain
text does, Key Terms, reflective questions, 6–12 numbered sources with tiers T1–T3, See also and
the provenance line. About 40% of its tags are `LLM`; the rest cite one source, or two run
together (`23` = sources 2 and 3, as the wiki writes them when no source 23 exists).

What the loader extracts is meant to be realistic in shape and to connect articles:

- gradings of the real relationship elements and adaptations (the task force's names, some of
  them in an alternative spelling) with the real grades, in constructions drawn from a small
  grammar of the generator's own (passive, inverted, complement, gapped, and phrasings no
  extraction rule was written for), never from the extractor's lexicon: nothing here is imported
  from `therapykg.loaders`, so the corpus does not bend to what extraction happens to read;
- creators, associates and lineage figures from a shared pool of people, who also author the
  cited works (a shared pool, some works cited by hundreds of articles);
- lineage: every article after the first names one to three earlier articles' approaches as its
  roots, a person who influenced it, a theory, and a tradition, each with a verb and a subject
  (the title, "The program", "It" …) drawn from the grammar, so the lineage graph is one
  connected, acyclic network with hubs, as far as extraction reads the phrasings;
- scope, problems, SMART mechanisms and key terms from small shared vocabularies.

The text of article `i` depends only on the seed and `i` (never on how many are written), so the
first 1,000 articles of a 10,000-article corpus are the 1,000-article corpus.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from therapykg.ontology.iri import slugify

DEFAULT_SEED = 7


def _words(text: str) -> list[str]:
    return text.split()


def _phrases(text: str) -> list[str]:
    return [" ".join(phrase.split()) for phrase in text.split("|")]


# --------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------

_TITLE_FIRST = _words(
    """
    Affect Attachment Compassion Emotion Mentalization Narrative Schema Acceptance Mindfulness
    Solution Strengths Trauma Relational Dialectical Interpersonal Existential Metacognitive
    Coherence Process Focusing Meaning Values Recovery Motivation Resilience Dignity Hope
    Community Body Play Memory Imagery Dream Story Insight Presence Rhythm Balance Safety
    Agency Belonging Courage Gratitude Curiosity Identity Purpose Voice Movement Nature Ritual
"""
)
_TITLE_SECOND = _words(
    """
    Focused Based Oriented Centered Informed Guided Driven Sensitive Integrated Anchored
    Attuned Grounded Led Directed Supported Enhanced Aware Linked Framed Minded
"""
)
_TITLE_THIRD = ["", "Relational", "Developmental", "Integrative", "Experiential",
                "Collaborative", "Contextual", "Dynamic"]  # fmt: skip
_TITLE_HEAD = ["Therapy", "Psychotherapy", "Counseling", "Approach", "Framework", "Program"]
# How the text refers to the approach ("The program …"): a noun extraction reads as the approach.
_NOUNS = {"Therapy": "therapy", "Psychotherapy": "psychotherapy", "Counseling": "approach",
          "Approach": "approach", "Framework": "framework", "Program": "program"}  # fmt: skip

_GIVEN = _words(
    """
    Aaron Abraham Adam Adrian Alan Albert Alice Allen Amanda Amy Andrea Andrew Angela Anna Anne
    Anthony Arnold Arthur Barbara Barry Beatrice Benjamin Bernard Beth Brian Bruce Carl Carla
    Carol Caroline Catherine Charles Charlotte Christine Claire Clara Daniel David Deborah Dennis
    Diana Donald Dorothy Douglas Edith Edmund Edward Eileen Elaine Eleanor Elizabeth Ellen Emily
    Eric Erich Ernest Eugene Evelyn George Gerald Gordon Gregory Hans Harold Harriet Helen Henry
    Howard Hugh Ian Irving Isaac Jacob James Jane Janet Jean Jeffrey Jennifer Jerome Joan John
    Jonathan Joseph Judith Julia Karen Karl Kathleen Kenneth Kevin Kurt Laura Lawrence Leonard
    Leslie Linda Lisa Louis Louise Lucy Margaret Maria Marie Marion Martha Martin Mary Matthew
    Michael Milton Nancy Nathan Neil Norman Otto Patricia Paul Peter Philip Rachel Ralph Raymond
    Rebecca Richard Robert Roger Ruth Sally Samuel Sandra Sarah Simon Sophie Stanley Stephen
    Susan Thomas Timothy Ursula Virginia Walter William
"""
)
_SURNAME_START = _words(
    """
    Hal Mar Ken Bro Lind Fair Ash Whit Cal Dun Mor Pen Ros Stan Thorn Wes Har Gil Nor Ber
    Ald Brad Cor Dal Eld Fen Gar Hol Kes Lam
"""
)
_SURNAME_END = _words(
    """
    den ford ley ton wick berg mann son field well more by stead worth ham ridge croft mont
    lock shaw
"""
)

# The task force's graded items in its own words (docs/gold-format.md), not the extractor's
# lexicon: the generator writes what a wiki page would say, whatever extraction can read.
_ELEMENTS = _phrases(
    """alliance|collaboration|goal consensus|cohesion|empathy|positive regard and affirmation
    |collecting client feedback|congruence/genuineness|real relationship|emotional expression
    |cultivating positive expectations|promoting treatment credibility
    |managing countertransference|repairing alliance ruptures|self-disclosure and immediacy"""
)
_ADAPTATIONS = _phrases(
    """culture|religion and spirituality|patient preferences|reactance level|stages of change
    |coping style|attachment style"""
)
_GRADE_TEXT = {
    "demonstrably-effective": ["demonstrably effective"],
    "probably-effective": ["probably effective"],
    "promising": [
        "promising but with insufficient research to judge",
        "promising but insufficiently researched",
        "promising, with the research still maturing",
    ],
}
# Other ways a page names an item, used now and then.
_ELEMENT_SPELLING = {
    "repairing alliance ruptures": "rupture repair",
    "goal consensus": "goal agreement",
    "collecting client feedback": "routine collection of client feedback",
    "alliance": "therapeutic alliance",
    "positive regard and affirmation": "positive regard",
    "cohesion": "group cohesion",
    "congruence/genuineness": "genuineness",
}
_FORMAT_CONTEXTS = ["individual psychotherapy", "group therapy", "youth psychotherapy",
                    "family therapy", "couples therapy", "online therapy"]  # fmt: skip
_POPULATION_CONTEXTS = ["adults", "adolescents", "children", "older adults"]
_GRADERS = ["APA interdivisional task force", "Society for Psychotherapy Research panel",
            "practice guideline committee", "evidence review working group"]  # fmt: skip
_TRADITIONS = ["common-factors", "humanistic", "psychodynamic", "cognitive-behavioral",
               "systemic", "experiential", "constructivist", "integrative"]  # fmt: skip
_DISCIPLINES = ["Clinical psychology", "Counseling psychology", "Psychiatry", "Social work",
                "Health psychology", "Family therapy"]  # fmt: skip
_SUBFIELDS = ["Psychotherapy integration / common factors",
              "Humanistic / experiential psychotherapy", "Cognitive and behavioral therapies",
              "Psychodynamic psychotherapy",
              "Systemic and family therapies", "Third-wave therapies"]  # fmt: skip
_TYPES = ["framework", "therapy", "approach", "therapy", "framework", "program"]
_CONDITIONS = ["major depressive disorder", "generalized anxiety disorder", "PTSD",
               "panic disorder", "social anxiety disorder", "OCD", "bipolar disorder",
               "depression", "insomnia", "borderline personality disorder",
               "substance use disorder", "eating disorder"]  # fmt: skip
_PROBLEMS = _phrases(
    """Treatment dropout and premature termination|Alliance ruptures|Low treatment response
    |Shame|Hopelessness|Perfectionism|Avoidance of difficult feelings|Rumination|Chronic worry
    |Self-criticism|Interpersonal conflict|Loneliness|Poor engagement|Emotional numbing
    |Procrastination|Complicated grief|Anger outbursts|Low self-esteem|Mistrust of helpers
    |Approval seeking|Sleep disruption|Body image concerns|Social withdrawal|Indecision
    |Relapse risk|Caregiver burnout|Work stress|Health anxiety|Intrusive memories
    |Emotional overwhelm"""
)
_THEORY_WORDS = ["attachment-repair", "secure-base", "felt-sense", "meaning-making", "two-chair",
                 "holding-environment", "corrective-experience", "self-regulation",
                 "narrative-identity", "mutual-recognition"]  # fmt: skip
_THEMES = ["empathy and acceptance", "the working bond", "client agency", "emotional experience",
           "collaborative goal setting", "the meaning of symptoms", "relational safety",
           "moment-to-moment attunement", "client strengths", "shared understanding"]  # fmt: skip
_JOURNALS = ["Journal of Clinical Psychology", "Journal of Counseling Psychology",
             "Psychotherapy Research Quarterly", "Journal of Psychotherapy Integration",
             "Annals of Behavioral Practice", "Bulletin of the Menninger Clinic"]  # fmt: skip
_PUBLISHERS = ["Guilford Press", "Oxford University Press", "Routledge", "Wiley",
               "American Psychological Association", "Sage"]  # fmt: skip
_WORK_TOPICS = _words(
    """alliance empathy responsiveness feedback cohesion attachment change
    engagement outcome process dropout expectations culture supervision training relapse
    emotion meaning resilience motivation"""
)
_WORK_FRAMES = ["The role of {a} in {b}", "{A} and {b}: a meta-analysis",
                "Rethinking {a} in routine care", "{A}, {b} and the course of therapy",
                "A practitioner's guide to {a}", "Measuring {a} across {b} studies",
                "{A} as a predictor of {b}", "Handbook of {a} and {b}"]  # fmt: skip

# --------------------------------------------------------------------------------------------
# The grammar: how a page states a grade, a lineage link and its subject
# --------------------------------------------------------------------------------------------
# Slots: {items} a series of graded items, {item} one, capitalised as {Items} / {Item} at the
# start of a sentence; {grade} a grade's words; {grader} a grading body; {S} a subject naming the
# approach; {roots} a series of influences; {noun} the approach noun; {TR} its tradition.

_GRADING_MANY = [
    "Rated {grade} were {items}",
    "{Items} were rated {grade}",
    "{Items} were judged {grade}",
    "{Items} were considered {grade}",
    "The {grader} rated {items} as {grade}",
    "The {grader} rated {items} {grade}",
    "{Items} all earned a rating of {grade}",
    "Among the elements judged {grade} were {items}",
    "The {grader} placed {items} in its {grade} category",
]
_GRADING_ONE = [
    "{Item} was judged {grade} by the {grader}",
    "{Item} was rated {grade} by the {grader}",
    "The {grader} rated {item} {grade}",
    "The {grader} found {item} to be {grade}",
    "{Item} was considered {grade} in the {grader}’s review",
    "The evidence for {item} was judged {grade}",
]
_ADAPTING = [
    "matching the treatment to a client’s {items}",
    "adapting therapy to {items}",
    "tailoring the work to the client’s {items}",
    "adjusting treatment to {items}",
]
_SUBJECTS = ["{T}", "The {noun}", "It", "The {noun} as first described"]
_PERSON_VERBS = ["was influenced by", "was inspired by", "draws on the work of", "owes much to",
                 "took its lead from", "builds on the ideas of"]  # fmt: skip
# (frame, the preposition repeated before each influence or None for a plain series, weight)
_ROOT_FRAMES = [
    ("The intellectual roots reach back to {roots}", "to", 3),
    ("{S} draws on {roots}", "on", 2),
    ("{S} is rooted in {roots}", "in", 2),
    ("{S} builds on {roots}", "on", 1),
    ("{S} derives from {roots}", "from", 1),
    ("{S} grew out of {roots}", None, 1),
    ("Its lineage runs through {roots}", None, 1),
]
_TRADITION_FRAMES = [
    "The {noun} can be read as the modern heir of that {TR} lineage",
    "{S} is usually placed in the {TR} tradition",
    "{S} extends the {TR} tradition into everyday practice",
    "{S} is sometimes described as a variant of the {TR} approach",
    "Some writers read {S_lower} as a reaction against the narrower models of its day",
]


def _grade_words(grade: str, rng: random.Random) -> str:
    return rng.choice(_GRADE_TEXT[grade])


def _capital(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def _fill(frame: str, **slots: str) -> str:
    """A frame with its slots; {Items} and {Item} are the capitalised forms of {items}, {item}."""
    more = {k.capitalize(): _capital(v) for k, v in slots.items() if k in ("items", "item")}
    return frame.format(**slots, **more)


# --------------------------------------------------------------------------------------------
# The shared world: titles, people and works, fixed by the seed alone
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    given: str
    middle: str
    surname: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.middle}. {self.surname}"

    @property
    def cited(self) -> str:
        return f"{self.surname}, {self.given[0]}. {self.middle}."


@dataclass(frozen=True, slots=True)
class WorkEntry:
    citation: str
    tier: str


class World:
    """Titles, people and works shared by every article of one seed."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"therapykg-world-{seed}")
        combos = [
            (a, b, c, h)
            for a in _TITLE_FIRST
            for b in _TITLE_SECOND
            for c in _TITLE_THIRD
            for h in _TITLE_HEAD
        ]
        rng.shuffle(combos)
        self._combos = combos
        self.people = _people(rng)
        titles = [
            frame.format(a=a, b=b, A=a.capitalize())
            for frame in _WORK_FRAMES
            for a in _WORK_TOPICS
            for b in _WORK_TOPICS
            if a != b
        ]
        rng.shuffle(titles)
        self.works = [_work(rng, self.people, title) for title in titles[:3000]]

    def title(self, index: int) -> str:
        a, b, c, h = self._combos[index]
        return " ".join(part for part in (f"{a}-{b}", c, h) if part)

    def person(self, rng: random.Random) -> Person:
        """A person, popular ones more often (a few people create many approaches)."""
        return self.people[int(len(self.people) * rng.random() ** 2.2)]

    def work(self, rng: random.Random) -> WorkEntry:
        return self.works[int(len(self.works) * rng.random() ** 3)]


def _people(rng: random.Random) -> list[Person]:
    seen: set[tuple[str, str]] = set()
    people: list[Person] = []
    surnames = [s + e for s in _SURNAME_START for e in _SURNAME_END]
    while len(people) < 3000:
        person = Person(rng.choice(_GIVEN), rng.choice("ABCDEFGHJKLMNPRSTW"), rng.choice(surnames))
        key = (person.given[0], person.surname)  # the slug: first initial + surname
        if key not in seen:
            seen.add(key)
            people.append(person)
    return people


def _work(rng: random.Random, people: list[Person], title: str) -> WorkEntry:
    authors = [people[rng.randrange(len(people))] for _ in range(rng.choice([1, 1, 2, 2, 3]))]
    names = " & ".join(p.cited for p in authors)
    year = rng.randint(1957, 2024)
    tier = rng.choices(["T1", "T2", "T3"], weights=[5, 3, 2])[0]
    if rng.random() < 0.3:
        edition = rng.choice(["2nd", "3rd", "4th"])
        publisher = rng.choice(_PUBLISHERS)
        editors = "(eds.)" if len(authors) > 1 else "(ed.)"
        citation = f"{names} {editors} ({year}). {title}, {edition} ed. {publisher}."
    else:
        citation = f"{names} ({year}). {title}. {rng.choice(_JOURNALS)}."
    return WorkEntry(citation, tier)


# --------------------------------------------------------------------------------------------
# One article
# --------------------------------------------------------------------------------------------

SECTIONS = [
    "Type & Discipline",
    "Creators & Lineage",
    "Core Principles",
    "Interventions & Techniques",
    "Evidence Base",
    "Populations & Indications",
    "Problems-for-Work",
    "Contraindications, Cautions & Cultural Humility",
    "Treatment-Plan Suggestions & SMART Objectives",
    "Common Misconceptions",
    "Training & Certification",
    "Key Terms",
    "Resources & Further Reading",
    "Reflective / Supervision Questions",
]


class _Article:
    """Writes one article; every random choice comes from its own generator."""

    def __init__(self, world: World, index: int, seed: int) -> None:
        self.world = world
        self.index = index
        self.rng = random.Random(f"therapykg-article-{seed}-{index}")
        rng = self.rng
        self.title = world.title(index)
        self.noun = _NOUNS[self.title.split()[-1]]
        self.sources = _distinct(world.work, rng, rng.randint(6, 12))
        self.creators = [world.person(rng) for _ in range(rng.choice([1, 1, 2]))]
        self.others = [world.person(rng) for _ in range(5)]
        self.parents = sorted({int(index * rng.random() ** 2) for _ in range(rng.randint(1, 3))})
        self.parents = self.parents if index else []
        self.tradition = rng.choice(_TRADITIONS)
        self.elements = rng.sample(_ELEMENTS, rng.randint(5, 9))
        self.adaptations = rng.sample(_ADAPTATIONS, rng.randint(2, 4))
        self.problems = rng.sample(_PROBLEMS, 4)
        self.lines: list[str] = []

    # -- tags --------------------------------------------------------------------------------

    def tag(self, llm: float = 0.35) -> str:
        """`LLM`, one source number, or two run together (`23`: sources 2 and 3)."""
        rng, count = self.rng, len(self.sources)
        if rng.random() < llm:
            return "LLM"
        if rng.random() < 0.12:
            first = rng.randint(2, count)  # 2..12 then any digit: never itself a listed number
            second = rng.choice([n for n in range(1, min(count, 9) + 1) if n != first])
            if first < 10:
                return f"{first}{second}"
        return str(rng.randint(1, count))

    def say(self, text: str, llm: float = 0.35) -> str:
        return f"{text} {self.tag(llm)}."

    def paragraph(self, sentences: list[str]) -> None:
        self.lines.extend([" ".join(sentences), ""])

    def fill(self, bank: list[str], count: int) -> list[str]:
        return [self.say(self.slots(t)) for t in self.rng.sample(bank, count)]

    def slots(self, template: str) -> str:
        rng = self.rng
        return template.format(
            T=self.title,
            noun=self.noun,
            E=rng.choice(self.elements),
            E2=rng.choice(_ELEMENTS),
            A=rng.choice(self.adaptations),
            F=rng.choice(_FORMAT_CONTEXTS),
            POP=rng.choice(_POPULATION_CONTEXTS),
            C=rng.choice(_CONDITIONS),
            TH=rng.choice(_THEMES),
            TR=self.tradition,
            N=rng.randint(3, 12),
        )

    # -- the page ----------------------------------------------------------------------------

    def text(self) -> str:
        self.header()
        for heading in self.section_order():
            self.lines.extend([heading, ""])
            getattr(self, "s_" + slugify(heading).replace("-", "_"))()
        self.footer()
        return "\n".join(self.lines) + "\n"

    def section_order(self) -> list[str]:
        rng = self.rng
        order = list(SECTIONS)
        if rng.random() < 0.25:
            order.insert(2, "History")
        if rng.random() < 0.2:
            i, j = order.index("Interventions & Techniques"), order.index("Evidence Base")
            order[i], order[j] = order[j], order[i]
        if rng.random() < 0.15:
            order[order.index(SECTIONS[7])] = "Criticisms & Debates"
        for optional in ("Resources & Further Reading", "Common Misconceptions", "History"):
            if optional in order and rng.random() < 0.2:
                order.remove(optional)
        return order

    def header(self) -> None:
        rng = self.rng
        kind = rng.choice(_TYPES)
        type_line = f"{kind} · {rng.choice(_DISCIPLINES)} · {rng.choice(_SUBFIELDS)}"
        lead = (
            f"A {self.tradition} {kind} that organises treatment around {rng.choice(_THEMES)} "
            f"and {rng.choice(_THEMES)}, with particular attention to "
            f"{rng.choice(self.elements)} and {rng.choice(self.adaptations)}. "
            "Its evidence base is growing but uneven, and several of its claims rest on "
            "correlational studies."
        )
        if rng.random() < 0.3:
            lead = (
                f"A {self.tradition} {kind} developed by {self.creators[0].full}, organising "
                + lead.split(" that organises ", 1)[1]
            )
        self.lines.extend(
            [
                "Therapy AlignedTM Clinical Wiki",
                "⚠︎ LLM-generated — verify before clinical use. Sentences are marked with a "
                "source or an LLM tag.",
                type_line,
                "",
                self.title,
                "",
                lead,
                "",
                "0 upvotes",
                f"A diagram with {rng.choice(self.elements)} at the center, linked to "
                f"{rng.choice(_THEMES)} and {rng.choice(_THEMES)}.",
                f"The {self.noun} places {rng.choice(_THEMES)} at the heart of the work. LLM",
                "",
            ]
        )

    def footer(self) -> None:
        rng = self.rng
        self.lines.extend(["Sources", ""])
        for number, work in enumerate(self.sources, start=1):
            self.lines.append(f"  {number}. {work.citation} — link{work.tier}")
        self.lines.extend(["", "See also", ""])
        for parent in self.parents[:2]:
            self.lines.append(self.world.title(parent))
        declared = len(self.sources) if rng.random() < 0.9 else len(self.sources) - 1
        self.lines.extend(
            [
                "",
                "Provenance. This article is AI-generated (model: claude-opus-4-8) · version "
                f"1.{rng.randint(0, 3)} · last generated "
                f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
                f" · {rng.randint(12, 19)} min read · {declared} sources. Claims carry a source "
                "marker or an LLM tag; illustrative clinical examples are LLM-generated, not "
                "guidelines.",
                "",
                "Suggest a revision",
                "",
                "Spotted an error or have something to add? Submit a sourced revision — we draft "
                "it, email you, and add it once you approve.",
                "",
                "Public credit preference",
                "⚠︎ Do not include any client-identifying or protected health information (PHI).",
            ]
        )

    # -- sections ----------------------------------------------------------------------------

    def s_type_discipline(self) -> None:
        rng = self.rng
        first = [
            self.say(
                f"{self.title} is a {self.noun} within {rng.choice(_DISCIPLINES).lower()} rather "
                "than a single manualized treatment package"
            ),
            self.say(
                f"It sits in the {self.tradition} tradition, asking which parts of the therapeutic "
                "relationship carry change and how treatment should be fitted to each client"
            ),
        ]
        self.paragraph(first + self.fill(_GENERAL, rng.randint(4, 6)))

    def s_creators_lineage(self) -> None:
        rng, world = self.rng, self.world
        creators = " and ".join(p.full for p in self.creators)
        influencer, associate, colleague, theorist = self.others[:4]
        sentences = [
            self.say(
                f"{self.title} was {rng.choice(['created', 'developed', 'founded'])} by "
                f"{creators}, whose early clinical writing set out its aims and methods"
            ),
            self.say(
                f"{self.subject(first=True)} {rng.choice(_PERSON_VERBS)} {influencer.full}, whose "
                f"lectures on {rng.choice(_THEMES)} circulated widely among practitioners"
            ),
            self.say(
                f"{associate.full} is closely associated with the {self.noun} through studies "
                f"of {rng.choice(self.elements)} and {rng.choice(_THEMES)}"
            ),
        ]
        roots = [
            f"{world.title(p).lower()}’s emphasis on {rng.choice(_THEMES)}" for p in self.parents
        ]
        roots.append(
            f"{theorist.surname}’s {rng.choice(_THEORY_WORDS)} theory of {rng.choice(_THEMES)}"
        )
        roots.append(f"the broader {self.tradition} literature")
        frame, preposition, _ = rng.choices(_ROOT_FRAMES, [w for *_, w in _ROOT_FRAMES])[0]
        if preposition:  # "to A, to B, and to C"
            repeated = [roots[0], *(f"{preposition} {r}" for r in roots[1:])]
            listed = _series(repeated, ", ")
        else:
            listed = _series(roots, ", ")
        sentences.append(self.say(_fill(frame, roots=listed, S=self.subject()), llm=0.6))
        sentences.append(
            self.say(
                f"{colleague.full}, a colleague of {self.creators[0].surname}, later carried the "
                f"ideas into {rng.choice(_FORMAT_CONTEXTS)}"
            )
        )
        subject = self.subject()
        tradition = rng.choice(_TRADITION_FRAMES).format(
            noun=self.noun, TR=self.tradition, S=subject, S_lower=subject[0].lower() + subject[1:]
        )
        sentences.append(self.say(tradition, llm=0.8))
        self.paragraph(sentences)

    def subject(self, *, first: bool = False) -> str:
        """A phrase naming the approach: its title, "The program", "It" (not to open a page's
        first lineage sentence, where "It" would have nothing to refer to)."""
        frame = self.rng.choice([c for c in _SUBJECTS if not (first and c == "It")])
        return frame.format(T=self.title, noun=self.noun)

    def s_history(self) -> None:
        self.paragraph(self.fill(_HISTORY, self.rng.randint(4, 6)))

    def s_core_principles(self) -> None:
        self.paragraph(self.fill(_PRINCIPLES, self.rng.randint(7, 9)))

    def s_interventions_techniques(self) -> None:
        rng = self.rng
        elements = list(self.elements)
        third = max(1, len(elements) // 3)
        top, middle, rest = elements[:third], elements[third : 2 * third], elements[2 * third :]
        sentences = [
            self.say("The task force graded specific relationship elements by strength of evidence")
        ]
        for grade, group in zip(_GRADE_TEXT, (top, middle, rest), strict=True):
            if group:
                sentences.append(self.say(self.grading(group, grade), llm=0.2))
        good, fair = self.adaptations[:2], self.adaptations[2:]
        adapting = _fill(rng.choice(_ADAPTING), items=_series(good, ", "))
        adaptation = (
            f"Alongside these elements sit the responsiveness methods: {adapting} were rated "
            f"{_grade_words('demonstrably-effective', rng)}"
        )
        if fair:
            adaptation += (
                f", while adapting to {_series(fair, ' and ')} were rated "
                f"{_grade_words('probably-effective', rng)}"
            )
        sentences.append(self.say(adaptation, llm=0.2))
        sentences.extend(self.fill(_TECHNIQUES, rng.randint(3, 5)))
        self.paragraph(sentences)
        self.example()

    def grading(self, items: list[str], grade: str) -> str:
        """One sentence grading `items`, in a construction drawn from the grammar."""
        rng = self.rng
        words, grader = _grade_words(grade, rng), rng.choice(_GRADERS)
        if len(items) == 1:
            return _fill(
                rng.choice(_GRADING_ONE), item=self.spell(items[0]), grade=words, grader=grader
            )
        frame = rng.choice(_GRADING_MANY)
        if frame.startswith("Rated") and rng.random() < 0.5:  # contexts, in a list cut by ";"
            named = [
                self.spell(e)
                + (f" in {rng.choice(_FORMAT_CONTEXTS)}" if rng.random() < 0.4 else "")
                for e in items
            ]
            series = _series(named, "; ")
        else:
            series = _series([self.spell(e) for e in items], ", ")
        return _fill(frame, items=series, grade=words, grader=grader)

    def s_evidence_base(self) -> None:
        rng = self.rng
        sentences = [
            self.say(
                "The maturity of this framework is best described as established but with "
                "contested mechanisms",
                llm=0.8,
            ),
            self.say(
                self.grading([rng.choice(self.elements)], rng.choice(list(_GRADE_TEXT))), llm=0.2
            ),
        ]
        picks = rng.sample(self.elements, min(3, len(self.elements)))
        grades = [_grade_words(rng.choice(list(_GRADE_TEXT)), rng) for _ in picks]
        if rng.random() < 0.5:  # complement: "rated A as X, B as Y and C as Z"
            complement = [f"{e} as {g}" for e, g in zip(picks, grades, strict=True)]
            review = f"A later review rated {_series(complement, ', ')}"
        else:  # gapped: "A was rated X and B Y"
            gapped = [f"{e} {g}" for e, g in zip(picks[1:], grades[1:], strict=True)]
            review = f"In a later review {picks[0]} was rated {grades[0]}" + (
                f" and {_series(gapped, ', ')}" if gapped else ""
            )
        sentences.append(self.say(review, llm=0.3))
        sentences.extend(self.fill(_EVIDENCE, rng.randint(6, 8)))
        self.paragraph(sentences)

    def s_populations_indications(self) -> None:
        rng = self.rng
        formats = rng.sample(_FORMAT_CONTEXTS, 3)
        conditions = rng.sample(_CONDITIONS, 3)
        sentences = [
            self.say(
                f"The {self.noun} is intended to apply across diagnoses rather than to a single "
                f"disorder, and it has been used in {_series(formats, ', ')}"
            ),
            self.say(
                "It is indicated wherever a therapeutic relationship exists, including work with "
                f"{_series(rng.sample(_POPULATION_CONTEXTS, 2), ', ')}"
            ),
            self.say(
                "Conditions commonly treated in these formats, such as "
                f"{_series(conditions, ', ')}, fall within scope because the approach works "
                "regardless of the presenting diagnosis"
            ),
        ]
        sentences.extend(self.fill(_POPULATIONS, rng.randint(2, 4)))
        self.paragraph(sentences)

    def s_problems_for_work(self) -> None:
        rng = self.rng
        first, second, third, fourth = self.problems
        sentences = [
            self.say(
                "Several recurring clinical problems map directly onto the framework’s elements"
            ),
            self.say(
                f"{first} are central targets, because strong {rng.choice(self.elements)} and "
                f"explicit {rng.choice(self.elements)} predict staying in treatment"
            ),
            self.say(
                f"{second} is addressed directly through {rng.choice(self.elements)}, which "
                "clinicians are encouraged to monitor session by session"
            ),
            self.say(
                f"{third} can be caught earlier through routine attention to "
                f"{rng.choice(self.adaptations)} and {rng.choice(self.elements)}"
            ),
            self.say(
                f"{fourth} is reframed through {rng.choice(self.elements)}, so that the client’s "
                "difficulty becomes shared work rather than a private failure"
            ),
            self.say(
                "In each case the problem is approached through the relationship first, and "
                "specific techniques are chosen once client and therapist agree on what the "
                "difficulty is and what a good outcome would look like"
            ),
        ]
        self.paragraph(sentences)
        self.example()

    def s_contraindications_cautions_cultural_humility(self) -> None:
        self.paragraph(self.fill(_CAUTIONS, self.rng.randint(6, 8)))

    def s_criticisms_debates(self) -> None:
        self.paragraph(self.fill(_CAUTIONS, self.rng.randint(6, 8)))

    def s_treatment_plan_suggestions_smart_objectives(self) -> None:
        rng = self.rng
        self.lines.append("Goal SMART objective (example) Mechanism")
        for goal, objective in rng.sample(_SMART, rng.randint(5, 7)):
            mechanism = _mechanism(rng.choice([*self.elements, *self.adaptations]), rng)
            if rng.random() < 0.4:
                mechanism += "; " + rng.choice(self.elements)
            self.lines.append(
                f"{goal} {objective.format(N=rng.randint(2, 8))} {mechanism} {self.tag(0.1)}"
            )
        self.lines.extend(
            [
                f"Therapeutic framing. Client and clinician used {rng.choice(_THEMES)} within "
                f"the {self.noun} to address {self.problems[0].lower()}. LLM",
                "",
            ]
        )

    def s_common_misconceptions(self) -> None:
        self.paragraph(self.fill(_MISCONCEPTIONS, self.rng.randint(4, 6)))

    def s_training_certification(self) -> None:
        self.paragraph(self.fill(_TRAINING, self.rng.randint(5, 6)))

    def s_key_terms(self) -> None:
        rng = self.rng
        terms = []
        for element in rng.sample(self.elements, min(4, len(self.elements))):
            terms.append(
                self.say(
                    f"{element[0].upper()}{element[1:]}: {rng.choice(_DEFINITIONS)}, "
                    f"rated a {rng.choice(['demonstrably', 'probably'])} effective relationship "
                    "element"
                )
            )
        for name, definition in rng.sample(_TERMS, rng.randint(2, 3)):
            terms.append(self.say(f"{name}: {definition}"))
        self.paragraph(terms)

    def s_resources_further_reading(self) -> None:
        self.lines.extend(["▶ Watch — a video introduction to this concept:", ""])

    def s_reflective_supervision_questions(self) -> None:
        rng = self.rng
        for question in rng.sample(_QUESTIONS, rng.randint(5, 7)):
            self.lines.append(f"  • {self.slots(question)} LLM")
        self.lines.append("")

    def spell(self, element: str) -> str:
        if element in _ELEMENT_SPELLING and self.rng.random() < 0.3:
            return _ELEMENT_SPELLING[element]
        return element

    def example(self) -> None:
        text = self.slots(self.rng.choice(_EXAMPLES))
        self.lines.extend(
            ["LLM-generated illustrative example (not a guideline): " + text + " LLM.", ""]
        )


def _series(items: list[str], separator: str) -> str:
    """`a, b, and c` (or `a; b; and c`)."""
    if len(items) == 1:
        return items[0]
    if len(items) == 2 and separator.strip() == ",":
        return f"{items[0]} and {items[1]}"
    return separator.join(items[:-1]) + f"{separator.rstrip()} and {items[-1]}"


def _distinct(
    draw: Callable[[random.Random], WorkEntry], rng: random.Random, count: int
) -> list[WorkEntry]:
    """`count` different works (an article lists a work once)."""
    found: dict[str, WorkEntry] = {}
    while len(found) < count:
        work = draw(rng)
        found.setdefault(work.citation, work)
    return list(found.values())


def _mechanism(name: str, rng: random.Random) -> str:
    if name in _ADAPTATIONS and rng.random() < 0.5:
        name = f"{name} adaptation"
    return name[0].upper() + name[1:]


# --------------------------------------------------------------------------------------------
# Sentence banks ({E} element, {A} adaptation, {F} format, {POP} population, {C} condition,
# {TH} theme, {TR} tradition, {T} title, {noun} approach noun, {N} a small number)
# --------------------------------------------------------------------------------------------

_GENERAL = [
    "As such, it functions as a meta-framework that a modality-trained clinician can layer onto "
    "other work rather than a competitor to those approaches",
    "It is descriptive of what effective clinicians already do and prescriptive about doing it "
    "more systematically",
    "Its central claim is that {TH} makes a substantial contribution to outcome independent of "
    "the specific type of treatment",
    "The {noun} treats {E} as something that can be measured, taught and improved",
    "Practitioners describe it as a stance toward the client more than a set of procedures",
    "Its vocabulary overlaps with the {TR} literature, which makes comparisons across trials "
    "easier",
    "Rather than prescribing a fixed sequence of sessions, it describes the relational conditions "
    "under which a range of specific techniques are most likely to help",
    "Its proponents present it as transdiagnostic, applicable to clients across many presenting "
    "problems rather than to one diagnosis, which is both its appeal and a source of criticism",
]
_HISTORY = [
    "Early case reports described the approach in outpatient clinics during the late 1970s",
    "A first treatment manual circulated among trainees and was revised several times",
    "The approach spread through workshops and supervision groups before any trial was run",
    "Interest grew once brief measures of {E} made the core processes easy to track",
    "Later editions of its manual added guidance on {A} and on work with {POP}",
    "A professional network formed to share recordings and to coordinate research on {TH}",
    "By the turn of the century the approach had been taught in graduate programs on several "
    "continents, usually alongside more structured treatments rather than instead of them",
    "The first controlled comparisons were small, and their authors were careful to describe them "
    "as feasibility studies rather than tests of efficacy",
]
_PRINCIPLES = [
    "The organizing principle is that the relationship and the method both matter, and that "
    "{TH} explains why clients improve or fail to improve",
    "A second principle is responsiveness: effective therapists adjust their stance, pacing and "
    "structure to the person in the room",
    "A third principle is that relational behaviours are measurable and can be judged by the same "
    "standards applied to techniques",
    "A fourth principle is that the relationship is co-created, a property of the dyad rather "
    "than a trait the therapist either has or lacks",
    "The client is treated as an active agent whose preferences and culture are data that should "
    "shape the treatment",
    "Taken together, these principles position the therapist as a flexible decision-maker who "
    "keeps reading the relationship and recalibrating",
    "Change is expected to follow from {TH} rather than from any single technique",
    "The therapist attends to {E} from the first contact onward, not only when difficulties appear",
    "Goals are negotiated openly and revisited whenever progress stalls",
    "Difficulties in the relationship are treated as information about the client’s wider "
    "patterns of relating, not as obstacles to be worked around before the real work begins",
    "The clinician’s own reactions are acknowledged and examined, because unexamined reactions "
    "tend to leak into the work in ways that the client notices before the therapist does",
]
_TECHNIQUES = [
    "In practice a clinician actively cultivates the bond, repeatedly negotiates explicit goals "
    "and tasks, and watches for strains so they can be named and repaired",
    "It also means deciding how directive to be, how much to self-disclose, and how to frame "
    "interventions based on who the client is",
    "Brief session-by-session measures of {E} are used to notice when the work is drifting",
    "Sessions often close with a short check on what helped and what did not",
    "Homework is optional and is shaped by the client’s preferences rather than assigned",
    "Where the client prefers more structure, sessions follow a visible agenda that is agreed at "
    "the start and reviewed at the end, so that the structure itself is negotiated",
    "Therapists are encouraged to invite negative feedback explicitly, since clients rarely "
    "volunteer dissatisfaction unless they are asked in a way that makes it safe to answer",
]
_EVIDENCE = [
    "Across many studies and several meta-analyses, {E} correlates reliably with outcome",
    "The honest caveat is that most of this evidence is correlational, not experimental",
    "Reverse causation is plausible, in that early symptom relief may strengthen {E} rather than "
    "the reverse",
    "A published set of reservations argued that the causal inferences drawn were stronger than "
    "the data warranted",
    "The fair reading is that the predictive value of {E} is well established, while its causal "
    "weight remains debated",
    "Clinicians should hold the conclusions as strong clinical guidance, not as settled causal law",
    "Effect sizes are moderate and vary with how {E} is measured and by whom",
    "Trials with {POP} are fewer, and their results are less consistent",
    "A pragmatic trial in routine services found outcomes comparable to those of established "
    "treatments",
    "Dismantling studies that remove one component at a time are rare, so the relative weight of "
    "each element in producing change is still largely a matter of inference",
    "Observer ratings and client ratings of {E} agree only moderately, and client ratings tend to "
    "predict outcome somewhat better than ratings made by therapists or observers",
]
_POPULATIONS = [
    "The responsiveness arm is especially relevant for diverse and multicultural clients",
    "It is best understood as a layer applied to whatever diagnosis-specific protocol is indicated",
    "Clinicians working with {POP} report that the emphasis on {TH} eases engagement",
    "Adaptations for settings with few sessions keep the emphasis on the relationship while "
    "shortening the assessment phase and agreeing on a narrower focus early on",
    "Its use in primary care and community services has grown, where clients often arrive with "
    "several overlapping difficulties rather than one clearly defined problem",
]
_CAUTIONS = [
    "There are no contraindications to attending to the relationship itself, but there are real "
    "cautions in how the framework is applied",
    "Responsiveness must not become an excuse for abandoning effective techniques or drifting "
    "aimlessly to please the client",
    "Clinicians should avoid stereotyped matching, instead treating culture as something to be "
    "assessed with each individual",
    "Overstating the causal power of the relationship risks underweighting technique and structure",
    "Self-monitoring of countertransference remains an area where consultation and supervision "
    "are the appropriate safeguards",
    "When a client may be at risk of harm, the therapist must step out of a purely following role "
    "and ask directly about safety",
    "Clients should be told when another treatment has stronger evidence for their particular "
    "difficulty",
    "Critics argue that the approach is hard to standardise, which complicates replication",
    "Therapists from majority backgrounds are cautioned against assuming that their own sense of "
    "a warm relationship is shared by clients whose communities express care differently",
    "Language matters as well: clients working in a second language may find it harder to voice "
    "disagreement, so silence should not be read as consent to the direction of the work",
    "Routine measures should be introduced with care, because clients who feel monitored rather "
    "than heard may answer politely instead of honestly",
]
_SMART = [
    ("Strengthen early alliance to reduce dropout",
     "Client and therapist will agree on written treatment goals by session {N}"),
    ("Detect and repair ruptures",
     "Client will complete a brief alliance measure each session for {N} weeks"),
    ("Catch non-response early",
     "Therapist will review session-by-session outcome data and adjust the plan by session {N}"),
    ("Increase engagement in a high-reactance client",
     "Client will select task order and homework format in {N} of the next 10 sessions"),
    ("Improve felt understanding",
     "Client will rate feeling understood at 4/5 or higher by week {N}"),
    ("Tailor treatment to cultural context",
     "Therapist will integrate one client-identified value into the plan by session {N}"),
    ("Build group cohesion",
     "Group members will report belonging at 4/5 or higher by session {N}"),
    ("Reduce avoidance between sessions",
     "Client will practise one agreed step on {N} days each week"),
]  # fmt: skip
_MISCONCEPTIONS = [
    "A frequent misconception is that this framework says technique does not matter; in fact it "
    "argues relationship and method are both necessary",
    "A second is that being relational means being uniformly warm and nondirective",
    "A third is that the elements are soft or unmeasurable, when each can be assessed with brief "
    "instruments",
    "A fourth is that strong language about evidence implies proven causation",
    "A final misconception is that responsiveness is purely intuitive and cannot be trained",
    "Some assume the approach suits only mild problems, although it has been tried with {POP}",
    "It is sometimes said that a good relationship is all that is needed, a claim the framework "
    "itself rejects, since it treats the relationship and specific methods as working together",
]
_TRAINING = [
    "There is no certification or credential in this approach, and none is needed, because it is "
    "meant to be absorbed into existing training",
    "Skill acquisition is best pursued through supervised practice in monitoring {E} and "
    "repairing strains",
    "Continuing-education workshops on {E} are widely available and map directly onto these "
    "elements",
    "Recorded sessions reviewed in supervision remain the main way the skills are taught",
    "Training programs increasingly include routine outcome measurement as a core competence",
    "Supervisors are advised to attend to the supervisory relationship itself, since trainees "
    "learn as much from how they are treated in supervision as from what they are told there",
    "Self-study materials, including annotated transcripts and practice exercises with recorded "
    "client statements, let clinicians rehearse responses before trying them with clients",
]
_DEFINITIONS = [
    "the bond plus agreement on goals and tasks between client and therapist",
    "the therapist’s accurate, moment-to-moment understanding of the client’s experience",
    "the shared sense of working toward the same ends",
    "a pattern of relating that shapes how help is sought and received",
    "the client’s hopes about what therapy can achieve",
]
_TERMS = [
    ("Responsiveness", "adapting the treatment to the individual client rather than delivering a "
     "fixed protocol"),
    ("Rupture", "a strain or breakdown in the collaborative relationship"),
    ("Attunement", "the therapist’s sensitivity to the client’s shifting states"),
    ("Formulation", "a shared working account of the client’s difficulties"),
    ("Outcome monitoring", "routine measurement of progress to inform treatment"),
]  # fmt: skip
_QUESTIONS = [
    "How do you currently know whether {E} is strengthening or fraying with a given client?",
    "When a client resists a task, do you press the protocol or treat the resistance as data?",
    "Which element is least systematically present in your practice?",
    "How do you distinguish responsive adaptation from technique drift in your own caseload?",
    "In what concrete way did your last cross-cultural case shape the treatment plan?",
    "When did you last name and repair a rupture out loud?",
    "What would change in your work with {POP} if you tracked {E} every session?",
]
_EXAMPLES = [
    "A therapist notices a client bristling at homework assignments. Rather than pressing the "
    "protocol, she offers two options and lets the client choose the order",
    "A clinician using a brief measure of {E} sees a sudden drop after session four. She raises "
    "it openly, names the strain and renegotiates the task",
    "A client who calls herself useless after losing her job expects to be argued with. Instead "
    "the therapist acknowledges how heavy the word sounds, and over several sessions the client "
    "separates the loss from a verdict on herself",
]


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


def article_text(world: World, index: int, seed: int) -> str:
    """The text of article `index` (0-based)."""
    return _Article(world, index, seed).text()


def article_path(out: Path, world: World, index: int) -> Path:
    return out / f"{index:05d}-{slugify(world.title(index))}.txt"


def generate(count: int, out: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write `count` articles into `out`; returns their paths, in order."""
    out.mkdir(parents=True, exist_ok=True)
    world = World(seed)
    paths = []
    for index in range(count):
        path = article_path(out, world, index)
        path.write_text(article_text(world, index, seed), encoding="utf-8")
        paths.append(path)
    return paths


_FACT_CLASSES = ("Grading", "LineageLink", "RoleAttribution", "ScopeLink", "ProblemLink",
                 "SmartObjective", "KeyTerm", "ReflectiveQuestion")  # fmt: skip


def check(paths: list[Path]) -> tuple[int, dict[str, int]]:
    """Load the articles into an in-memory store through the real loader (`load_paths`), and count
    what the graph holds; (errors, totals of counts)."""
    from therapykg.graph.load import load_paths
    from therapykg.graph.stats import class_counts
    from therapykg.graph.store import open_store

    with open_store("memory:") as store:
        summary = load_paths(store, paths, workers=0)
        classes = dict(class_counts(store))
    for error in summary.errors:
        print(f"error: {error}", file=sys.stderr)
    totals: dict[str, int] = {
        "articles": summary.articles,
        "warnings": len(summary.warnings),
        "statements": summary.statements,
        "facts": summary.facts,
        "quads": summary.quads,
    }
    totals.update({name: classes.get(name, 0) for name in _FACT_CLASSES})
    return len(summary.errors), totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--articles", type=int, required=True, help="how many articles")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the corpus seed")
    parser.add_argument(
        "--check", type=int, default=0, metavar="K", help="then read and build K of them"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = generate(args.articles, args.out, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(
        f"wrote {len(paths)} articles ({size / max(len(paths), 1) / 1024:.1f} KB each) to "
        f"{args.out} in {time.perf_counter() - started:.1f} s"
    )
    if args.check:
        step = max(1, len(paths) // args.check)
        errors, totals = check(paths[::step][: args.check])
        n = max(totals["articles"], 1)
        averages = ", ".join(f"{k} {v / n:.1f}" for k, v in totals.items() if k != "articles")
        print(f"checked {totals['articles']} articles, {errors} error(s); per article: {averages}")
        return 1 if errors else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
