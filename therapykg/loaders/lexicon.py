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
    (
        "demonstrably-effective",
        r"demonstrably[\s-]+effective"
        # the grade as a noun: "a demonstrable-effectiveness finding"
        r"|demonstrable[\s-]+effectiveness"
        # the first of two grades sharing "effective": "demonstrably and probably effective"
        r"|demonstrably(?=\s+(?:and|or)\s+probably[\s-]+effective)"
        # the top of the task force's three grades, named by its place: "earned the top rating",
        # "the strongest tier", "its highest evidentiary category"
        # an adjective of the item's noun: "a top-tier element", "top-rank adaptations"
        r"|(?:top|highest)-(?:tier|rank|ranked|graded|rated)"
        r"|(?:highest|top|strongest)(?:\s+(?:possible|available|evidentiary|evidence))?"
        r"(?=[\s-]+(?:grade|rating|tier|category|classification|designation|level|band)\b)"
        # "a top-graded element", "the first tier", "rated at the top", "at the top of the list"
        r"|top[\s-]+(?:graded|rated|ranked)"
        r"|the\s+(?:very\s+)?top(?=\s*(?:[,.;:)\]—–]|$)|\s+(?:of\s+the|in|by|among|alongside"
        r"|with|again|both|and)\b)",
    ),
    (
        "probably-effective",
        r"probably[\s-]+effective"
        r"|probable[\s-]+effectiveness"
        r"|probably(?=\s+(?:and|or)\s+demonstrably[\s-]+effective)"
        r"|middle(?=[\s-]+(?:grade|rating|tier|category|band)\b)"
        # the second of three by its place: "the second tier", "the second-highest grade"
        r"|second-(?:tier|rank|ranked|graded|rated)"
        r"|second(?:[\s-]+highest)?(?=[\s-]+(?:grade|rating|tier|rung|rank|category|band|level)\b)",
    ),
    (
        "promising",
        r"promising(?:[\s-]+but[\s-]+(?:with\s+)?(?:insufficient(?:ly)?(?:[\s-]+research(?:ed)?)?"
        r"(?:[\s-]+to[\s-]+judge)?|still[\s-]+maturing))?"
        # the third grade by its other half: "(insufficient research to judge)", "the evidence
        # on X insufficient to judge"
        r"|insufficient(?:ly)?(?:\s+(?:research(?:ed)?|evidence|data))?\s+to\s+judge"
        # said as too little to judge: "too little research to call", "too thinly researched to
        # judge", "too sparse to rate"
        r"|too\s+(?:little\s+(?:research|evidence|data)|(?:thin|sparse)(?:ly\s+(?:researched"
        r"|studied))?|under-?researched)\s+to\s+(?:judge|call|rate|grade)"
        # the bottom of the three by its place: "the lowest tier"
        r"|(?:lowest|bottom)(?=[\s-]+(?:grade|rating|tier|category|band|level)\b)",
    ),
)

# Every phrase starts with one of d, p, i, h, t, s, m, l, b (IGNORECASE reads the lookahead as it
# reads the phrases): the lookahead lets every other position fail at once, same matches.
GRADE_RE = re.compile(
    "(?=[dpihtsmlb])(?:"
    + "|".join(f"(?P<g{i}>{pattern})" for i, (_, pattern) in enumerate(GRADE_PHRASES))
    + ")",
    re.IGNORECASE,
)


