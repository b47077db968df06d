"""Gradings the constructions of `grading` miss: an item and a grade in one clause unit.

`grading.graded_items` binds a grade to items through named constructions ("X was rated P",
"X (P)", "rated P were X"). Writers find many more ("X, a construct drawn from …, was judged P",
"Adapting to coping style … was upgraded to P", "X retained its P rating", "P, according to the
2011 summary, was X"). This module is the second pass, for the items the first left unbound:

1. The sentence is cut into clause units at closed-list boundaries: `;`, a full stop, and the
   coordinators and subordinators that open a clause of their own ("but", "whereas", "while",
   "although", "because", "since", "so that" …). An item and a grade bind only inside one unit.
2. In a unit, each item takes the first grade after it, or, when the unit opens with its grade
   ("Demonstrably effective, according to …, was X"), the last grade before it. An item after
   the unit's last grade binds to it only when a continuation word joins them ("…, as was X",
   "…, alongside X", "so was X" in the next unit).
3. The words between item and grade must say that a grading is meant: a grading verb or rating
   noun ("rated", "upgraded", "retained", "tier", "rating"), the task force or an edition, or the
   punctuation of a table, heading or aside ("X | P", "X: P", "X (P)", "X — P"). A grade written
   next to a noun it describes ("a promising training approach") is no grade (the first pass
   already drops those), and nothing binds across a negation, a condition or a comparison
   ("fell short of", "at least", "whether", "than"); a unit with a modal, a proposal or a judge
   other than the task force ("clinicians value", "by its proponents") binds nothing.
4. Said of the item wherever it stands: a relative clause or appositive right after it ("leans
   on X, which the task force judged P", "X and Y, elements the task force rated P"). Also read:
   "its P rating for X", "three P elements: X, Y and Z", "items rated P … are X", "the task
   force's finding that X is P", "support X as P"; listed items share a grade both ways; a grade
   followed only by dates and grading words by another grade gives the item both ("X: P in 2011,
   Q in 2019"); a unit that opens with "was rated" takes the items of the unit before.

docs/extraction.md ("A second pass, by clause units") lists the rules with their examples.

The text it reads has the first pass's masks applied (contrasts, conditions and reported opinions
are blanked), so what the first pass refuses to assert this pass cannot assert either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar


class Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


# Clause boundaries: punctuation, and the closed lists of words that open a new clause.
_UNIT_BREAK = re.compile(
    # "yet" opens a clause after a comma or dash ("may yet rate" is a modal's adverb)
    r";|\.\s|\?|!|\s*[,—–]\s+yet\b|\s*[,—–]?\s+\b(?:but|whereas|while|although|though|because|since"
    r"|so\s+that|even\s+though|even\s+if|unless|until|after\s+which|before\s+which"
    r"|and\s+(?:that|this|these|those|it|they|its|their|the\s+(?:authors?|panel|task\s+force|review"
    r"|report|volume|edition)|a\s+future|future|clinicians?|therapists?|researchers?|critics?))\b",
    re.IGNORECASE,
)
# The words that say a grading is meant, between an item and its grade.
_SIGNAL = re.compile(
    r"\b(?:rated|re-?rated|rating|ratings|judged|judgement|judgment|deemed|classed|classified"
    r"|categori[sz]ed|category|categories|graded|grade|grades|designated|designation|labell?ed"
    r"|label|considered|regarded|found|listed|placed|ranked|ranking|counted|assessed|evaluated"
    r"|upgraded|downgraded|promoted|demoted|moved|raised|lowered|elevated|remained|remains"
    r"|stayed|stays|fell\s+into|falls\s+into|sits\s+in|sat\s+in|met|meets|satisfied|satisfies"
    r"|cleared|standard|bar|criteria|criterion"
    r"|retained|retains|kept|keeps|earned|earns|received|receives|achieved|attained|obtained"
    r"|gained|secured|awarded|assigned|given|granted|merited|warranted|reached|qualified"
    r"|joined|tier|tiers|level|band|bin|column|status|verdict|threshold|classification"
    r"|task[\s-]force|panel|interdivisional|edition|volume|report|review|conclusions?|summary"
    r"|Norcross|Lambert|Wampold|(?:19|20)\d\d)\b|[(:|—–]",
    re.IGNORECASE,
)
# A rating noun right after the grade: "its demonstrably effective rating".
_RATING_AFTER = re.compile(
    r"\s*[\"”’']?\s*(?:rating|grade|designation|classification|label|verdict|status|standing|tier"
    r"|category|level)s?\b",
    re.IGNORECASE,
)
# Words that keep an item from its grade: a negation, a floor or ceiling, a comparison, a grade
# adverb left without its "effective" ("rated demonstrably, probably and probably effective").
_BLOCK = re.compile(
    r"\b(?:not|never|no|nor|neither|without|fell\s+short|falls\s+short|short\s+of|fail(?:s|ed)?"
    r"|at\s+least|at\s+most|than|instead|rather|compared|(?<!by\s)(?<!in\s)comparison|versus|vs"
    r"|whether|if)\b"  # "by comparison" is a sentence adverb, no comparison of two items
    r"|\b(?:demonstrably|probably)\s*,|n[’']t\b",
    re.IGNORECASE,
)
# Words anywhere in the unit that make it no assertion of a task force's grade: a modal, a
# proposal, the future, or a judge who is not the task force ("clinicians value …", "from clients
# who found …", "by its proponents").
_JUDGES = (
    r"(?:clinicians?|clients?|patients?|critics?|proponents?|supporters?|supervisors?|trainees?"
    r"|practitioners?|therapists?|students?|vendors?|advocates?|skeptics?|sceptics?|users?"
    r"|reviewers?|authors?|researchers?|others|many|some|meta-?analys[ie]s|trials?|stud(?:y|ies)"
    r"|RCTs?)"
)
_UNIT_BLOCK = re.compile(
    r"\b(?:may|might|could|would|should|will|propos(?:e|es|ed|al|als)|future|expected"
    r"|hope[sd]?\s+(?:that|to))\b"
    rf"|\b(?:by|from)\s+(?:[\w’'-]+\s+){{0,2}}?{_JUDGES}\b"
    rf"|\b{_JUDGES}[’']s?\s+(?:own\s+)?(?:ratings?|grades?|verdicts?|judge?ments?|views?"
    r"|assessments?|labels?)\b"
    rf"|\b{_JUDGES}\s+(?:who\s+|often\s+|also\s+|generally\s+)?(?:found|finds?|consider(?:s|ed)?"
    r"|deem(?:s|ed)?|rate[sd]?|judge[sd]?|call(?:s|ed)?|describe[sd]?|regard(?:s|ed)?|value[sd]?"
    r"|report(?:s|ed)?|say|says|said|believe[sd]?|argue[sd]?|praise[sd]?|see|saw|view(?:s|ed)?"
    r"|label(?:l?ed|s)?|think|thought)\b"
    # "Critics gave X a P grade", "Many clinicians put X in the top tier" (not "the third
    # edition's authors gave …", who are the task force's)
    r"|\b(?:critics?|clinicians?|therapists?|practitioners?|proponents?|supporters?|advocates?"
    r"|clients?|patients?|trainees?|students?|supervisors?|skeptics?|sceptics?|many|some|others)"
    r"\s+(?:gave|give[sn]?|award(?:s|ed)?|assign(?:s|ed)?|put|puts|place[sd]?|rank(?:s|ed)?)\b",
    re.IGNORECASE,
)
# An agent that is not the task force: "by its proponents", "by a 2010 review", "(in one trial)".
_OTHER_AGENT = re.compile(
    r"\bby\s+(?!(?:the\s+|its\s+)?(?:[\w’'-]+\s+){0,3}?(?:task[\s-]force|panel|interdivisional"
    r"|edition|report|volume|conclusions)\b|(?:the\s+)?(?:2002|2011|2019)\b|Norcross|Lambert"
    r"|Wampold)|\((?:in|from|per|according\s+to)\s+(?:[\w’'-]+\s+){0,3}?(?:stud(?:y|ies)|trials?"
    r"|meta-?analys[ie]s|RCTs?)\b",
    re.IGNORECASE,
)
# The word before an item that opens with a preposition, when the item is the object of a noun
# ("the emphasis on empathy", "research on the alliance"): only these heads still name the item.
_PREPOSITION_BEFORE = re.compile(
    r"(?:^|\W)(?P<head>[\w’'-]+)?\s*\b(?:on|of|for|in|with|about|between|from|to|beyond|among"
    r"|besides|over|under|toward|towards|across|within|into|by)\s+(?:(?:the|a|an|its|their|his"
    r"|her|each|every|this|that|these|those|(?:the\s+)?(?:client|patient|person)s?[’']s?)\s+)*$",
    re.IGNORECASE,
)
_NAMING_HEADS = frozenset(
    [
        "verdict",
        "judgement",
        "judgment",
        "assessment",
        "rating",
        "grading",
        "grade",
        "labelling",
        "labeling",
        "classification",
        "designation",
        "status",
        "evidence",
        "adaptation",
        "adaptations",
        "accommodation",
        "responsiveness",
        "attention",
        "attending",
    ]
)
# A possessive after the item names something of it; only these nouns still name its grade.
_POSSESSIVE_AFTER = re.compile(r"^[’']s?\s+(?P<noun>[\w-]+)(?:\s+(?P<next>[\w-]+))?", re.I)
_POSSESSED_GRADE = frozenset(
    [
        "rating",
        "grade",
        "status",
        "designation",
        "classification",
        "label",
        "evidence",
        "demonstrably",
        "probably",
        "promising",
    ]
)


# "The task force regarded genuineness as only promising": a grading verb before the item, and
# only "as" and light words between it and the grade.
# What grades as a study, not as the task force: "a 2014 review", "a systematic review", trials
STUDY_WORDS = (
    r"(?:meta-?analys[ie]s|trials?|stud(?:y|ies)|RCTs?"
    r"|(?:systematic|narrative|scoping|umbrella|Cochrane)\s+reviews?"
    r"|(?<=\ba\s)(?:(?:19|20)\d\d\s+)?reviews?)"
)
STUDY_RE = re.compile(rf"\b{STUDY_WORDS}\b", re.IGNORECASE)


def _graded_by_verb(text: str, start: int, end: int) -> bool:
    """A grading verb before the item in its unit; a naming verb ("called", "named") only with
    the task force, its work or an edition's year before it ("Critics called X P" is no grade);
    none after a study as the subject ("A systematic review found X P")."""
    verbs = list(_ACTIVE_BEFORE.finditer(text, start, end))
    if not verbs:
        return False
    subject = text[start : verbs[-1].start()]
    if STUDY_RE.search(subject) and not _TASK_FORCE_WORDS.search(subject):
        return False
    if verbs[-1].group(0).casefold() not in _NAMING:
        return True
    return _PANEL_WORDS.search(text, start, verbs[-1].start()) is not None


_NAMING = frozenset(["named", "names", "called", "calls"])
_PANEL_WORDS = re.compile(
    r"\b(?:task[\s-]force|interdivisional|Norcross|Lambert|Wampold|panel|edition|volume|conclusions"
    r"|report|2002|2011|2019)\b",
    re.IGNORECASE,
)
_OBJECT_GAP = re.compile(
    r"^[\s,]*(?:(?:as|to\s+be|at)\s+)?(?:(?:only|merely|just|still|now|also|both|all|each|a|an|the"
    r"|being)\s+)*$",
    re.IGNORECASE,
)
_ACTIVE_BEFORE = re.compile(
    r"\b(?:rated|rates|rate|judged|judges|judge|deemed|deems|classed|classified|classifies|graded"
    r"|grades|considered|considers|regarded|regards|listed|lists|labell?ed|labels|designated"
    r"|designates|ranked|ranks|counted|counts|placed|places|found|finds|named|names|called|calls"
    r"|declared|declares|support|supports|supported|rating|grading|labell?ing|classification"
    r"|designation|placement"
    r"|categori[sz]ation)\b",
    re.IGNORECASE,
)
# A grade named as the complement of a verdict noun, then its item: "a verdict of 'P' for X".
_VERDICT_OF = re.compile(
    r"\b(?:verdict|rating|grade|designation|classification|label|status)\s+of\s+[\"“‘']?$",
    re.IGNORECASE,
)
_OF_FOR = re.compile(r"\s*[\"”’']?\s+(?:for|to|on)\s+(?:(?:the|a|an)\s+)?", re.IGNORECASE)
# A ranking noun with the item as its object, then the grade's place: "the 2011 ranking of X
# among the P adaptations", "the 2019 elevation of X to P", "the placement of X in the P tier".
_RANKING_OF = re.compile(
    r"\b(?:ranking|placement|listing|inclusion|elevation|promotion|upgrading|upgrade|demotion"
    r"|downgrading|classification|designation)\s+of\s+(?:(?:the|a|an)\s+)?$",
    re.IGNORECASE,
)
_RANKED_AMONG = re.compile(
    r"\s+(?:among|as|to|into|in|with)\s+(?:(?:the|a|an)\s+)?(?:(?:merely|only)\s+)?[\"“‘']?",
    re.IGNORECASE,
)
# A grade's rating noun and then the item: "the task force's P rating for X", "its P grade for X".
_GRADE_FOR = re.compile(
    r"\s*[\"”’']?\s*(?:rating|grade|designation|classification|label|verdict|status)\s+"
    r"(?:\((?:19|20)\d\d\)\s+)?(?:for|of|to|on)\s+(?:(?:the|a|an)\s+)?",  # "rating (2019) for"
    re.IGNORECASE,
)
# After "items rated P": a colon or a copula, then the list ("… elements at once: X, Y and Z",
# "Among the items rated P by the 2019 task force are X, Y, …").
_LISTED_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:elements?|adaptations?|items?|factors?)\b[^.;:]{0,40}:\s*"
    r"(?:the\s+)?|(?:\s+(?:rating|grade|tier|category|classification|label|designation))?"
    r"(?:\s+(?:in|by|since)\s+(?:the\s+)?(?:(?:19|20)\d\d|first|second|third)"
    r"(?:\s+(?:task[\s-]force|edition|report|review|round|conclusions|update|panel))?)?"
    r"\s*:\s*(?:the\s+)?|\s+(?:by\s+[^,;:]{1,40}?\s+)?(?:are|were|include|included|includes"
    r"|comprise[sd]?)\s+(?:the\s+)?"
    r"|\s*[—–]\s*(?:the\s+)?"  # "four adaptations P — X, Y and Z — and …": the list set off
    r"|\s*,\s*(?:namely\s+)?(?:the\s+)?",  # "… and two Q, X and Y": the list after a comma
    re.IGNORECASE,
)
# A grade said of the item in an appositive that names its kind and the edition that gave it:
# "X, a probably effective element in 2011" (without the edition, "a promising element" is
# as often plain praise).
_APPOSITIVE_GAP = re.compile(r"\s*[,—–(]\s*(?:(?:an?|one)\s+)?", re.IGNORECASE)
_KIND_AFTER = re.compile(
    r"\s+(?:element|adaptation|item|factor)s?\s+(?:in|since|as\s+of|from|by|according\s+to)\s+"
    r"(?:the\s+)?(?:(?:19|20)\d\d|first|second|third|task[\s-]force|interdivisional|Norcross)\b",
    re.IGNORECASE,
)
_ITEMS_GRADED = re.compile(
    r"\b(?:elements?|adaptations?|items?|factors?)\s+(?:(?:[\w-]+\s+){0,3}?(?:rated|judged|deemed"
    r"|classed|classified|graded|considered|found)\s+)?(?:to\s+be\s+|as\s+)?$"
    r"|\b(?:elements?|adaptations?|items?|factors?)\s+(?:(?:also|all|each|both)\s+)?(?:earned|received"
    r"|won|reached|got|held|carried)\s+(?:the|a|an)\s+$"
    r"|\b(?:three|four|five|six|seven|two|several|all)\s+$",
    re.IGNORECASE,
)
# Right after the item, words said of it: a relative clause, a participle or an appositive.
_ATTACHED = re.compile(
    r"\s*[,—–(]\s*(?:(?:which|that|who)\b|(?:an?|one|both|all|two|three)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:element|elements|adaptation|adaptations|item|items|factor|factors)\b"
    r"|(?:elements|adaptations)\s+(?:that\s+|which\s+)?(?:the|its|both)\b"
    r"|(?:(?:also|itself|since|later|both|each|all)\s+)?(?:rated|judged|deemed|classed"
    r"|classified|graded)\b)"
    r"|\s+(?:rated|judged|deemed|classed|classified|graded)\b",
    re.IGNORECASE,
)
# "the task force's finding that the alliance is P": a copula, when the task force is named
_COPULA_GAP = re.compile(
    r"\s+(?:is|are|was|were|remains?|remained|(?:has|have|had)\s+(?:always\s+)?(?:been|remained)"
    r"|stood\s+at|stands\s+at)\s+(?:(?:also|both|all|only|still)\s+)?[\"“‘']?",
    re.IGNORECASE,
)
# "X, P according to Norcross and Lambert (2019), …": a bare grade set off after the item, said
# of it by the task force
_BARE_GAP = re.compile(r"\s*[,—–]\s*(?:(?:now|still|also|both|each)\s+)?")
_ACCORDING_AFTER = re.compile(
    r"\s+(?:according\s+to|per|in\s+the\s+(?:view|judge?ment)\s+of)\s+(?:the\s+|its\s+)?"
    r"(?:[\w’'-]+\s+){0,3}?(?:task[\s-]force|panel|interdivisional|Norcross|Lambert|Wampold"
    r"|edition|conclusions|volumes?)\b",
    re.IGNORECASE,
)
# "the panel's grade for X was P": the item is what a grade noun is for, and a copula gives it
_GRADE_NOUN_BEFORE = re.compile(
    r"\b(?:grade|rating|verdict|classification|designation|label)\s+(?:for|of|on)\s+"
    r"(?:(?:the|a|an)\s+)?$",
    re.IGNORECASE,
)
_TASK_FORCE_WORDS = re.compile(
    r"\b(?:task[\s-]force|interdivisional|Norcross|Lambert|Wampold)\b", re.IGNORECASE
)
_VERB_OPENS = re.compile(
    r"\s*(?:was|were|has\s+been|have\s+been|is|are)\s+(?:(?:later|then|also|instead)\s+)?"
    r"(?:rated|judged|deemed|classed|classified|graded|considered|placed|listed|upgraded)\b",
    re.IGNORECASE,
)
_LISTED = re.compile(
    r"^[\s,]*(?:and|or|as\s+well\s+as)?\s*(?:(?:on|to|with|in|for|of)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_BETWEEN_GRADES = re.compile(
    r"(?:[\s,;:()]|\b(?:and|but|then|later|since|has|have|had|been|was|were|is|are|once"
    r"|subsequently|now|rated|re-?rated|judged|deemed|upgraded|downgraded|moved|raised|classed"
    r"|classified|to|as|in|by|for|the|a|an|its|(?:19|20)\d\d|first|second|third|edition"
    r"|task\s+force|report|review|from|among|elements?|ones|category|tier|conclusions|verdicts?"
    r"|round|volume|merely|only|just|again|each|both|all|up|down|adaptations?"
    # "a P basis for adapting treatment in 2011, and a Q one in 2019"
    r"|bas[ie]s\s+for\s+(?:adapting|tailoring|matching|adjusting)(?:\s+(?:treatment|therapy"
    r"|psychotherapy))?)\b)*",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\b(?:that|which|who|whom)\b", re.IGNORECASE)
_CLAUSE_AND = re.compile(r",\s+(?:and|or)\b", re.IGNORECASE)
_LIST_WORDS = frozenset(
    [
        "and",
        "or",
        "the",
        "a",
        "an",
        "both",
        "either",
        "as",
        "well",
        "plus",
        "along",
        "together",
        "with",
        "its",
    ]
)


# Words that carry the last grade on to an item after it: "…, as was X", "alongside X".
_CONTINUES = re.compile(
    r"\b(?:(?:so|as)\s+(?:was|were|did|had|has|have|is|are)|alongside|along\s+with|together\s+with"
    r"|as\s+well\s+as|like|joined\s+by|followed\s+by|plus)\s+(?:(?:the|its|their|a|an)\s+)?"
    r"(?:(?:adapting|adaptation|tailoring|matching|accommodating|attending)\s+(?:(?:treatment|therapy"
    r"|psychotherapy)\s+)?(?:to|for)\s+(?:(?:the|a|an)\s+)?(?:(?:client|patient)s?['’]s?\s+)?)?$",
    re.IGNORECASE,
)
M = TypeVar("M", bound=Span)
G = re.Match[str]

# A grade that opens its unit ("Demonstrably effective, according to …, was X").
_GRADE_FIRST_GAP = re.compile(r"^(?:[A-Z][\w’']*(?:\s+[\w’']+){0,3},\s*)?[\s\"“‘'*_]*$")


@dataclass(frozen=True, slots=True)
class Unit:
    start: int
    end: int


def units(text: str, grades: Sequence[G] = ()) -> list[Unit]:
    """The sentence's clause units, as spans of the text (never cutting inside a grade)."""
    spans: list[Unit] = []
    start = 0
    for cut in _UNIT_BREAK.finditer(text):
        if any(g.start() < cut.start() < g.end() for g in grades):
            continue
        spans.append(Unit(start, cut.start()))
        start = cut.end()
    spans.append(Unit(start, len(text)))
    return [u for u in spans if u.end > u.start]


