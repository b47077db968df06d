"""Closed vocabularies for extraction: grade phrasings, known factor names, format and role words.

Extraction never keys on one article's wording. General patterns (in `extract` and its helpers)
find *where* a grade, a list of items or a role is stated; these tables say what the words mean.
An article nobody has seen can still name an element that is not listed here: it is then kept
under its own name. The tables only canonicalise (several spellings, one node) and decide kinds.

Every table is data, so a reviewer can read the whole closed world in one file.
"""

from __future__ import annotations

import re

from therapykg.loaders import scheme

# --------------------------------------------------------------------------------------------
# Evidence grades: the slug of the grade scheme member and the phrasings that state it.
# "promising" swallows its qualifier so the qualifier is not read as an item.
# --------------------------------------------------------------------------------------------
GRADE_PHRASES: tuple[tuple[str, str], ...] = (
    ("demonstrably-effective", r"demonstrably[\s-]+effective"),
    ("probably-effective", r"probably[\s-]+effective"),
    (
        "promising",
        r"promising(?:\s+but\s+(?:with\s+)?(?:insufficient(?:ly)?\s+research(?:ed)?"
        r"(?:\s+to\s+judge)?|still[\s-]+maturing))?",
    ),
)

GRADE_RE = re.compile(
    "|".join(f"(?P<g{i}>{pattern})" for i, (_, pattern) in enumerate(GRADE_PHRASES)),
    re.IGNORECASE,
)


# Characters that IGNORECASE matches to an ASCII letter but str.lower() does not lower to one.
_IGNORECASE_EXTRAS = ("\u0130", "\u0131", "\u017f", "\u212a")


def may_contain(text: str, words: tuple[str, ...]) -> bool:
    """False only when `text` holds none of `words` (lowercase ASCII) in any case, as a
    case-insensitive regex would read it: a cheap test before such a regex, every match of which
    holds one of the words. A case-insensitive regex search is many times slower than looking
    for the words in the lowered text."""
    lowered = text.lower()
    return any(word in lowered for word in words) or any(
        extra in text for extra in _IGNORECASE_EXTRAS
    )


def may_name_grade(text: str) -> bool:
    """False only when GRADE_RE cannot match `text`: a cheap test before the regex.

    Every grade phrase ends in "effective" or is "promising".
    """
    return may_contain(text, ("effective", "promising"))


def grade_of(match: re.Match[str]) -> str:
    """The grade slug a GRADE_RE match stands for."""
    for i, (slug, _) in enumerate(GRADE_PHRASES):
        if match.group(f"g{i}") is not None:
            return slug
    raise ValueError(match.group(0))


# Verbs that state a grading ("were rated …", "judged …", "X as …").
GRADING_VERBS = (
    r"(?:rated|judged|graded|considered|deemed|classed|classified|categori[sz]ed|designated"
    r"|found|placed|ranked)"
)

# --------------------------------------------------------------------------------------------
# Relationship elements and responsiveness adaptations: canonical name → spellings (the
# scheme's prefLabel and altLabels). Matching is case-insensitive on whole words; the canonical
# name's slug is the concept's slug.
# --------------------------------------------------------------------------------------------
# The tables are read from the concept scheme shipped with the ontology
# (therapykg/ontology/graded_items.ttl, through `scheme`): edit the labels there.
ELEMENT_ALIASES: dict[str, tuple[str, ...]] = scheme.aliases("element")
ADAPTATION_ALIASES: dict[str, tuple[str, ...]] = scheme.aliases("adaptation")

# Words that make a list of graded items adaptations: the sentence speaks of fitting the
# treatment to a client characteristic.
ADAPTING_RE = re.compile(
    r"\b(?:adapt(?:ing|ed|ation|ations)?|match(?:ing|ed)?|tailor(?:ing|ed)?|adjust(?:ing|ed)?"
    r"|fitting)\b",
    re.IGNORECASE,
)