# Characters that IGNORECASE matches to an ASCII letter but str.lower() does not lower to one.
_IGNORECASE_EXTRAS = ("\u0130", "\u0131", "\u017f", "\u212a")
IGNORECASE_EXTRAS = _IGNORECASE_EXTRAS  # for pre-checks that need the same rule


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

    Every grade phrase ends in "effective", is "promising", holds "insufficient", says "too …
    to judge", or names the grade by its place ("highest", "top", "strongest", "middle",
    "lowest", "bottom").
    """
    return may_contain(text, _GRADE_WORDS)


_GRADE_WORDS = (
    "effective", "promising", "insufficient", "too", "highest", "top", "strongest", "middle",
    "lowest", "bottom", "second",
)  # fmt: skip


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
# A format named by its plural alone: "cohesion in groups" is cohesion in group therapy.
FORMAT_WORDS: dict[str, str] = {
    "groups": "group therapy",
    "group work": "group therapy",
    # "the alliance with young people": the task force's youth psychotherapy ("youth" alone is
    # a format modifier: "in youth psychotherapy")
    "young people": "youth psychotherapy",
    "young clients": "youth psychotherapy",
    "youth": "youth psychotherapy",  # "the alliance with youth"
}
POPULATION_WORDS: dict[str, str] = {
    "adults": "adults",
    "adult clients": "adults",
    "older adults": "older adults",
    "adolescents": "adolescents",
    "children": "children",
    "couples": "couples",
    "families": "families",
    "young adults": "young adults",
    "college students": "college students",
    "university students": "university students",
    "military veterans": "military veterans",
    "veterans": "veterans",
    "refugees": "refugees",
    "asylum seekers": "asylum seekers",
    "inpatients": "inpatients",
    "outpatients": "outpatients",
    "forensic patients": "forensic patients",
    "offenders": "offenders",
    "prisoners": "prisoners",
    "older people": "older adults",
    "teenagers": "adolescents",
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
# Spellings of one condition, folded, and the label its node takes (the acronym where the node
# was first named by one: condition/ptsd is aligned to the Disease Ontology under that name).
CONDITION_SYNONYMS: dict[str, str] = {
    "posttraumatic stress disorder": "PTSD",
    "post-traumatic stress disorder": "PTSD",
    "post traumatic stress disorder": "PTSD",
    "obsessive-compulsive disorder": "OCD",
    "obsessive compulsive disorder": "OCD",
    "gad": "generalized anxiety disorder",
    "generalised anxiety disorder": "generalized anxiety disorder",
    "attention-deficit/hyperactivity disorder": "ADHD",
    "attention-deficit hyperactivity disorder": "ADHD",
    "attention deficit hyperactivity disorder": "ADHD",
    "hyperactivity disorder": "ADHD",
    "mdd": "major depressive disorder",
    "binge eating disorder": "binge-eating disorder",
}
CONDITION_WORDS = frozenset(
    {"depression", "anxiety", "schizophrenia", "insomnia", "bulimia", "anorexia", "psychosis"}
    | {
        "bulimia nervosa",
        "anorexia nervosa",
        "binge eating",
        "major depression",
        "chronic depression",
        "recurrent depression",
        "perinatal depression",
        "postpartum depression",
        "postnatal depression",
        "dysthymia",
        "social anxiety",
        "health anxiety",
        "chronic pain",
        "agoraphobia",
        "specific phobia",
        "specific phobias",
        "phobias",
        "addiction",
        "addictions",
        "alcohol dependence",
        "alcohol misuse",
        "substance misuse",
        "substance abuse",
        "dementia",
        "autism",
        "mania",
        "hypochondriasis",
        "trichotillomania",
        "fibromyalgia",
        "irritable bowel syndrome",
        "chronic fatigue syndrome",
        # physical illnesses a therapy is adapted to, and problem behaviours named as conditions
        "diabetes",
        "type 2 diabetes",
        "hiv",
        "hiv/aids",
        "cancer",
        "obesity",
        "hypertension",
        "heart disease",
        "coronary heart disease",
        "asthma",
        "epilepsy",
        "multiple sclerosis",
        "tinnitus",
        "psoriasis",
        "copd",
        "complex trauma",
        "gambling",
        "problem gambling",
        "alcohol problems",
        "drug misuse",
        "drug use problems",
        "prolonged grief",
        "complicated grief",
        # further named conditions (clinical names, not everyday problems)
        "panic",
        "panic attacks",
        "hoarding",
        "encopresis",
        "enuresis",
        "selective mutism",
        "tourette syndrome",
        "tourette's syndrome",
        "body dysmorphia",
        "somatization",
        "medically unexplained symptoms",
        "nicotine dependence",
        "opioid dependence",
        "cocaine dependence",
        "substance dependence",
        "alcohol use problems",
        "psychotic depression",
        "postpartum psychosis",
        "first-episode psychosis",
        "treatment-resistant depression",
        "migraine",
        "stroke",
        "parkinson's disease",
        "traumatic brain injury",
        "acquired brain injury",
        "brain injury",
    }
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
    r"\s+(?:is|are|can\s+be|may\s+be|might\s+be|should\s+be|must\s+be|becomes?|remains?)"
    r"\s+(?:(?:also|often|usually|typically|then|first|now|gently|openly|directly|\w+ly)\s+)?"
    # any passive participle: "is addressed", "are approached", "is met with", "are taken up"
    r"(?:(?!(?:need|indeed|bed|red|shed|wed|seed|speed|greed|breed|feed)\b)[a-z]{2,}ed"
    r"|taken|met|made|read|built|seen|held|brought|caught|understood|undertaken|overcome|set"
    r"|found|dealt|put|drawn|thrown|shown|known|given|worked\s+(?:through|on)"
    r"|(?:among\s+)?(?:(?:the|a|an)\s+)?(?:most\s+(?:common|frequent|typical|direct)\s+|(?:central|primary"
    r"|key|main|frequent|common|specific|particular|major|typical|core|usual|first|classic)\s+)?"
    r"(?:targets?|focus|foci|indication|province)"
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
    "invented": "CreatorRole",
    "launched": "CreatorRole",
    "designed": "CreatorRole",
    "established": "CreatorRole",
    # developed further: the wiki's gold and the blind authors count these people as creators
    "elaborated": "CreatorRole",
    "refined": "CreatorRole",
    "extended": "CreatorRole",
    "systematised": "CreatorRole",
    "systematized": "CreatorRole",
    "co-founded": "CreatorRole",
    "cofounded": "CreatorRole",
    "co-developed": "CreatorRole",
    "co-created": "CreatorRole",
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
# A noun that names who made the approach ("its founder", "the originator of", "AEDP founder").
CREATOR_NOUN = r"(?:co-?)?(?:founder|creator|originator|developer|architect|inventor)"
# Words ("elaborated with X") that make X an associate rather than a creator.
ASSOCIATE_WITH_VERBS = r"(?:elaborated|co-developed|developed|extended|refined|written)"

# Nouns that name the approach itself in a clause's subject ("The approach was created by …").
APPROACH_NOUNS = (
    r"(?:approach|model|framework|program|programme|protocol|therapy|psychotherapy|method|treatment"
    r"|theory|task[\s-]force|school|intervention|movement|tradition)"
)

# Common given names: a capitalised pair whose first word is one of these is a person's name
# (with no initials, source or role verb to show it: "through Jessie Taft and other social
# workers"). Names that are also common English words or places (Frank, Will, Grace, Victoria)
# are left out on purpose: they would turn ordinary phrases into people.
_GIVEN_NAMES_TEXT = """
    immanuel emmanuel søren maurice baruch georg hermann jean-paul jean-martin hans-georg blaise
    rené rene auguste emil eugen mavis ernst kazimierz mikael urie uri shoma ishin dermot klaus
    hanna peggy zerka magda lynne jacqui jackie claudio erving sona lance ivor dirk dwight jill
    lois lorraine megan molly nora phyllis shirley zoe duncan edgar geoffrey hugo lloyd luke
    malcolm melvin neville nigel oliver oscar percy reginald roland terence trevor vernon victor
    wallace wayne wesley willard
    aaron abraham adam adolf adrian alan albert albrecht alexander alexandra alfred alice alison
    allan allen alvaro alvin amanda amos amy andre andrea andreas andrew angela angus anke ann anna
    anne annie anthony antonio arietta arnold arnoud arthur barbara barry beatrice benjamin bernard
    bert bessel beth betty beverly boris bradford brian bruce burrhus carl carla carlo carlos
    carol caroline catherine cecilia charles charlotte christa christian christine christoph
    christopher cindy claire clara claude clifford colin craig cynthia dale daniel daniela daryl
    dave david deborah debra dennis derek diana diane dietrich donald donna doris dorothea dorothy
    douglas edith edmund edna eduard edward edwin eileen elaine eleanor elena eliot elizabeth ellen
    elliot elliott emily emma emmy eric erich erik ernest ernesto esther ethel eugene eva evan
    evelyn felix florence francesca francine francis franz frederick frieda friedrich fritz gabriel
    gail gary george gerald gianfranco gilbert giuliana gordon gottfried gregg gregory gustav habib
    hannah hannie hans harlene harold harriet harry harvey heidi heinrich heinz helen helmut henry
    herbert hilde hildegard horst howard hugh ian ida ingrid insoo irene irvin irving isaac isabel
    ivan jaakko jacob jacques jakob james jane janet janice jason jay jean jeanne jeffrey jennifer
    jenny jeremy jerold jerome jesse jessica jessie jim joan joanne joel johann johannes john jon
    jonathan jorge josef joseph joshua judith judy jules julia julian julie jurgen kaj karen
    karin karl katherine kathleen kathryn keith kelly kenneth kevin kirk kristen kristin kurt larry
    lars laura lauren lawrence leigh leo leon leonard leopold leslie lester lev lewis lillian linda
    lindsay lisa lorenzo lorna louis louise luc luciano lucy ludwig luigi lynn magda mara marcel
    marco marcus margaret margot marguerite maria marian marianne marie marion marjorie mark marsha
    martha martin marvin mary matthew matthias max medard melanie meredith michael michel michele
    michiel mikhail milton miriam mitchell moshe murray myrna nancy natalie nathan neal neil
    nicholas nico nicola nils noam norman olga orval otto pamela patricia patrick paul paulo peter
    philip pierre rachel rainer ralph raphael raymond rebecca reinhard renee rhonda richard rick
    rita robert robin roger rolf rollo ronald rosa rosemary rudolf russell ruth sally salvador
    samuel sandor sandra sarah saul scott sebastian sergei seymour sheila sidney sigmund silvan
    simon simone sonia sophie soren stanley stefan stefanie stephen steve steven stuart susan
    suzanne sven sylvia tara teresa theodor theresa thomas thorsten timothy tina tobias tom tony
    ulrich ursula uwe valerie vera viktor vincent virginia walter wendy werner wilfred wilfried
    wilhelm willem william wolfgang yvonne zac zachary zerka zindel zoltan
    ron pat sue ed bob bill joe ben dan sam kim ted roy ken laurel jo kay lou guy ray jan terry
    don iris lars nils sten gunnar jens
    rex talcott cloe candice laurie jacqueline monica giovanni giorgio paolo mario
    franco gianni sergio luca juan jose miguel pedro manuel ana sofia bjorn knut olav arne
    pieter joost wim kees dieter gerhard manfred yoshiki takeo hiroshi kenji akira satoshi
    haruki humberto haim silas aldo alberto alfredo andrea beatriz bernhard brigitte camille
    celia charlene cheryl chiara christiane cornelia darlene deirdre denise dolores donatella
    eckhart edmond elisabeth elmer emilio enrico esteban fabio federico fernando
    francois franziska gabriele geraldine gerard gertrude gisela gordon guido gwen
    hector heike hubert ignacio ilse imre irmgard jacques jerzy joachim joanna jolanda
    jorg josephine karla katja kirsten klara konrad kristina lothar ludmila magnus marcela
    margarethe marianna marilyn marta matteo maurizio melinda mirjam nadia nathaniel
    nikolaus nina norbert ottavio pauline petra pierre-andre radu raimund
    reinhold renata roberta rodolfo rolando rosemarie rudiger sabine saskia
    silvia stanislav susanne tamara theo thomasina torsten ulla ulrike valentina veronika
    vittorio volker waltraud wendell wilfrid winifred yolanda zygmunt