def unit_bindings(
    text: str, mentions: Sequence[M], grades: Sequence[G], every: Sequence[M] = ()
) -> list[tuple[M, G]]:
    """(mention, grade) pairs bound inside one clause unit of `text` (see the module's rules).

    `mentions` are the items left unbound by the first pass, `every` all the sentence's items;
    `grades` the grade phrases that read as grades (not as adjectives of another noun), all in
    order of position.
    """
    pairs: list[tuple[M, G]] = []
    previous: G | None = None  # the last grade of the unit before ("…P; so was X")
    earlier: list[M] = []  # the items of the unit before ("X fell short of P but was rated Q")
    for unit in units(text, grades):
        inside = [g for g in grades if unit.start <= g.start() and g.end() <= unit.end]
        items = [m for m in mentions if unit.start <= m.start and m.end <= unit.end]
        shared_subject = not items and _VERB_OPENS.match(text, unit.start) is not None
        items, earlier = (earlier if shared_subject else items), items
        if not inside:
            if (
                previous is not None
                and items
                and _CONTINUES.search(text[unit.start : items[0].start])
            ):
                pairs.append((items[0], previous))
            previous = None
            continue
        words = text[unit.start : unit.end]
        if _UNIT_BLOCK.search(words) or _OTHER_AGENT.search(text, inside[0].start(), unit.end):
            previous = None
            continue
        grade_first = _GRADE_FIRST_GAP.match(text[unit.start : inside[0].start()]) is not None
        found: list[G | None] = [
            _grade_for(text, mention, inside, grade_first, unit.start, every or items)
            for mention in items
        ]
        _share_in_lists(text, items, found)
        _defined_term_only(text, items, found)
        for mention, grade in zip(items, found, strict=True):
            if grade is not None:
                pairs.append((mention, grade))
                pairs.extend((mention, later) for later in later_grades(text, grade, inside))
        previous = inside[-1]
    return pairs