# The lead-in that names the characteristic: "matching the treatment to a client’s …".
ADAPTING_LEAD_RE = re.compile(
    r"^(?:matching|adapting|tailoring|adjusting|fitting)\b[^,;]*?\bto\s+"
    r"(?:(?:the|a|an|each)\s+)?(?:(?:individual\s+)?(?:client|patient)(?:’s|'s|s’|s')?\s+)?",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------------------------
# Treatment formats and client populations (grading contexts and scope).
# --------------------------------------------------------------------------------------------
FORMAT_MODIFIERS = frozenset(
    {
        "individual",
        "group",
        "family",
        "couple",
        "couples",
        "youth",
        "child",
        "adolescent",
        "adult",
        "marital",
        "online",
        "brief",
        "inpatient",
        "outpatient",
    }
)
FORMAT_HEADS = frozenset(
    {"psychotherapy", "therapy", "counseling", "counselling", "treatment", "work"}
)
POPULATION_WORDS: dict[str, str] = {
    "adults": "adults",
    "adult clients": "adults",
    "older adults": "older adults",
    "adolescents": "adolescents",
    "children": "children",
    "couples": "couples",
    "families": "families",
}

# --------------------------------------------------------------------------------------------
# Conditions: "X disorder" phrases, a few acronyms and plain names. Only named disorders count;
# a modifier from NON_CONDITION_MODIFIERS ("a single disorder") names none.
# --------------------------------------------------------------------------------------------
CONDITION_ACRONYMS: dict[str, str] = {
    "PTSD": "PTSD",
    "OCD": "OCD",
    "GAD": "GAD",
    "ADHD": "ADHD",
}
CONDITION_WORDS = frozenset(
    {"depression", "anxiety", "schizophrenia", "insomnia", "bulimia", "anorexia", "psychosis"}
)
NON_CONDITION_MODIFIERS = frozenset(
    {
        "a",
        "an",
        "the",
        "any",
        "single",
        "specific",
        "particular",
        "presenting",
        "mental",
        "psychiatric",
        "each",
        "every",
        "one",
        "that",
        "this",
        "to",
        "for",
        "of",
        "and",
        "or",
        "with",
        "such",
        "as",
        "like",
        "including",
        "than",
        "no",
        "not",
        "include",
        "includes",
        "included",
        "involve",
        "involves",
        "treat",
        "treats",
        "treated",
        "concerns",
        "concern",
        "in",
        "on",
        "by",
        "at",
        "is",
        "are",
        "was",
        "were",
        "other",
        "some",
        "many",
        "most",
        "all",
        "severe",
        "moderate",
        "mild",
    }
)
# External identifiers checked against the Disease Ontology (docs/DESIGN.md); never guessed.
CONDITION_EXACT_MATCH: dict[str, str] = {
    "major-depressive-disorder": "http://purl.obolibrary.org/obo/DOID_1470",
    "generalized-anxiety-disorder": "http://purl.obolibrary.org/obo/DOID_14320",
    "ptsd": "http://purl.obolibrary.org/obo/DOID_2055",
}

# --------------------------------------------------------------------------------------------
# Problems-for-Work: the predicate that makes a sentence's subject a problem the approach
# addresses ("X are central targets", "X are addressed through …", "X can be caught earlier …").
# --------------------------------------------------------------------------------------------
PROBLEM_PREDICATE_RE = re.compile(
    r"\s+(?:is|are|can\s+be|may\s+be|should\s+be|becomes?)\s+(?:\w+ly\s+)?"
    r"(?:addressed|reframed|caught|targeted|treated|understood|tackled|handled|managed|reduced"
    r"|prevented|detected|worked\s+through|(?:the\s+)?(?:central|primary|key|main)\s+targets?"
    r"|a\s+cue)\b",
    re.IGNORECASE,
)
PERSON_NOUNS = frozenset({"client", "clients", "patient", "patients", "person", "people"})

# --------------------------------------------------------------------------------------------
# People: role phrasings and words that are never part of a person's name.
# --------------------------------------------------------------------------------------------
# Passive verbs naming who made the approach, and the role each one gives.
ROLE_VERBS: dict[str, str] = {
    "created": "CreatorRole",
    "developed": "CreatorRole",
    "founded": "CreatorRole",
    "originated": "CreatorRole",
    "articulated": "CreatorRole",
    "devised": "CreatorRole",
    "formulated": "CreatorRole",
    "introduced": "CreatorRole",
    "proposed": "CreatorRole",
    "pioneered": "CreatorRole",
    "conceived": "CreatorRole",
    "chaired": "ChairRole",
    "led": "ChairRole",
    "edited": "EditorRole",
}
ROLE_NOUNS: dict[str, str] = {
    "CreatorRole": "creator",
    "ChairRole": "chair",
    "EditorRole": "editor",
    "AuthorRole": "author",
    "LineageFigureRole": "lineage figure",
    "AssociateRole": "associate",
}
# Words ("elaborated with X") that make X an associate rather than a creator.
ASSOCIATE_WITH_VERBS = r"(?:elaborated|co-developed|developed|extended|refined|written)"

# Nouns that name the approach itself in a clause's subject ("The approach was created by …").
APPROACH_NOUNS = (
    r"(?:approach|model|framework|program|programme|therapy|psychotherapy|method|treatment"
    r"|theory|task[\s-]force|school|intervention|movement|tradition)"
)

# Common given names: a capitalised pair whose first word is one of these is a person's name
# (with no initials, source or role verb to show it: "through Jessie Taft and other social
# workers"). Names that are also common English words or places (Frank, Will, Grace, Victoria)
# are left out on purpose: they would turn ordinary phrases into people.
_GIVEN_NAMES_TEXT = """
    aaron abraham adam adrian alan albert alexander alfred alice allen alvin amanda amy andrea
    andrew angela ann anna anne anthony antonio arnold arthur barbara barry beatrice benjamin
    bernard beth betty beverly brian bruce carl carla carlo carlos carol caroline catherine
    charles charlotte christian christine christopher claire clara claude daniel david deborah
    dennis diana donald donna dorothy douglas edith edmund edward edwin eileen elaine eleanor
    elizabeth ellen emily emma eric erich erik ernest ethel eugene evelyn fritz gary george
    gerald gordon gregory hans harold harriet harry heinz helen henry herbert howard hugh ian
    irvin irving isaac jacob james jane janet jean jeffrey jennifer jeremy jerome jessica jessie
    joan john jonathan joseph joshua judith julia julian karen karl kathleen kenneth kevin kurt
    larry laura lawrence leonard leslie lester linda lisa louis louise lucy marcus margaret maria
    marie marion marsha martha martin mary matthew melanie michael milton nancy nathan neil
    nicholas norman otto patricia paul peter philip rachel ralph raymond rebecca richard robert
    roger ronald rudolf ruth sally samuel sandra sarah saul scott sigmund simon sophie stanley
    stephen steven stuart susan thomas timothy ursula virginia walter wilhelm william zac zachary
"""
GIVEN_NAMES = frozenset(_GIVEN_NAMES_TEXT.split())

# A clause subject that is the approach itself: "The approach …", "It …", "Its deepest root …".
APPROACH_SUBJECT_RE = re.compile(
    rf"^\s*(?:(?:it|its|this|these)\b|(?:the|this)\s+(?:[\w’'-]+\s+){{0,3}}?"
    rf"(?:{APPROACH_NOUNS}|roots?|origins?)\b)",
    re.IGNORECASE,
)

# Capitalised words that are never a person's name, whatever surrounds them.
NON_NAME_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "which",
        "when",
        "where",
        "how",
        "why",
        "let",
        "he",
        "she",
        "they",
        "one",
        "volume",
        "vol",
        "division",
        "society",
        "journal",
        "review",
        "press",
        "university",
        "college",
        "school",
        "institute",
        "association",
        "foundation",
        "center",
        "centre",
        "council",
        "committee",
        "department",
        "hospital",
        "clinic",
        "books",
        "therapy",
        "psychotherapy",
        "psychology",
        "counseling",
        "counselling",
        "model",
        "theory",
        "treatment",
        "debate",
        "handbook",
        "america",
        "american",
        "britain",
        "british",
        "england",
        "english",
        "europe",
        "european",
        "world",
        "national",
        "international",
        "united",
        "kingdom",
        "states",
        "new",
        "clinical",
        "evidence",
        "rated",
        "video",
        "apa",
        "nhs",
        "god",
    }
)