"""
GIVEN_NAMES = frozenset(_GIVEN_NAMES_TEXT.split())

# A clause subject that is the approach itself: "The approach …", "It …", "Its deepest root …".
APPROACH_SUBJECT_RE = re.compile(
    rf"^\s*(?:(?:it|its|this|these)\b|(?:the|this)\s+(?:[\w’'-]+\s+){{0,3}}?"
    rf"(?:{APPROACH_NOUNS}|protocol|version|manual|form|roots?|origins?)\b)",
    re.IGNORECASE,
)

# Capitalised words that are never a person's name, whatever surrounds them.
NON_NAME_WORDS = frozenset(
    {
        # titles before a name ("Dr. Patricia A. Resick")
        *("dr", "drs", "prof", "professor", "mr", "mrs", "ms", "miss", "sir", "dame", "rev"),
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        # prepositions that open a sentence before a name ("From McCann and Pearlman's …")
        "from",
        "with",
        "by",
        "for",
        "after",
        "before",
        "like",
        "unlike",
        "through",
        "following",
        "under",
        "among",
        "beyond",
        "besides",
        "against",
        "toward",
        "towards",
        "via",
        "per",
        "as",
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
        # countries, continents and two cities a possessive names ("Japan's two indigenous
        # psychotherapies"), never a person
        *[
            "japan",
            "china",
            "india",
            "germany",
            "france",
            "italy",
            "spain",
            "canada",
            "australia",
            "russia",
            "israel",
        ],
        *[
            "ireland",
            "scotland",
            "wales",
            "austria",
            "switzerland",
            "sweden",
            "norway",
            "denmark",
            "finland",
        ],
        *[
            "netherlands",
            "holland",
            "brazil",
            "mexico",
            "asia",
            "africa",
            "iran",
            "korea",
            "vienna",
            "tokyo",
        ],
    }
)

# --------------------------------------------------------------------------------------------
# Lineage (read by therapykg.loaders.lineage; docs/extraction.md, "Lineage").
#
# Predicates: each relation of the lineage vocabulary (therapykg.ttl, tkg:LineageRelation) and
# the closed list of phrasings that state it. A phrasing is words separated by spaces:
#   +lemma      a verb, in any inflection (`inflections`): +draw → draw, draws, drew, drawn, drawing
#   a|b         one of these words (a_b: the words a b)
#   (a|b)       one of these words, or none
#   ~           any one word, or none (an adjective: "has its deepest roots in")
#   ~~          one to seven words, no punctuation: what is taken ("took its dialectical stance
#               from"); a later object in the same form is one too ("… and its acceptance
#               strategies from Zen Buddhism"). Not none: "taking from Carl Rogers the
#               practice of …" puts the source first, and is left alone
#   be          a form of "be" ("is", "was", "has been" …)
#   SELF        a word for the approach as the object of the verb ("contrasted it with")
#   OBJ         where the object sits when it does not simply follow ("puts OBJ into practice")
#   POSS        (first) the subject owns the noun that follows: "Its roots lie in", "The
#               approach’s origins go back to", "The intellectual roots reach back to"
#   NOUN        (first) a predicate noun: the subject stands before a copula or "as" ("The
#               program can be read as the heir of …", "It is one variant of …", "It began
#               life as a modification of …")
#   FAMILY      (last) "is a humanistic psychotherapy": the object is a family of approaches,
#               named by the modifiers before an approach head (humanistic psychology)
# Adverbs ("draws heavily on", "was largely inspired by") may sit between any two words.
# A phrasing that opens with a past participle and no "be" ("rooted in", "inspired by") is a
# participle clause: "Grounded in radical behaviourism, FAP …", "Schema therapy, influenced
# by …,"; after "is a humanistic psychotherapy" it is said of the approach too.
# Each phrasing ends where its object begins. The subject is found by `lineage`, never here.
# --------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    """A closed set of words, written as text (a table reads better than a list literal)."""
    return frozenset(text.split())


# After a problem's first comma, words that open an aside or a second item rather than go on
# with adjectives of the same noun ("Intense, rapidly shifting emotions"; "Shame and a rigid,
# self-critical story" keep theirs).
PROBLEM_ASIDE_OPENERS = _words(
    """such including especially particularly notably in which who whose with without both
    either whether and or but the a an this that these those often usually typically sometimes
    common commonly like for from as e.g. i.e. even mostly above where when whereby"""
)


_REACTION = (
    "reaction|response|challenge|alternative|corrective|counterweight|counterpoint|rejoinder"
    "|answer|antidote|revolt|rebellion|protest|riposte|retort"
)
# A creator's disappointment with what came before, out of which the approach grew
_DISAPPOINTMENT = (
    "dissatisfaction|disillusionment|disillusion|discontent|frustration|disenchantment"
    "|disappointment|impatience|unease"
)
LINEAGE_PREDICATES: dict[str, tuple[str, ...]] = {
    "rooted-in": (
        "+grow out_of|from",
        "+emerge from|out_of|within",
        "+originate in|from|with|among|as",
        "+arise from|out_of|within",
        "+spring from|out_of",
        "+stem from",
        "+derive from",
        "+descend from",
        "+evolve from|out_of",
        "+develop from|out_of",
        "be rooted|grounded|anchored in",
        "be (~) based|founded on|upon",
        "rooted|grounded|anchored in",
        "+take root in",
        "+begin|start|originate inside|within",
        "+rest on|upon",
        "+have (~) (~) root|roots|origin|origins in",
        # "Its picture of a multiple mind has forebears in psychosynthesis"
        "+have (a|an|its|their) (~) (~) forebear|forebears|ancestor|ancestors|precursor|precursors"
        "|antecedent|antecedents|predecessor|predecessors|forerunner|forerunners in",
        "+begin|start as (a|an) (~) adaptation|application of",
        "+have (its|their) (~) home|homes in",
        "be (~) traced (back) to",
        "+trace SELF (back) to",  # "Historians trace the approach to Zen"
        "+trace (its|their) (~) (root|roots|origin|origins|lineage|ancestry) back to",
        "+reach|go|stretch|date back to",
        "+trace (its|their) (~) root|roots|origin|origins|lineage|ancestry to",
        "NOUN descendant|descendent|heir|outgrowth|successor of|to",
        "POSS root|roots|origin|origins +lie|be in|with|among",
        "POSS root|roots|origin|origins +reach|go|stretch|date back to",
        "POSS root|roots|origin|origins be",
        # "Its parentage is X", "Its laboratory starting point was X's work"
        "POSS (~) parentage|ancestry|pedigree|starting_point|point_of_departure|wellspring be",
        "POSS root|roots|origin|origins (can|may|might|could) be traced (back) to",
        "POSS (~) heritage|lineage|ancestry +run|go|reach|stretch|date back to",
        "POSS (~) parents|ancestors|forebears|forerunners|precursors|antecedents|foundations be",
        "POSS (~) basis|base|foundation|justification|rationale|underpinning|underpinnings"
        "|grounding|footing|bedrock|cornerstone be",
        "POSS (~) parents|ancestors|forebears|forerunners|precursors|antecedents +include",
        "+base|found|ground|root|rest SELF on|upon|in",
        # "Its authors place it in the tradition of X"
        "+place|situate|locate|put SELF in|within (the) tradition|lineage|line|family of",
        "+build SELF on|upon",  # "built the method on X": based on it ("built on X" extends)
        "+take OBJ as (its|their|a|the) (~) starting_point|point_of_departure|foundation|basis"
        "|base|grounding",
        "+come out_of|from",
        "+share OBJ as (a|an|its|their|the) (~) (~) base|basis|foundation|grounding|root|roots",
        "+develop|create|build|fashion|forge|derive|assemble|compose|construct SELF from|out_of",
        "+begin|start|emerge as (a|an) (~) revision|modification|branch|outgrowth of",
        "+cite|name|acknowledge|list|count|credit OBJ as (a|an|one_of|his|her|their|its|the"
        "|one_of_his|one_of_her|one_of_their|one_of_its|one_of_the) (~)"
        " (~) precursor|precursors|forerunner|forerunners|ancestor|ancestors",
        "+distil|distill SELF from",  # "distilled MBSR from Zen practice": its whole source
        "+count|number|list|name|reckon OBJ among (its|their|his|her|the) (~) precursors"
        "|forerunners|ancestors|antecedents|forebears",
        # Joining verbs (active): what the approach is made of, its roots (sets e–o and the dev
        # gold; a passive, "is often combined with ACT", is use together, read as related-to)
        "+bring together",
        "+combine|blend|fuse|merge|marry",
        "+synthesise|synthesize",
        "+develop|create|build|devise|found|design SELF by combining|blending|merging"
        "|fusing|synthesising|synthesizing|marrying",
        "NOUN synthesis|blend|fusion|combination|amalgam|amalgamation of",
        # "… is a legacy of B. F. Skinner", "… an inheritance from psychoanalysis"
        "be (a|an|the) (~) (~) legacy|inheritance of|from",
        # "was born inside behavioural medicine", "born of the encounter groups"
        "be born in|inside|within|out_of|of|from",
        # "was extracted from Beck's cognitive therapy", "was spun off from …"
        "be (~) extracted|spun_off|carved_out from",
        # "remains a development within the person-centred tradition"
        "NOUN development|outgrowth|offshoot within|inside",
    ),
    "influenced-by": (
        # "integrates X with Y" stays here: the article gold (test, test3) reads it so, though
        # the sentence sets from f on read it rooted-in
        "+integrate",
        "+develop|create|build|devise|found|design SELF by integrating",
        "NOUN integration of",
        "+draw on|upon|from",
        "+borrow from",
        "+take|borrow|adopt|import|inherit|draw|derive ~~ from",
        "+take|adopt|import|inherit from",
        "+owe (~) (~) (~) (~) (~) to",
        "+owe ~~ to",  # "owes its picture of the person as a scientist to X"
        "+lean on|upon",
        "+learn from",
        "+weave in|together",
        "+rely on|upon",
        "+model SELF on|after",
        "be (~) (~) modelled|modeled|patterned on|after",
        "be (~) +develop|conceive|formulate|write|form|build under the influence of",
        "+credit OBJ with|for",
        "+cite|name|acknowledge|list|count|credit OBJ as (a|an|one_of|his|her|their|its|the"
        "|one_of_his|one_of_her|one_of_their|one_of_its|one_of_the) (~)"
        " (~) influence|influences|inspiration|inspirations|source|sources",
        "+count|number|list|name|reckon OBJ among (its|their|his|her|the) (~) influences"
        "|inspirations|sources",
        "+grow|develop|evolve (up) in dialogue|conversation with",
        "be (~) indebted to",
        "be inspired|influenced|shaped|informed by",
        # "was borrowed from A and joined to B's theory": combined with it
        "be (~) joined|wedded|yoked to",
        "joined|wedded|yoked to",
        # "The treatment's rationale was then recast by emotional processing theory"
        "be (~) recast|reframed|reformulated|reinterpreted|refashioned by",
        "inspired|influenced|shaped|informed by",
        "+take shape in dialogue|conversation with",
        "+acknowledge|reflect|show|bear the (~) influence|imprint|stamp|mark|marks|traces of",
        "+acknowledge (a|his|her|their|its) (~) debt|debts to",
        "POSS (~) debt|debts|indebtedness to",  # "Fosha's debt to Kohut shows in …"
        "+reflect",
        "+incorporate",
        "+absorb",
        # "keeps the psychodynamic habit of …", "retains psychoanalysis's interest in …"
        "+keep|retain|preserve",
        "+take in",
        "+fold in",
        # "folded attachment theory into the method", "built both lineages into the curriculum"
        "+fold|build|weave|write|import OBJ into (the|its|his|her|their) method|model|approach"
        "|curriculum|therapy|treatment|protocol|program|programme|practice",
        "+distil|distill from",
        "+reframe|recast|rebuild|reorganise|reorganize SELF around|through|in_terms_of",
        # "recast it in the language of attachment theory"
        "+reframe|recast|rewrite|restate|translate|couch SELF in|into the language|vocabulary"
        "|terms|idiom of",
        "+take on|over",  # "took on the empathic style of motivational interviewing"
        "+build|organise|organize|centre|center SELF around",  # "built it around mentalization"
        "+frame|reframe|recast ~~ in_terms_of|through_the_lens_of",
        "+develop|create|build|devise|design|found|conceive SELF after studying|reading|observing"
        "|watching|visiting",
        "+find (his|her|their|its) (~) idea|ideas|premise|inspiration|basis|foundation|model"
        "|concept|insight|insights|starting_point in",
        # "… was a nod to the exposure tradition", "… a direct borrowing from Kelly", "… has
        # older precedents in psychosynthesis"
        "be (a|an) (~) (~) nod|homage|tribute to",
        "be (a|an) (~) (~) borrowing|loan|import from",
        "+have (~) (~) precedent|precedents in",
    ),
    "reaction-against": (
        f"be (a|an) (~) {_REACTION} to|against",
        f"be OWNER (~) {_REACTION} to|against",  # "was Ellis's answer to …"
        # "grew out of Miller's dissatisfaction with …", "emerged from disillusionment with …"
        f"+grow|emerge|arise|spring|stem|develop|come|evolve out_of|from OWNER (~)"
        f" {_DISAPPOINTMENT} with",
        f"+arise|emerge|develop|grow|originate|begin in (~) {_REACTION}|opposition to|against",
        f"be (~) +form|shape|forge in (~) {_REACTION}|opposition to|against",
        f"be (~) +form|shape|forge as (a|an) (~) (~) {_REACTION} to|against",
        "be (a|an) (~) rejection|repudiation of",
        "+begin|start|emerge as (a|an) (~) rejection|repudiation of",
        "+develop|create|design|conceive|found|devise|present|cast|frame|pitch|begin|start SELF"
        " as (a|an) (~) rejection|repudiation of",
        f"+begin|arise|emerge|start|develop as (a|an) (~) {_REACTION}|critique to|against|of",
        f"be +conceive|design|create|propose|intend|mean|launch|develop|found as (a|an) (~) (~)"
        f" {_REACTION} to|against",
        "be (a|an) (~) (~) break with|from",
        "be (a|an) (~) (~) departure|dissent|secession from",
        "+split from|with",
        "+part ways|company with",
        "+set SELF against",
        f"+develop|create|build|design|found|devise|launch|conceive|formulate|start SELF in (~)"
        f" {_REACTION}|opposition"
        " to|against",
        f"+arise|emerge|develop|grow partly|largely in {_REACTION}|opposition to|against",
        f"+arise|emerge|develop|grow in_part (as) (a|an) (~) {_REACTION}|opposition to|against",
        "+react against|to",
        "+rebel against",
        "+break with|from|away",
        "+stand opposed to",
        "+stand|set_itself against",
        f"+present|cast|frame|pitch|offer|describe SELF as (a|an) (~) (~) {_REACTION}|break"
        " to|against|with|from",
        "+begin|start as (a|an) (~) dissent|departure|break|secession from",
        # "was conceived as a departure from the classical ego-psychological picture"
        "be (~) +conceive|design|create|intend|mean|develop|launch|found|present|cast|frame as"
        " (a|an) (~) (~) departure|dissent|break|secession from|with",
        "be born as (a|an) (~) dissent|departure|break|secession|reaction from|with|against|to",
        "+develop|create|build|found|devise|launch|begin SELF after breaking|parting with|from",
        "+turn|move|step|shift|drift away from",
        "be (a|an) (~) (~) turn_away|move_away|shift_away from",
        "+depart from",
        f"be (~) +conceive|develop|frame|formulate|design|create (~) in {_REACTION}|opposition to"
        "|against",
        "be (~) +frame|define|formulate|position|pitch against",
        "as|in (a|an) (~) break with|from",
        "+begin|start|emerge|originate as (a|an) (~) break|departure with|from",
        "+present|cast|frame|describe|position|pitch|see SELF as (a|an) (~) break|departure"
        " with|from",
        "+present|cast|frame|describe|position|pitch|see SELF as (a|an) (~) turn_away|move_away"
        "|step_away|shift_away from",  # "cast the approach as a deliberate turn away from"
        "+reject",
        "+oppose",
        "+contrast SELF with|to|against",
        "+set|mark SELF apart|off from",
        "+distinguish|differentiate SELF from",
        "+define|position|present SELF against|in_opposition_to|as_an_alternative_to",
        "+develop|create|design|conceive|propose|found|devise|cast|present|frame|pitch SELF as"
        f" (a|an) (~) {_REACTION} to|against",
    ),
    "adaptation-of": (
        "+adapt",
        "+adapt|derive SELF from",
        "NOUN adaptation|modification|reworking|application of",
        "+modify",
        "+rework",
        "+tailor",
        # "applies X to Y": X carried to a new domain, as sets i to o and the test8 gold read it
        # (sets a, d, e: operationalises)
        "+apply",
    ),
    "extends": (
        "+extend",
        "+broaden",
        "+build on|upon",
        "+expand (on|upon)",
        "+elaborate (on|upon)",
        "+refine",
        "NOUN extension|elaboration|expansion|refinement|revival|development of",
        "+revive",
        "+add ~~ to",
    ),
    "operationalises": (
        "+operationalise|operationalize",
        "+formalise|formalize",
        "+put OBJ into practice|action|operation",
        "+put OBJ to work|use",
        "+put to work|use",  # "puts to work Bowlby's attachment theory"
        "NOUN practice|applied|clinical|practical|therapeutic arm|wing of",
        "+put into practice|action|operation",
        "+translate|turn",
        "NOUN operationalisation|operationalization|implementation|systematisation|systematization"
        "|formalisation|formalization|codification of",
        "+systematise|systematize|codify",
        "manualises|manualizes",  # finite only: "a manualised form of X" is a variant
        "NOUN attempt|effort|bid|way|means to operationalise|operationalize|apply|implement",
    ),
    "variant-of": (
        # an offshoot, a variant or a variation, said or begun as one (sets c, m, o, p and the
        # dev gold; "began as an offshoot" was rooted-in before)
        "NOUN offshoot|offshoots of",
        "NOUN example|exemplar|specimen|instance|case of",  # "the best-known example of X"
        "NOUN variation|variations|riff|riffs on",
        "+begin|start|emerge as (a|an) (~) variant|version|form|offshoot|variation of|on",
        "NOUN variant|variants|form|branch|type|kind|member|version|strand|subtype|instance|part"
        " of",
        "be a|an FAMILY",
        "+remain a|an FAMILY",  # "MBT remains a psychodynamic therapy"
        "be (~) considered|regarded|seen|viewed|classified|classed|described|counted (as) a|an"
        " FAMILY",
        "+belong to",
        "+count|rank|belong among (the) FAMILY",  # "counts among the constructivist therapies"
        # a former name: "was called rational therapy when …" (past only: "is also called X"
        # is an alias, the same node)
        "was|were (~) called|named|termed|dubbed|christened|known_as",
        "+sit|stand|fall|lie|fit|belong|work within|in|inside",
        "be part of",
        "be (~) (~) placed|situated|located|counted|classed|classified within|in|among",
        "be (~) counted|regarded|seen|considered|described|classed as the first|earliest|oldest of",
        "+place|situate|locate SELF within|among",  # "Hayes placed ACT within the third wave"
    ),
    "related-to": (
        "be (~) connected|related|linked|allied|akin|close|kin|similar to|with",
        "+sit|stand|lie (~) close_to|near",
        "+put|place|bring SELF in|into conversation|dialogue with",
        "+overlap with",
        "be (~) (~) compared|likened with|to",  # not a trial's comparison: `_TRIAL_COMPARISON`
        "+parallel",
        "+liken|compare SELF to|with",  # "Critics liken it to thought field therapy"
        "+resemble",
        "+bear|show (a|an|some|a_strong|a_close) (~) resemblance|likeness to",
        "+complement",
        "+anticipate",
        "+echo",
        "+share (~) with",
        "be (~) grouped|bracketed|paired|lumped|allied (together) with",
        "be (~) grouped|bracketed|paired|lumped|taught in ~ with",  # "paired in training with"
        "+group|bracket|pair|lump SELF with",  # "Textbooks often group it with X"
        "be (~) mentioned|named|discussed alongside|beside",  # not a trial's: `_TRIAL_COMPARISON`
        "be (~) mentioned|named|discussed in the same breath as",
        "NOUN relative|cousin|sibling|counterpart|kin of|to",
        "POSS (~) (~) relative|relatives|cousin|cousins|sibling|siblings|counterpart|kin be",
        "+have (~) (~) (~) in_common with",
        "be (~) (~) placed|set|put|shelved|filed|listed beside|alongside|next_to",
        "+feed into",
        "be (~) foundational|formative for|to",
        "+share (~) roots|ground|ancestry with",
        "+share (its|their) roots|origins|ancestry in ~~ with",
    ),
}

# Verbs whose object may be two things joined by "with" ("combines Zen practice with behaviour
# therapy"): each is an object.
LINEAGE_WITH_JOINS = _words("combine blend fuse merge marry integrate")

# Irregular verbs among the lemmas above: past tense, past participle.
IRREGULAR_VERBS: dict[str, tuple[str, str]] = {
    "grow": ("grew", "grown"),
    "draw": ("drew", "drawn"),
    "take": ("took", "taken"),
    "break": ("broke", "broken"),
    "arise": ("arose", "arisen"),
    "spring": ("sprang", "sprung"),
    "build": ("built", "built"),
    "go": ("went", "gone"),
    "put": ("put", "put"),
    "sit": ("sat", "sat"),
    "stand": ("stood", "stood"),
    "fall": ("fell", "fallen"),
    "lie": ("lay", "lain"),
    "feed": ("fed", "fed"),
    "begin": ("began", "begun"),
    "bear": ("bore", "borne"),
    "show": ("showed", "shown"),
    "have": ("had", "had"),
    "mean": ("meant", "meant"),
    "come": ("came", "come"),
    "weave": ("wove", "woven"),
    "bring": ("brought", "brought"),
    "cast": ("cast", "cast"),
    "run": ("ran", "run"),
    "set": ("set", "set"),
    "split": ("split", "split"),
    "find": ("found", "found"),
}

# Words that may stand between a subject and its lineage verb without changing who the subject
# is: auxiliaries, modals and time or manner adverbs (adverbs in -ly are always allowed).
LINEAGE_LIGHT_WORDS = _words(
    """is are was were be been being has have had can could may might must should would will
    shall does did do also still later first originally then itself themselves thus therefore
    in part partly much very so even now today already always often once largely explicitly
    both turn"""
)

# Words in a clause, before the object, that block a lineage link: the text contrasts the
# approach with the object, or denies the link.
LINEAGE_CONTRAST_RE = re.compile(
    r"\b(?:not|never|no\s+longer|nor|unlike|rather\s+than|instead\s+of|in\s+contrast\s+(?:to|with)"
    r"|as\s+opposed\s+to|contrary\s+to|independently\s+of|independent\s+of|apart\s+from|without"
    r"|distinct\s+from|separate\s+from)\b|n[’']t\b",
    re.IGNORECASE,
)

# Nouns that name the approach as a subject: "The approach …", "This model …".
SELF_NOUNS = _words(
    """approach model therapy psychotherapy method framework treatment program programme theory
    intervention school tradition movement technique practice course protocol"""
)
# Adjectives allowed between "the" and such a noun while it still names the approach ("the
# original model"); any other adjective names another one ("the medical model").
# The approach's own working parts, named with "the" and plain words ("the experiential
# techniques", "the chair dialogues", "the rhythm component"): what a sentence says of them it
# says of the approach. A singular model, theory or therapy with an adjective is another one
# ("the medical model"), so only parts are here.
LINEAGE_OWN_PARTS = _words(
    """techniques methods interventions exercises dialogues procedures strategies skills
    component components module modules ritual rituals content curriculum"""
)
SELF_NOUN_ADJECTIVES = _words(
    "present current original whole entire same resulting early later modern standard"
)

# Head nouns of a lineage object that name an approach: "dialectical behaviour therapy",
# "Zen practice", "Stoic philosophy", "operant conditioning", "social learning".
LINEAGE_APPROACH_HEADS = _words(
    """therapy therapies psychotherapy psychotherapies analysis psychoanalysis model models
    tradition traditions theory theories movement movements philosophy philosophies practice
    practices psychology psychologies learning conditioning counseling counselling interviewing
    approach approaches treatment treatments framework frameworks program programme school method
    methods desensitization desensitisation
    schools literature lineage family wave therapeutics meditation field psychiatry neuroscience
    neurosciences science sciences medicine psychopathology thinking thought yoga semantics
    hypothesis hypotheses cybernetics dialectics relations training grammar linguistics cure
    cures intervention interventions"""
)
# Heads that name a family of approaches by its modifier: "the humanistic tradition", "a
# humanistic psychotherapy" (after "is a"), "the common-factors literature" all name
# framework/humanistic-psychology (`approach_names`) or framework/common-factors, so articles
# meet on one node.
LINEAGE_FAMILY_HEADS = _words(
    "tradition traditions movement movements literature lineage family school schools wave camp"
    " field"
)
# Part nouns that name what follows "of"/"from": "elements of cognitive therapy", "techniques
# from hypnotherapy", "ideas from Stoic philosophy" (but "the idea that …" names nothing).
LINEAGE_PART_HEADS = _words(
    "element elements aspect aspects part parts strand strands feature features technique"
    " techniques method methods tool tools principle principles insight insights idea ideas"
    " concept concepts foundation foundations groundwork practices procedures interventions"
    " vocabulary work writings research stance focus emphasis language premises"
    " tenets teachings"
)
# Models known by their name alone, so that a topic after them ("the medical model of
# depression") is no part of the name.
LINEAGE_TOPICLESS_MODELS = frozenset(
    [
        "medical model",
        "biomedical model",
        "disease model",
        "deficit model",
        "recovery model",
        "stress-vulnerability model",
        "diathesis-stress model",
        "biopsychosocial model",
    ]
)
# Heads that make an object a theory (typed tkg:Theory, still under framework/).
LINEAGE_THEORY_HEADS = _words("theory theories model models hypothesis")
# A lone word that names an approach by its ending: "behaviorism", "psychoanalysis",
# "hypnotherapy", "phenomenology" (also after a person's possessive: "Erickson’s hypnotherapy").
LINEAGE_NAME_SUFFIXES = (
    "ism", "analysis", "therapy", "ology", "drama", "metry", "synthesis", "sophy", "ics"
)  # fmt: skip
# A head that packages an approach without naming another one: "the MBSR programme" is MBSR.
LINEAGE_PACKAGING_HEADS = _words(
    "framework programme program programmes programs course package protocol"
)
# Two spellings of one approach's name (as slugs) that folding alone does not meet.
LINEAGE_SAME_APPROACH: dict[str, str] = {
    "behavioral-therapy": "behavior-therapy",
    "cognitive-behavior-therapy": "cognitive-behavioral-therapy",
    "cognitive-behavioral": "cognitive-behavioral-therapy",  # "the cognitive-behavioural family"
    "cognitive-behavioral-psychotherapy": "cognitive-behavioral-therapy",
    "cognitive-behavioral-treatment": "cognitive-behavioral-therapy",
    "client-centered-counseling": "client-centered-therapy",
    "client-centered-psychotherapy": "client-centered-therapy",
    "person-centered-counseling": "person-centered-therapy",
    "person-centered-psychotherapy": "person-centered-therapy",
    "object-relations": "object-relations-theory",  # the school is named for its theory
    "existential-philosophy": "existentialism",
    # a therapy usually named without its head: one node for both names
    "prolonged-exposure-therapy": "prolonged-exposure",
    "naikan": "naikan-therapy",
}
# Traditions whose one-word names have no such ending: "borrowed acceptance practices from Zen".
LINEAGE_TRADITIONS = _words(
    "zen tao vedanta kabbalah yoga tantra dzogchen vipassana ayurveda mahayana theravada"
    # one-word names of approaches and practices with no approach head or suffix
    " psychodrama focusing sociometry hypnosis sandplay biofeedback flooding neurofeedback naikan"
    " rolfing shiatsu qigong reiki"
)
# Established names of approaches and methods that have no approach head or name suffix, so
# that an object is one of them only by its whole name ("indebted to prolonged exposure", "a
# cousin of internal family systems"). Matched whole, after the determiner, singular or plural.
LINEAGE_HEADLESS_NAMES = frozenset(
    [
        "prolonged exposure",
        "token economy",
        "somatic experiencing",
        "voice dialogue",
        "internal family systems",
        "expressive writing",
        "habit reversal",
        "contingency management",
        "applied relaxation",
        "progressive relaxation",
        "progressive muscle relaxation",
        "sensate focus",
        "thought stopping",
        "open dialogue",
        "family constellations",
        "guided imagery",
        "active imagination",
        "authentic movement",
        "behavioral activation",
        "behavioural activation",
        "reciprocal inhibition",
        "stimulus control",
        "sleep restriction",
        "emotional freedom techniques",
        "moral treatment",
        "reality orientation",
        "assertiveness training",
        "social skills training",
        "motivational enhancement",
        "stress inoculation",
        "self-instructional training",
        "transcendental meditation",
        "loving-kindness meditation",
        "mindful self-compassion",
    ]
)
# Words with such an ending that name no school of thought ("rooted in optimism about …",
# "draws on the terminology of …", "the mechanism of change").
LINEAGE_NOT_NAMES = _words(
    """basics topics tactics characteristics statistics politics mechanics dynamics clinics
    logistics metrics specifics graphics optics mathematics
    optimism pessimism mechanism mechanisms criticism criticisms organism organisms skepticism
    scepticism enthusiasm alcoholism autism mutism racism sexism ageism heterosexism ableism
    tourism journalism terrorism activism paternalism favouritism favoritism
    methodology methodologies terminology terminologies technology technologies pathology
    psychopathology typology typologies etiology aetiology nosology chronology epidemiology
    ideology ideologies apology philosophy philosophies"""
)
# Modifiers that do not make a head an approach's name ("clinical practice", "a brief therapy",
# "a theoretical model"): when every modifier is one of these (or ends in -ly), the object
# names nothing.
# Modifiers that say how a therapy is delivered, not which school it is of: "an intensive
# outpatient treatment" names no kind of therapy the approach is one of
LINEAGE_DELIVERY_MODIFIERS = _words(
    """individual outpatient inpatient intensive weekly combined open-ended multicomponent
    home-based office-based online face-to-face one-to-one manual-based effective efficacious
    promising successful validated well-established established useful helpful good
    distinctive unique novel innovative original proper genuine true real full short long
    simple pragmatic"""
)
LINEAGE_GENERIC_MODIFIERS = _words(
    """clinical theoretical brief structured complete discrete manualized manualised
    time-limited short-term long-term comprehensive psychological therapeutic broad
    broader wider current standard usual existing other earlier older later many several
    various conventional traditional counseling counselling group talking talk
    modern contemporary early classic whole entire same own new different specific
    particular single formal informal practical applied empirical scientific research
    evidence-based used popular distinct separate larger everyday routine daily first second
    third fourth fifth modified adapted revised any every each all some long lengthy slow
    component dismantling secondary"""
)
# A tradition named by its adjective before a head that names no school of its own ("Buddhist
# practices", "psychoanalytic ideas", "Stoic thought"): the tradition is the object.
LINEAGE_ADJECTIVE_TRADITIONS: dict[str, str] = {
    "psychoanalytic": "psychoanalysis",
    "freudian": "psychoanalysis",
    "buddhist": "Buddhism",
    "stoic": "Stoicism",
    "taoist": "Taoism",
    "daoist": "Taoism",
    "behaviorist": "behaviorism",
    "behaviourist": "behaviorism",
    "existentialist": "existentialism",
    "phenomenological": "phenomenology",
    "psychodynamic": "psychodynamic therapy",
    "gestalt": "gestalt therapy",
    "ego-psychological": "ego psychology",
    "client-centered": "client-centered therapy",
    "client-centred": "client-centered therapy",
    "person-centered": "person-centered therapy",
    "person-centred": "person-centered therapy",
}
LINEAGE_ADJECTIVE_HEADS = _words(
    """idea ideas concept concepts principle principles practice practices technique techniques
    insight insights thought thinking teaching teachings notion notions conditions habit habits
    attitude attitudes training search emphasis focus stance interest view views account
    accounts reliance preoccupation philosophers thinkers writers teachers sages monks masters
    orthodoxy orthodoxies doctrine doctrines dogma method methods mindfulness picture pictures
    handling habit habits tenets premise premises assumptions chairwork tasks exercises
    experiments dialogues relationship establishment"""
)
# Fixed names that begin with one of the words below, kept whole ("classical conditioning")
LINEAGE_FIXED_COMPOUNDS = frozenset(["classical conditioning"])
# Words dropped from the front of an object: determiners and evaluative adjectives.
LINEAGE_OBJECT_STOPWORDS = _words(
    """the a an that this these those its their his her both broader broad wider wide larger
    modern classic classical early earlier later whole entire same older original much
    of so-called standard conventional mainstream own contemporary present-day british french
    german american european viennese finnish japanese italian swiss dutch scottish english
    canadian australian austrian russian chinese indian swedish norwegian danish spanish israeli
    hungarian polish irish argentine brazilian"""
)
# Heads too vague to name an influence ("the idea that …", "earlier work").
LINEAGE_VAGUE_HEADS = _words(
    """idea ideas work works research finding findings emphasis argument arguments observation
    observations view views claim claims notion account insight insights relationship
    relationships results principle principles conviction evidence data study studies paper
    papers book books chapter chapters concept concepts term terms people clients others core
    component components way ways thing things aspects aspect features feature writings"""
)
# Heads of a person's possessed phrase that name no method of theirs (`lineage._named_method`):
# a life, a circle, a use; an element the task force graded; a field ("Ginott's humanistic
# parenting" is Ginott's)
LINEAGE_NOT_METHOD_HEADS = _words(
    """experience experiences life career lectures lecture seminars seminar teaching teachings
    training patients clients clinic institute students followers colleagues circle group
    analysis practice practices writing legacy influence approach death illness youth thought
    thinking reading view use uses experiment experiments trial trials observation work
    empathy regard consensus collaboration feedback cohesion congruence genuineness parenting
    care medicine nursing analyst analysts"""
)
# Words at which an object's noun phrase ends: prepositions, relatives, participles of
# attribution ("progressive education, the movement associated with John Dewey").
LINEAGE_NP_END = _words(
    """of in on for with to into from by as at through that which who whom whose where when
    while because since than associated developed created founded known called used based
    described proposed introduced pioneered whereby about across over under via beyond led
    directed headed conducted during within around toward towards against among between
    alongside after before upon
    rather instead rooted grounded anchored inspired influenced shaped informed designed
    intended delivered aimed another he she they we it his her inside outside throughout beside
    like unlike amid then offered practised practiced taught altogether entirely"""
)

# Well-known acronyms of approaches, so that "builds on CBT" meets the article titled Cognitive
# Behavioral Therapy. An article's own "Full Name (ACR)" adds to these for that article.
APPROACH_ACRONYMS: dict[str, str] = {
    "CBT": "cognitive behavioral therapy",
    "DBT": "dialectical behavior therapy",
    "ACT": "acceptance and commitment therapy",
    "IPT": "interpersonal psychotherapy",
    "MBCT": "mindfulness-based cognitive therapy",
    "MBSR": "mindfulness-based stress reduction",
    "EMDR": "eye movement desensitization and reprocessing",
    "REBT": "rational emotive behavior therapy",
    "MI": "motivational interviewing",
    "SFBT": "solution-focused brief therapy",
    "MBT": "mentalization-based treatment",
    "CFT": "compassion-focused therapy",
    "CAT": "cognitive analytic therapy",
    "TFP": "transference-focused psychotherapy",
    "PCT": "person-centered therapy",
    "FIT": "feedback-informed treatment",
    "ROM": "routine outcome monitoring",
    "ERP": "exposure and response prevention",
    "CPT": "cognitive processing therapy",
    "ISTDP": "intensive short-term dynamic psychotherapy",
    "AEDP": "accelerated experiential dynamic psychotherapy",
    "CBASP": "cognitive behavioral analysis system of psychotherapy",
    "IPSRT": "interpersonal and social rhythm therapy",
    "MST": "multisystemic therapy",
    "IBCT": "integrative behavioral couple therapy",
}

# British spellings folded to one slug: "person-centred" and "person-centered" meet.
SPELLING_VARIANTS: dict[str, str] = {
    "centred": "centered",
    "behaviour": "behavior",
    "behavioural": "behavioral",
    "behaviourism": "behaviorism",
    "counselling": "counseling",
    "programme": "program",
    "focussed": "focused",
    "organisational": "organizational",
    "mentalisation": "mentalization",
    "desensitisation": "desensitization",
}


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