def _share_in_lists(text: str, items: Sequence[M], found: list[G | None]) -> None:
    """Items listed with a bound item share its grade, forward ("…, as were culture and
    preferences") and back ("depend on the alliance and on goal consensus, elements … rated P")."""
    for index in range(1, len(items)):
        gap = text[items[index - 1].end : items[index].start]
        before, own = found[index - 1], found[index]
        if before is not None and _LISTED.match(gap) and _shares(text, items, index, before, own):
            found[index] = before
    for index in range(len(items) - 2, -1, -1):
        gap = text[items[index].end : items[index + 1].start]
        if found[index] is None and found[index + 1] is not None and _LISTED.match(gap):
            found[index] = found[index + 1]


def _shares(text: str, items: Sequence[M], index: int, before: G, own: G | None) -> bool:
    """Whether items[index] takes the grade of the item listed before it: when it has none, or
    when that grade opened the list and a dash closes the list before the item's own grade
    ("four adaptations P — X, Y and Z — and two Q, …")."""
    if own is None:
        return True
    opened = before.end() <= items[index - 1].start
    closed = items[index].end <= own.start() and bool(
        _DASH.search(text, items[index].end, own.start())
    )
    return opened and closed


_DASH = re.compile(r"[—–]")
# "X and Y, both P in 2019": a grade said of the listed items together, with its edition
_BOTH_GAP = re.compile(r"\s*[,—–(]\s*(?:both|each|all\s+(?:two|three|four))\s+", re.IGNORECASE)
_DATED_AFTER = re.compile(
    r"\s+(?:in|since|by|as\s+of)\s+(?:the\s+)?(?:(?:19|20)\d\d|(?:first|second|third)\s+"
    r"(?:task[\s-]force|edition|review|report))\b",
    re.IGNORECASE,
)
# The noun of an item's kind right after its name ("… patient preferences adaptation").
KIND_NOUN_AFTER = re.compile(r"\s+(?:element|adaptation)\b", re.IGNORECASE)
_TERM_COLON = re.compile(r"\s*:")
_TERM_LEAD = re.compile(r"^[\s\-*•·▪‣\d.)]*$")