# --------------------------------------------------------------------------------------------
# Lineage: phrasings that say the approach was influenced by something, with the relation label.
# Each pattern ends where the influence's name begins.
# --------------------------------------------------------------------------------------------
LINEAGE_VERBS: tuple[tuple[str, str], ...] = (
    (
        r"\b(?:is|are|was|were)\s+(?:(?:\w+ly|also)\s+)?influenced\s+by\s+",
        "influenced by",
    ),
    (
        r"\b(?:acknowledged|acknowledges|reflects|reflected)\s+the\s+influence\s+of\s+",
        "influenced by",
    ),
    (r"\binspired\s+by\s+", "inspired by"),
    (r"\b(?:is|are|was|were)\s+(?:\w+ly\s+)?rooted\s+in\s+", "rooted in"),
    (r"\b(?:reach|reaches|go|goes|stretch|stretches|extend|extends)\s+back\s+to\s+", "rooted in"),
    (r"\broots?\s+(?:is|are|lies|lie)\s+(?:in\s+)?", "rooted in"),
    (r"\b(?:draws|draw|drew)\s+(?:\w+ly\s+)?(?:on|upon)\s+", "draws on"),
    (r"\b(?:builds|build|built)\s+(?:\w+ly\s+)?(?:on|upon)\s+", "builds on"),
    (r"\bheir\s+(?:of|to)\s+", "heir of"),
    (r"\b(?:derives|derived)\s+from\s+", "derived from"),
    (r"\b(?:grew|grows)\s+out\s+of\s+", "grew out of"),
    (r"\b(?:descends|descended)\s+from\s+", "descended from"),
    (r"\bincorporates\s+", "incorporates"),
)
# Words every LINEAGE_VERBS phrasing holds (lowercase; keep them in step): a sentence with none
# of them states no lineage and is not scanned for the phrasings (see `may_contain`).
LINEAGE_VERB_WORDS = (
    "influence",
    "inspired",
    "root",
    "back",
    "draw",
    "drew",
    "buil",
    "heir",
    "derive",
    "grew",
    "grows",
    "descend",
    "incorporates",
)