def _defined_term_only(text: str, items: Sequence[M], found: list[G | None]) -> None:
    """In a definition ("Rupture repair: resolving strains in the alliance, rated P"), the grade
    is said of the term defined, not of an item its definition names."""
    if not items or found[0] is None or not _TERM_LEAD.match(text[: items[0].start]):
        return
    if not _TERM_COLON.match(text, items[0].end):
        return
    for index in range(1, len(items)):
        if found[index] is found[0]:
            found[index] = None


def later_grades(text: str, grade: G, grades: Sequence[G]) -> list[G]:
    """Grades that follow an item's grade with only dates and grading words between: "P in
    2011, Q in 2019", "once deemed P, has since been rated Q". The first pass asks too, for the
    grades no construction of its own bound ("X: P in 2011, Q in 2019")."""
    later: list[G] = []
    current = grade
    for following in grades:
        if following.start() < current.end():
            continue
        if not _BETWEEN_GRADES.fullmatch(text[current.end() : following.start()]):
            break
        later.append(following)
        current = following
    return later


def _grade_for(
    text: str,
    mention: M,
    grades: Sequence[G],
    grade_first: bool,
    unit_start: int,
    others: Sequence[M] = (),
) -> G | None:
    after = next((g for g in grades if g.start() >= mention.end), None)
    before = next((g for g in reversed(grades) if g.end() <= mention.start), None)
    if before is not None:
        gap = text[before.end() : mention.start]
        if _GRADE_FOR.fullmatch(gap):
            return before  # "the task force's P rating for X"
        if _VERDICT_OF.search(text, 0, before.start()) and _OF_FOR.fullmatch(gap):
            return before  # "a 2019 verdict of 'P' for X"
        if gap.isspace() and KIND_NOUN_AFTER.match(text, mention.end):
            return before  # "the demonstrably effective patient preferences adaptation"
        if _LISTED_AFTER.fullmatch(gap) and _ITEMS_GRADED.search(text, 0, before.start()):
            return before  # "three P elements at once: X, …", "items rated P … are X"
        if grade_first:
            return before if _SIGNAL.search(gap) and not _BLOCK.search(gap) else None
    if after is not None:
        gap = text[mention.end : after.start()]
        ranked = _RANKING_OF.search(text, 0, mention.start)
        if ranked is not None and _RANKED_AMONG.fullmatch(gap) and not _BLOCK.search(gap):
            return after  # "the 2011 ranking of X among the P adaptations"
        colon = mention.end + gap.rfind(":")
        term = gap.lstrip(" \"”’'*_").startswith(":")  # "Rupture repair: …", a definition
        if (
            colon >= mention.end
            and not term
            and any(colon < o.start < after.start() for o in others)
        ):
            return None  # "Beside X sits the adaptive work: Y was rated P": Y's grade, not X's
        summed = _SUMMING_APPOSITIVE.fullmatch(gap)
        if summed is not None and not _BLOCK.search(gap):
            comma = mention.end + summed.start("noun")
            own = [o for o in others if unit_start <= o.start < comma]
            if own == [mention]:
                return after  # "… ask parents for feedback each session, a practice rated P"
        attached = _ATTACHED.match(gap) is not None  # ", which the task force rated", ", rated"
        if _APPOSITIVE_GAP.fullmatch(gap) and _KIND_AFTER.match(text, after.end()):
            return after  # "… on collaboration, a probably effective element in 2011"
        if _BOTH_GAP.fullmatch(gap) and _DATED_AFTER.match(text, after.end()):
            return after  # "… the alliance and empathy, both demonstrably effective in 2019"
        signalled = (
            _SIGNAL.search(gap)
            or (_BARE_GAP.fullmatch(gap) and _ACCORDING_AFTER.match(text, after.end()))
            or _RATING_AFTER.match(text, after.end())
            or (_OBJECT_GAP.match(gap) and _graded_by_verb(text, unit_start, mention.start))
            or (
                _COPULA_GAP.fullmatch(gap)
                and (
                    _TASK_FORCE_WORDS.search(text, unit_start, after.start())
                    or _GRADE_NOUN_BEFORE.search(text, unit_start, mention.start)
                )
            )
        )
        if signalled and not _BLOCK.search(gap) and _item_leads_to(text, mention, gap, attached):
            return _final_grade(text, after, grades)
        return None
    if before is not None and _CONTINUES.search(text[before.end() : mention.start]):
        gap = text[before.end() : mention.start]
        return before if not _BLOCK.search(gap) else None
    return None


def _item_leads_to(text: str, mention: M, gap: str, attached: bool) -> bool:
    """Whether the item heads the phrase the gap's grade is said of: not the object of another
    noun ("research on the alliance"), not something it owns ("the alliance's effect"), not an
    item before a clause of its own ("X matter, and …", "…, a skill that …"). A relative clause,
    participle or appositive right after the item is said of the item wherever it stands
    ("leans on preference accommodation, which the task force judged P")."""
    lead = None if attached else _PREPOSITION_BEFORE.search(text, 0, mention.start)
    if lead is not None and (lead["head"] or "").casefold() not in _NAMING_HEADS:
        head = (lead["head"] or "").casefold()
        adapted = _ADAPTING_TREATMENT.search(text, 0, lead.start("head") if lead["head"] else 0)
        if not head.endswith("ing") and adapted is None:  # "matching to …", "tailoring
            return False  # treatment to the patient's X" (the adaptation is the item)
    owned = _POSSESSIVE_AFTER.match(gap)
    if owned is not None and owned["noun"].casefold() not in _POSSESSED_GRADE:
        return False
    relative = _RELATIVE.search(gap)
    if relative is not None and re.search(r"\w", gap[: relative.start()]):
        return False  # "…, a skill that the panel classed as …": said of the skill
    joined = _CLAUSE_AND.search(gap)
    if joined is not None:
        words = re.findall(r"[\w’'-]+", gap[: joined.start()])
        if any(w.casefold() not in _LIST_WORDS for w in words):
            return False  # "Client preferences matter, and matching to them was …"
        if _PRONOUN.search(gap, joined.end()):
            return False  # "…, and a 2021 review put it among …": the pronoun's clause decides
    return True