# Head nouns of a lineage object: a theory, an approach, or a tradition named by its modifier.
THEORY_HEADS = frozenset({"theory", "hypothesis", "model", "concept"})
APPROACH_HEADS = frozenset(
    {
        "therapy",
        "therapies",
        "psychotherapy",
        "psychotherapies",
        "counseling",
        "counselling",
        "analysis",
        "psychoanalysis",
        "interviewing",
        "approach",
        "framework",
        "program",
        "programme",
    }
)
TRADITION_HEADS = frozenset(
    {"literature", "tradition", "traditions", "lineage", "movement", "school", "field"}
)
# Head nouns too vague to name an influence ("draws on the idea that …"): no node is made.
VAGUE_HEADS = frozenset(
    {
        "idea",
        "ideas",
        "work",
        "works",
        "finding",
        "findings",
        "emphasis",
        "argument",
        "arguments",
        "observation",
        "observations",
        "view",
        "views",
        "claim",
        "claims",
        "notion",
        "account",
        "insight",
        "insights",
        "practice",
        "practices",
        "relationship",
        "relationships",
        "results",
        "principle",
        "principles",
        "conviction",
        "evidence",
        "data",
        "study",
        "studies",
        "paper",
        "book",
        "chapter",
        "concept",
        "term",
        "people",
        "clients",
        "others",
    }
)
# Words dropped from the front of a lineage object: determiners and evaluative adjectives.
OBJECT_STOPWORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "that",
        "this",
        "these",
        "those",
        "its",
        "their",
        "broader",
        "broad",
        "wider",
        "wide",
        "larger",
        "modern",
        "classic",
        "classical",
        "early",
        "earlier",
        "later",
        "general",
        "whole",
        "entire",
        "same",
        "older",
        "original",
        "much",
        "of",
    }
)

# --------------------------------------------------------------------------------------------
# Organisations that grade: a head noun, and words that do not distinguish one body from another.
# --------------------------------------------------------------------------------------------
ORG_HEADS = r"(?:task[\s-]force|committee|panel|working\s+group|council|commission)"
ORG_HEAD_WORDS = ("task", "committee", "panel", "working", "council", "commission")  # one each
ORG_NOISE_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "same",
        "first",
        "second",
        "third",
        "fourth",
        "updated",
        "original",
        "later",
        "its",
        "this",
        "that",
    }
)

# --------------------------------------------------------------------------------------------
# Citations: where a venue ends and a publisher begins.
# --------------------------------------------------------------------------------------------
JOURNAL_HINTS_RE = re.compile(
    r"\b(?:Journal|Bulletin|Quarterly|Annals|Proceedings|Letters|Archives)\b"
)
PUBLISHER_HINTS_RE = re.compile(
    r"\b(?:Press|Publish\w*|Publications?|Books|Wiley|Sage|Routledge|Guilford|Mifflin|Macmillan"
    r"|Springer|Elsevier|Norton|Academic|Association|Society|Films|YouTube|Institute|Foundation"
    r"|Harper|Penguin|Basic)\b"
)
CITATION_ABBREVIATIONS = frozenset(
    {"vol", "no", "ed", "eds", "pp", "p", "inc", "ltd", "st", "jr", "dr", "co", "al", "vs", "cf"}
)