_PRONOUN = re.compile(r"\b(?:it|them)\b", re.IGNORECASE)
# An adapting verb and its object before the preposition: "tailoring treatment to X".
_ADAPTING_TREATMENT = re.compile(
    r"\b(?:adapting|tailoring|matching|fitting|adjusting|customi[sz]ing|modifying)\s+(?:the\s+)?"
    r"$",
    re.IGNORECASE,
)
# An appositive that sums up its clause as a practice the task force graded: "Leaders ask
# parents for feedback each session, a practice that was rated P", "… teach rupture repair, a
# skill the panel classed as P". The clause's one item is what the practice is.
_SUMMING_APPOSITIVE = re.compile(
    r"[^,;:()\[\]—–]*,\s*(?P<noun>(?:a|an|one)\s+(?:(?:clinical|therapeutic|relational)\s+)?"
    r"(?:practice|skill|habit|technique|strategy|behaviou?r|intervention|process|stance|element"
    r"|adaptation|ingredient|component|move|task))\s+(?:(?:that|which)\s+)?"
    r"(?:[^,;:()\[\]—–]{0,60}?\s)?(?:rated|graded|judged|deemed|classed|classified|categori[sz]ed"
    r"|labell?ed|found|considered|called)\s+(?:as\s+|to\s+be\s+)?[\"“‘']?",
    re.IGNORECASE,
)


_FROM_TO = re.compile(r"^\s*(?:in\s+(?:19|20)\d\d\s*)?,?\s*to\s+(?:(?:a|an|the)\s+)?$", re.I)


def _final_grade(text: str, grade: G, grades: Sequence[G]) -> G | None:
    """The grade an item is given; None for "moved from P to …" when what it moved to does not
    read as a grade ("from P in 2011 to Q in 2019" gives P here and Q as a later grade)."""
    if not re.search(r"\bfrom\s+$", text[: grade.start()], re.I):
        return grade
    if not _TO.match(text, grade.end()):
        return grade
    later = next((g for g in grades if g.start() >= grade.end()), None)
    if later is not None and _FROM_TO.match(text[grade.end() : later.start()]):
        return grade
    return None


_TO = re.compile(r"\s*(?:in\s+(?:19|20)\d\d\s*)?,?\s*to\b", re.I)


_KIND_NOUN_AFTER_GRADE = re.compile(
    r"\s+(?:relationship\s+|responsiveness\s+)?(?:elements|adaptations)\b", re.IGNORECASE
)


def lead_grades(text: str, grade: G) -> bool:
    """Whether a list's lead sentence gives its one grade as the task force's: words that say a
    grading is meant, and none that make it no assertion (see `grading_lists`)."""
    before = text[: grade.start()]
    signalled = (
        _SIGNAL.search(before)
        or _RATING_AFTER.match(text, grade.end())
        or _KIND_NOUN_AFTER_GRADE.match(text, grade.end())  # "P elements in 2019 include:"
    )
    blocked = _BLOCK.search(before) or _UNIT_BLOCK.search(text) or _OTHER_AGENT.search(text)
    return bool(signalled) and not blocked
