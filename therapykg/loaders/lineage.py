"""Lineage: what the article's own approach grew from, drew on, reacted against or belongs to.

A lineage link comes from a *clause* (docs/extraction.md, "Lineage"), never from a fixed phrase:

1. a predicate from one of the closed verb classes of the lexicon (`LINEAGE_PREDICATES`), each
   class one relation of the vocabulary (rooted in, influenced by, reaction against, adaptation
   of, extends, operationalises, variant of, related to), its verbs written as lemmas and
   inflected here ("+draw on" finds "draws on", "drew upon", "has drawn heavily on");
2. a subject that refers to the approach itself (`OwnApproach.refers_to`): its title or a part
   of it, its acronym (from the title's initials or "Full Name (ACR)"), an alias ("also known
   as …", "formerly …"), "It", "Its …", "The approach/model/therapy …", or one of its creators
   ("Linehan drew on Zen practice"). A verb joined to an earlier one by "and" shares its
   subject; a clause whose subject is another approach yields nothing;
3. objects that resolve to something nameable (`_resolve`): a person of the article (a
   possessive "Otto Rank's ideas" names the person), an approach named by a head noun
   ("behaviour therapy", "Zen practice", "the humanistic tradition" →
   framework/humanistic-psychology, each school by one name of `approach_names`), an
   "-ism", an acronym the article or the lexicon knows, or a name in "See also". "X and Y" are
   two objects; a vague head ("the idea that …", "earlier work") is none.

A contrast or a denial before the object ("unlike", "not", "rather than", "independently of")
blocks the link; one in a fronted phrase or set off by commas before the verb ("Unlike CBT,
DBT draws on …") blocks only that phrase. Participle clauses ("Building on X, Gilbert
developed …", "…, borrowing from X") take the subject of the clause they hang on. When
unsure, nothing is stated: the sentence is kept without a fact. Every object's label is words
of the sentence it came from (a test checks it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import pairwise

from therapykg.loaders.approach_names import APPROACH_NAMES, reduced_forms
from therapykg.loaders.facts import Node
from therapykg.loaders.lexicon import (
    APPROACH_ACRONYMS,
    CREATOR_NOUN,
    FORMAT_MODIFIERS,
    IRREGULAR_VERBS,
    LINEAGE_ADJECTIVE_HEADS,
    LINEAGE_ADJECTIVE_TRADITIONS,
    LINEAGE_APPROACH_HEADS,
    LINEAGE_CONTRAST_RE,
    LINEAGE_DELIVERY_MODIFIERS,
    LINEAGE_FAMILY_HEADS,
    LINEAGE_FIXED_COMPOUNDS,
    LINEAGE_GENERIC_MODIFIERS,
    LINEAGE_HEADLESS_NAMES,
    LINEAGE_LIGHT_WORDS,
    LINEAGE_NAME_SUFFIXES,
    LINEAGE_NOT_METHOD_HEADS,
    LINEAGE_NOT_NAMES,
    LINEAGE_NP_END,
    LINEAGE_OBJECT_STOPWORDS,
    LINEAGE_OWN_PARTS,
    LINEAGE_PACKAGING_HEADS,
    LINEAGE_PART_HEADS,
    LINEAGE_PREDICATES,
    LINEAGE_SAME_APPROACH,
    LINEAGE_THEORY_HEADS,
    LINEAGE_TOPICLESS_MODELS,
    LINEAGE_TRADITIONS,
    LINEAGE_VAGUE_HEADS,
    LINEAGE_WITH_JOINS,
    SELF_NOUN_ADJECTIVES,
    SELF_NOUNS,
    SPELLING_VARIANTS,
)
from therapykg.loaders.people import Mention, PersonRecord
from therapykg.ontology.iri import slugify

# ------------------------------------------------------------------------------------------
# Predicates: the lexicon's phrasings compiled, with their inflections
# ------------------------------------------------------------------------------------------

_BE = r"(?:is|are|was|were|be|been|being|has\s+been|have\s+been|had\s+been|'s|’s)"
_ADVERBS = (
    r"(?:(?:(?!(?:family|early|only|assembly)\b)\w+ly|also|still|much|first|originally|later"
    r"|then|itself|in\s+(?:large\s+)?part|in\s+turn|so|very|too|heavily|deeply|further|as\s+well"
    r"|straight|partly|mainly|mostly"
    r"|also)\s+)"
)
_SELF_OBJECT = (
    r"(?:itself|them|this|(?:his|her|their)\s+(?:approach|model|therapy|method|framework"
    r"|theory|treatment)|(?P<the_self>it|the\s+(?:approach|model|therapy|method|framework|theory"
    r"|treatment)))"
)


def inflections(lemma: str) -> tuple[str, ...]:
    """Every form of a verb: base, third person, past, participle, -ing.

    >>> inflections("draw")
    ('draw', 'draws', 'drew', 'drawn', 'drawing')
    >>> inflections("stem")
    ('stem', 'stems', 'stemmed', 'stemmed', 'stemming')
    >>> inflections("integrate")[2:]
    ('integrated', 'integrated', 'integrating')
    """
    past, participle = IRREGULAR_VERBS.get(lemma, (_regular_past(lemma),) * 2)
    forms = [lemma, _third(lemma), past, participle, _ing(lemma)]
    if re.search(r"[^aeiou][aeiou]l$", lemma) and len(lemma) > 4:
        forms += [lemma + "led", lemma + "ling"]  # British "modelled", "labelling"
    return tuple(dict.fromkeys(forms))


def _third(lemma: str) -> str:
    if lemma == "have":
        return "has"
    if re.search(r"(?:s|x|z|ch|sh|o)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def _doubles(lemma: str) -> bool:
    """One syllable ending consonant-vowel-consonant doubles its last letter ("stemmed")."""
    return bool(re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", lemma))


def _regular_past(lemma: str) -> str:
    if lemma.endswith("e"):
        return lemma + "d"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ied"
    return lemma + lemma[-1] + "ed" if _doubles(lemma) else lemma + "ed"


def _ing(lemma: str) -> str:
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith("ee") and lemma != "be":
        return lemma[:-1] + "ing"
    return lemma + lemma[-1] + "ing" if _doubles(lemma) else lemma + "ing"


@dataclass(frozen=True, slots=True)
class Predicate:
    relation: str
    pattern: re.Pattern[str]
    lemmas: frozenset[str]  # the verbs it inflects ("combine", …)
    inner_object: bool = False  # OBJ: the object sits inside the phrasing
    possessor: bool = False  # POSS: the subject owns the predicate's noun ("Its roots lie in")
    noun: bool = False  # NOUN: a predicate noun after a copula ("… is one variant of")
    family: bool = False  # FAMILY: the object names a family by its modifiers
    by_object: bool = False  # the phrasing ends in "by": its object may start with "by"
    carried: bool = False  # ~~: "took X from Y": a later "its Z from W" names W
    participle: bool = False  # opens with a past participle, no "be": "rooted in"
    # one of these words is in every sentence the pattern can match (None: no such word)
    anchors: frozenset[str] | None = None


_WORD_END = r"(?:\s+|$))"  # a phrasing's word ends at a space (or the end of the text)


_WHEN = (  # "in Vienna in the 1890s", "in 1991": a place, a time or both before the preposition
    r"(?:(?:in|at)\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2},?\s+"
    r"(?=(?:in|during|by)\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:19|20)\d\d))?"
    r"(?:(?:in|during|by)\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:19|20)\d\ds?,?\s+)?"
)


# An optional possessor before a noun of the phrasing: a pronoun or a capitalised name
_OWNER_TOKEN = (
    r"(?:(?:his|her|their|its|(?-i:[A-Z])[\w.’'-]*(?:\s+(?-i:[A-Z])[\w.’'-]*){0,3}(?:’s|'s|’|'))"
    r"\s+)?"
)


def _token(token: str) -> tuple[str, set[str]]:
    """One word of a phrasing as a regex, and the lemmas it inflects."""
    optional = token.startswith("(") and token.endswith(")")
    token = token.strip("()")
    lemmas: set[str] = set()
    if token == "~":  # one optional word, never a possessor ("IPT's intellectual parents")
        return r"(?:(?![\w-]+[’']s?\s)(?!to\s)[\w’'-]+\s+)?", lemmas  # never the "to" after
    if token == "OWNER":  # a possessor: "Ellis's answer to", "his disillusionment with"
        return _OWNER_TOKEN, lemmas
    if token == "~~":
        # not "from … and from", nor "owes much to X and to Y" read to the second "to"
        return r"(?:(?!(?:from|to)\s)[\w’'–-]+\s+){1,10}?", lemmas
    if token == "SELF":  # a pronoun or noun for the approach, or its name (checked per article)
        # "built the method in the 1970s from …": a time between the object and its preposition
        return (
            rf"(?:{_SELF_OBJECT}|(?P<named>[\w’'-]+(?:[\s-]+[\w’'-]+){{0,5}}?))\s+{_WHEN}",
            lemmas,
        )
    verbs = token.startswith("+")  # "+sit|stand": every alternative is a verb lemma
    words: list[str] = []
    for alternative in token.lstrip("+").split("|"):
        if alternative == "be":
            words.append(_BE)
        elif verbs:
            lemmas.add(alternative)
            words.extend(inflections(alternative))
        else:
            words.append(alternative.replace("_", r"\s+"))
    body = "(?:" + "|".join(words) + ")"
    regex = rf"(?:{body}{_WORD_END}" + ("?" if optional else "")
    return regex, lemmas


# The family's modifiers: words, no preposition ("is a type of trauma-focused psychotherapy" is
# a predicate noun and its object, not a family named "type of trauma-focused")
_FAMILY_LOOKAHEAD = (
    r"(?=(?P<family>(?:(?!(?:of|for|from|in|on|to|with|by|as|at)\s)[\w-]+\s+){1,3}(?:"
    + "|".join(sorted(LINEAGE_APPROACH_HEADS - {"method", "methods"}))  # "is a counseling method"
    + r")\b))"
)


# After a possessed noun, its owner in an "of" phrase: "The intellectual roots of CFT reach …"
_OF_OWNER = r"(?:of\s+(?P<owner>(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,5}?)\s+)?"


_POSS_MODIFIER = (  # never a determiner or a preposition: "Its faith in parents was …" is no POSS
    r"(?:(?<![’'])(?![’'])(?!(?:its|their|his|her|this|that|the|in|on|of|for|with|to|from|by|about|into)\s)"
    r"(?![\w-]+[’']s?\s)[\w’'-]+\s+)?"
)


def _compile(relation: str, phrasing: str) -> Predicate:
    tokens = phrasing.split()
    marks = {t for t in tokens if t in ("OBJ", "POSS", "NOUN", "FAMILY")}
    parts: list[str] = []
    lemmas: set[str] = set()
    words = [t for t in tokens if t not in marks]
    for token in tokens:
        if token == "OBJ":
            # a list with commas too: "acknowledged Adler, Horney and Sullivan as forerunners"
            # and set off by commas before the next word: "credited the Stoics, above all
            # Epictetus, for …"
            parts.append(r"(?P<obj>[^,;:]+?(?:,\s+[^,;:]+?){0,4},?\s+)")
        elif token == "FAMILY":
            parts.append(_FAMILY_LOOKAHEAD)
        elif token not in marks:
            regex, found = _token(token)
            if "POSS" in marks and token is words[0] and token == "(~)":
                regex = _POSS_MODIFIER  # "Its (philosophical) base": never the possessor itself
            lemmas |= found
            # adverbs between the phrasing's words, not after its last one: there they belong
            # to the object ("related to emotionally focused couple therapy")
            last = token is words[-1] and tokens[-1] not in ("OBJ", "FAMILY")
            if token is words[-1] and "OBJ" in marks and regex.endswith(_WORD_END):
                # "named Wittgenstein as an influence.": the object is inside, so punctuation
                # may end the phrasing
                regex = regex[: -len(_WORD_END)] + r"(?:\s+|$|(?=[.,;:!?])))"
            parts.append(regex + ("" if last else _ADVERBS + "{0,2}"))
            if "POSS" in marks and token is words[0]:
                parts.append(_OF_OWNER)  # "The roots of CFT lie in …"
    return Predicate(
        relation,
        re.compile(r"\b" + "".join(parts), re.IGNORECASE),
        frozenset(lemmas),
        inner_object="OBJ" in marks,
        possessor="POSS" in marks,
        noun="NOUN" in marks,
        family="FAMILY" in marks,
        by_object=tokens[-1].split("|")[-1] == "by",
        carried="~~" in tokens,
        participle=all(a.endswith("ed") for a in tokens[0].split("|")),
        anchors=_anchors(words),
    )


def _predicate_index(
    predicates: tuple[Predicate, ...],
) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """The predicates (by number) each anchor word may start, and those with no anchors: a
    sentence's words pick the predicates worth searching, in one lookup per word."""
    by_anchor: dict[str, list[int]] = {}
    unanchored: list[int] = []
    for number, predicate in enumerate(predicates):
        if predicate.anchors is None:
            unanchored.append(number)
            continue
        for word in predicate.anchors:
            by_anchor.setdefault(word, []).append(number)
    return {w: tuple(n) for w, n in by_anchor.items()}, tuple(unanchored)


def _anchors(tokens: list[str]) -> frozenset[str] | None:
    """The words of the phrasing's first word that must be there (a verb in every inflection,
    or its alternatives), so that a sentence holding none of them is never searched."""
    for token in tokens:
        if token.startswith("(") or token in ("~", "~~", "SELF", "be", "OWNER"):
            continue
        alternatives = token.lstrip("+").split("|")
        if "be" in alternatives:
            return None
        if token.startswith("+"):
            return frozenset(form for a in alternatives for form in inflections(a))
        return frozenset(a.split("_")[0].casefold() for a in alternatives)
    return None


PREDICATES: tuple[Predicate, ...] = tuple(
    _compile(relation, phrasing)
    for relation, phrasings in LINEAGE_PREDICATES.items()
    for phrasing in phrasings
)
_PREDICATE_INDEX = _predicate_index(PREDICATES)


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int  # where the object begins
    predicate: Predicate
    inner: tuple[int, int] | None = None  # the object's span for OBJ phrasings
    reach: int = 0  # where the next predicate may start (after a FAMILY phrasing's object)
    owner: tuple[int, int] | None = None  # a POSS noun's "of" owner: "the roots of CFT"
    named: tuple[int, int] | None = None  # a SELF that is a name: the approach's, or no hit
    the_self: str = ""  # a SELF that is "it", "the approach", "the method" …: its words


def predicate_hits(text: str, names: Callable[[str], bool] | None = None) -> list[_Hit]:
    """Every lineage predicate in `text`, left to right; at one place the longest wins, and
    hits inside an earlier one are dropped. A phrasing whose SELF is a name ("grounded CFT in")
    counts only when `names` says the name is the approach's (never without `names`), so that a
    noun read as its verb ("the model draws on": "+model SELF on") hides no other predicate."""
    kept: list[_Hit] = []
    for hit in _candidate_hits(text):
        if hit.named is not None and (names is None or not names(text[slice(*hit.named)])):
            continue
        if kept and hit.start < kept[-1].reach:
            continue
        kept.append(hit)
    return kept


@lru_cache(maxsize=256)
def _candidate_hits(text: str) -> tuple[_Hit, ...]:
    """Every match of every predicate, by start and then longest first. Cached: the approach's
    own links and a later approach's links are read from the same matches."""
    found: list[_Hit] = []
    folded = text.casefold()
    words = set(_WORDS.findall(folded)) | set(_WORD_PARTS.findall(folded))
    by_anchor, unanchored = _PREDICATE_INDEX
    chosen = set(unanchored)
    for word in words:
        chosen.update(by_anchor.get(word, ()))
    for number in sorted(chosen):  # the predicates' own order: ties keep it after the sort
        predicate = PREDICATES[number]
        for match in predicate.pattern.finditer(text):
            if match.start() and text[match.start() - 1] in "-‐‑":
                continue  # "need-adapted treatment": part of a compound word, no verb
            verb = not (predicate.noun or predicate.possessor)
            if (
                verb
                and _IN_TURN.match(text, match.start())
                and text[: match.start()].endswith("in ")
            ):
                continue  # "Rogers in turn took from …": an adverb, no verb
            if verb and _DETERMINER_BEFORE.search(text, 0, match.start()):
                continue  # "a modified psychoanalytic psychotherapy": a participle, no verb
            if (
                verb
                and match.group(0).split()[0].endswith("ed")
                and _PREPOSITION_BEFORE.search(text, 0, match.start())
            ):
                continue  # "connected to applied behaviour analysis": an adjective, no verb
            if verb and _EFFORT_TO.search(text, 0, match.start()):
                continue  # "Linehan's attempts to apply behaviour therapy": the object's words
            if predicate.possessor and not _POSSESSOR_BEFORE.search(text, 0, match.start()):
                continue  # "Its trust in parents was …": no owner right before the noun
            inner = match.span("obj") if predicate.inner_object else None
            reach = match.end("family") if predicate.family else match.end()
            owner = match.span("owner") if predicate.possessor and match["owner"] else None
            named = (
                match.span("named")
                if "named" in predicate.pattern.groupindex and match["named"]
                else None
            )
            the_self = match["the_self"] or "" if "the_self" in predicate.pattern.groupindex else ""
            found.append(
                _Hit(match.start(), match.end(), predicate, inner, reach, owner, named, the_self)
            )
    found.sort(key=lambda h: (h.start, -h.end))
    return tuple(found)


_IN_TURN = re.compile(r"turn\b", re.IGNORECASE)
# An owner right before a POSS noun, maybe with adjectives between ("Its deepest root is"),
# never a preposition ("Its trust in parents was")
_POSSESSOR_BEFORE = re.compile(
    r"(?:(?:^|\W)(?:its|their|his|her|the|this|that|these|those)|\w[’']s?)"
    r"(?:\s+(?!(?:in|on|of|for|with|to|from|by|about|into|and|or)\s)[a-z][\w-]*){0,2}\s+$",
    re.IGNORECASE,
)
# "a modified …", "Gilbert's work in CBT": a word after a determiner or a possessive is no verb
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|this|its|their|his|her)|\w[’']s)\s+$", re.IGNORECASE
)
_PREPOSITION_BEFORE = re.compile(r"\b(?:to|of|in|on|from|with|for|by|into)\s+$", re.IGNORECASE)
_EFFORT_TO = re.compile(
    r"\w(?:[’']s|s[’'])\s+(?:[\w-]+\s+)?(?:attempts?|efforts?|bids?)\s+to\s+$", re.IGNORECASE
)
_WORDS = re.compile(r"[\w’'-]+")
_WORD_PARTS = re.compile(r"[\w’']+")  # "co-developed" holds "developed" too


# ------------------------------------------------------------------------------------------
# The approach itself: the names and people that refer to it
# ------------------------------------------------------------------------------------------

_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
# Where a title's parts meet ("Feedback-Informed Treatment and Routine Outcome Monitoring");
# not "for": "DBT for Adolescents" names its parent approach first.
_TITLE_SPLIT = re.compile(r"\s+(?:and|&)\s+|\s*[:—–]\s*", re.IGNORECASE)
_SMALL_WORDS = frozenset(["and", "&", "of", "the", "for", "in", "a", "an", "to", "with", "on"])
_ALIAS = re.compile(
    r"\b(?:(?:also|sometimes|often|originally|formerly|previously|once|widely|commonly)\s+"
    r"(?:called|known\s+as|named|termed|referred\s+to\s+as)|formerly)\s+"
    # a name, not a description: "described as a variant of CBT", "called a form of …" name nothing
    r"(?!(?:a|an)\s)[“\"]?(?P<alias>[\w’'-]+(?:\s+[\w’'-]+){0,5}?)[”\"]?(?=\s*(?:[,;.)]|\s+or\s|\s+and\s|$))",
    re.IGNORECASE,
)
_OUTSIDE_NAME = re.compile(r"[a-z][\w’'-]*|The|A|An")  # a word before a name, not of it
_ACRONYM = re.compile(
    r"\((?P<acronym>[A-Z][A-Za-z]?[A-Z]{1,6}[a-z]?|[A-Z]{1,5}[\s-][A-Z]{1,6})(?:\)|[,;]\s)"
)  # "(DBT)", "(MBCTs)", "(RO DBT)", "(CBTp)"
_WORD = re.compile(r"[\w’'-]+")


_THERAPY_HEADS = ("psychotherapy", "therapy", "treatment", "counseling")
# Heads an acronym may leave out: "Prolonged Exposure Therapy (PE)", "… Oregon Model (PMTO)"
_ACRONYM_HEADS = (
    *_THERAPY_HEADS,
    "model",
    "program",
    "programme",
    "approach",
    "method",
    "protocol",
)
# "the eight-phase protocol", "the 12-session program": a count describes the approach itself
_DURATION = re.compile(
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|sixteen|twenty)-"
    r"(?:week|session|day|month|hour|module|year)s?"
)
_COUNTED = re.compile(r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)-\w+")


def _core(name: str) -> str:
    """An approach's name without its therapy head: "existential psychotherapy" → "existential"."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1] in _THERAPY_HEADS else name


@lru_cache(maxsize=8192)
def approach_slug(name: str) -> str:
    """The slug an approach's name gives, the same from a title, an alias or a lineage object:
    no parenthesis, no leading "The", British spellings folded, a plural head made singular,
    and "… of Psychotherapy" dropped from a longer name.

    >>> approach_slug("The Contextual Model of Psychotherapy")
    'contextual-model'
    >>> approach_slug("Person-Centred Therapies")
    'person-centered-therapy'
    >>> approach_slug("Working Alliance Theory (Bordin)")
    'working-alliance-theory'
    """
    words = _approach_words(name)
    slug = _words_slug(words)
    known = _known_names()
    if slug in known:
        return known[slug]
    for form in reduced_forms(words):  # "the Hakomi method", "Zen practice": a known name
        if form:
            shorter = _words_slug([*form[:-1], _singular(form[-1])])
            if shorter in known:
                return known[shorter]
    return slug


def _approach_words(name: str) -> list[str]:
    """A name's words as its slug is made of them: folded, without a leading article, "… of
    psychotherapy" or a packaging head, a theory's head after its topic, the last one
    singular."""
    text = _PARENTHESIS.sub("", name).strip().strip("“”\"'")
    words = [SPELLING_VARIANTS.get(w, w) for w in text.casefold().split()]
    words = [_fold_parts(w) for w in words]
    if len(words) > 1 and words[0] in ("the", "a", "an"):
        words = words[1:]
    if len(words) > 3 and words[-2] == "of" and words[-1] in ("psychotherapy", "therapy"):
        words = words[:-2]
    if len(words) > 2 and words[-1] in LINEAGE_PACKAGING_HEADS:
        words = words[:-1]  # "the interacting cognitive subsystems framework", "MBSR programme"
    elif len(words) > 2 and words[-1] == "model" and words[-2] in _THERAPY_HEADS:
        words = words[:-1]  # "the MRI brief therapy model"
    topic_first = len(words) > 2 and words[0] in _TOPIC_FIRST_HEADS and words[1] == "of"
    if topic_first and "of" not in words[2:]:
        # "the theory of social mentalities" is social mentality theory, "Chochinov's model of
        # dignity" the dignity model: one slug whichever order a writer names a theory in; "the
        # principle of reciprocal inhibition" is reciprocal inhibition
        head = [] if words[0] == "principle" else [words[0]]
        words = [*words[2:-1], _singular(words[-1]), *head]
    if words:
        words[-1] = _singular(words[-1])
    return words


# Heads a theory may be named by before its topic ("the theory of attachment")
_TOPIC_FIRST_HEADS = frozenset(["theory", "model", "principle"])


def _words_slug(words: list[str]) -> str:
    slug = slugify(" ".join(words))
    return LINEAGE_SAME_APPROACH.get(slug, slug)


@cache
def _known_names() -> dict[str, str]:
    """The slug of each name of `APPROACH_NAMES` → the slug of its node's name."""
    table: dict[str, str] = {}
    for name, others in APPROACH_NAMES.items():
        node = _words_slug(_approach_words(name))
        for other in (name, *others):
            table[_words_slug(_approach_words(other))] = node
    return table


def _school_name(owner: str) -> bool:
    """A possessive's owner that names a school, not a person: its last word an "-ism" or the
    like ("Zen Buddhism", "Stoicism"), or a school's known name."""
    last = owner.split()[-1].casefold() if owner.split() else ""
    named = last.endswith(LINEAGE_NAME_SUFFIXES) and last not in LINEAGE_NOT_NAMES
    return named or _is_school(owner)


def _founder_adjective(words: list[str]) -> bool:
    """Whether the first word is an adjective the school the rest names is also called by
    ("Jungian" for analytical psychology, which is also "Jungian psychology"; but "Kleinian
    psychoanalysis" is a school of its own)."""
    return words[0].casefold() in _school_epithets().get(approach_slug(" ".join(words[1:])), ())


@cache
def _school_epithets() -> dict[str, frozenset[str]]:
    """Each school's slug → the first words of its other names ("jungian", "freudian")."""
    table: dict[str, set[str]] = {}
    for name, others in APPROACH_NAMES.items():
        firsts = {other.split()[0] for other in others if len(other.split()) > 1}
        table.setdefault(approach_slug(name), set()).update(firsts)
    return {slug: frozenset(firsts) for slug, firsts in table.items()}


def _is_school(name: str) -> bool:
    """Whether a name gives the node of a school `APPROACH_NAMES` lists."""
    return approach_slug(name) in _school_slugs()


@cache
def _school_slugs() -> frozenset[str]:
    return frozenset(_known_names().values())


def _fold_parts(word: str) -> str:
    return "-".join(SPELLING_VARIANTS.get(part, part) for part in word.split("-"))


def _singular(word: str) -> str:
    if word.endswith("ies") and word[:-3] + "y" != word:
        return word[:-3] + "y"
    if word.endswith("s") and word[:-1] in LINEAGE_APPROACH_HEADS:
        return word[:-1]
    return word


def initials(words: Iterable[str], *, hyphens: bool) -> str:
    """The capital initials of the content words ("Dialectical Behavior Therapy" → DBT)."""
    letters = []
    for word in words:
        if word.casefold() in _SMALL_WORDS:
            continue
        for part in word.split("-") if hyphens else [word]:
            if part[:1].isalpha():
                letters.append(part[0].upper())
    return "".join(letters)


# People around an approach who are not the approach ("Its critics drew on …").
_OTHER_PEOPLE = frozenset(
    {"critics", "practitioners", "proponents", "opponents", "detractors", "skeptics", "sceptics"}
    | {"clients", "patients", "therapists", "trainees", "users", "supporters", "advocates"}
)

_EPONYMOUS = re.compile(
    r"\s*(?:(?:the|this)\s+)?(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+(?P<noun>[a-z]+)\s*",
    re.I,
)  # "The Satir model", "Bowen therapy": a creator's name and a noun for the approach


def _self_noun(word: str) -> bool:
    """A noun that names the approach when a creator's name comes before it."""
    return word.casefold() in SELF_NOUNS


# A quantified subject: "Much of the technique", "Part of the protocol", "Half of its skills"
_QUANTIFIED = re.compile(
    r"(?:much|most|part|some|all|many|each|parts|(?:the\s+other\s+)?half)\s+of\s+(?=the\s|its\s)",
    re.I,
)
# A subject that is one of the approach's emphases or ideas, about a thing in plain words
_ABSTRACT_PART = re.compile(
    r"the\s+(?:[a-z][\w-]*\s+)?(?:emphasis|focus|stress|insistence|reliance|interest|attention"
    r"|idea|notion|concept|use|stance|view|picture|account|preoccupation|concern)\s+"
    r"(?:on|upon|of|in|with|to)\s+[a-z]",
    re.IGNORECASE,
)
# Something done in one of the approach's stages or parts: "The emotional deepening of the
# attachment task", "The pacing of the exposure sessions"
_OF_ITS_STAGE = re.compile(
    r"the\s+(?:[a-z][\w-]*\s+){0,2}?(?P<head>[a-z][\w-]*)\s+of\s+the\s+(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:task|tasks|phase|phases|stage|stages|session|sessions|module|modules|exercises"
    r"|techniques|procedures)",
    re.IGNORECASE,
)
_STAGE_PEOPLE = re.compile(rf"{CREATOR_NOUN}s?|{'|'.join(sorted(_OTHER_PEOPLE))}", re.IGNORECASE)
# A part of the approach as a subject: "The systems thinking behind it", "the thinking beneath
# IFS" (one to five words, then the approach; "of" is left out: "The roots of X" are read by
# the phrasings that name roots).
_PART_OF_IT = re.compile(
    r"(?:the\s+)?(?:[\w’'-]+\s+){0,4}?[\w’'-]+\s+(?:behind|beneath|underlying)\s+"
    r"(?P<whole>it|(?:the\s+|this\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,5})"
    # "The actualizing tendency at its centre", "The family meal in its second session": a part
    # placed in the approach by "its"
    r"|the\s+(?:[\w’'-]+\s+){0,3}?(?P<head>[\w’'-]+)\s+(?:at|in|of|within|from)\s+"
    r"(?P<its>its)\s+(?:[\w’'-]+\s+){0,2}[\w’'-]+",
    re.IGNORECASE,
)


def _part_subject(region: str) -> bool:
    """Whether a clause's subject is one of the approach's parts ("The experiential
    techniques", "Its skills modules") rather than the approach itself."""
    subject = _subject_phrase(region)
    if subject is None:
        return False
    words = subject[0].split()
    if len(words) >= 2 and words[0].casefold() in ("its", "their"):
        return True  # "Its three-system model of affect regulation": whatever it is, a part
    if _QUANTIFIED.match(subject[0]):
        return True  # "Much of its content", "Part of the protocol": a share of it
    return _own_part(words) or bool(_ABSTRACT_PART.match(subject[0]))


def _own_part(words: list[str]) -> bool:
    lowered = [w.casefold() for w in words]
    return (
        2 <= len(lowered) <= 4
        and lowered[0] == "the"
        and lowered[-1] in LINEAGE_OWN_PARTS
        and all(w.islower() and w.replace("-", "").isalpha() for w in words[1:])
    )


# A creator's joint work with a partner: "'s later collaboration with", "'s work with"
_WITH_PARTNER = re.compile(
    r"\s+(?:[a-z][\w-]*\s+){0,2}(?:collaboration|collaborations|work|partnership|writing)\s+"
    r"with\s+"
)
_OWNED_BY_PRONOUN = re.compile(r"(?:his|her|their)\s+", re.IGNORECASE)
_GIVEN_NAMES_LEAD = re.compile(r"(?:[A-Z][a-z’'-]+\.?\s+){1,2}")
_COLLEAGUES = re.compile(
    r"\s*,?\s*(?:and|&|with)\s+(?:(?:his|her|their)\s+)?(?:colleagues|students|team|co-?workers"
    r"|associates|collaborators)\s*$",
    re.IGNORECASE,
)
_NAME_JOIN = re.compile(r"\s*(?:,|and|&|,\s*and)?\s*")


@dataclass(slots=True)
class OwnApproach:
    """What refers to the article's approach, and the approach names the article spells out."""

    title: str
    slug: str
    names: set[str] = field(default_factory=set)  # casefolded: the title, its parts, aliases
    acronyms: set[str] = field(default_factory=set)  # as written: "DBT"
    creators: set[int] = field(default_factory=set)  # ids of the creators' PersonRecords
    # name or acronym (casefolded) → (slug, label) for approaches the article names in full
    known: dict[str, tuple[str, str]] = field(default_factory=dict)
    # surnames (casefolded) that only creators bear, several of them ("Perls" for Fritz and
    # Laura Perls): the people reader leaves such a name unresolved, yet it is a creator's
    shared_creator_surnames: set[str] = field(default_factory=set)
    # the article's own key terms (casefolded, without "the"): its components ("limited
    # reparenting", "the reformulation letter"), subjects that speak for the approach
    parts: set[str] = field(default_factory=set)
    # the sentence before the one being read named people, and only creators: a bare "He",
    # "She" or "They" that opens this one, with no one named before it, is one of them
    # ("Theraplay was created by Ann M. Jernberg … . She drew heavily on …"); set per sentence
    pronoun_is_creator: bool = False

    def add_part(self, term: str) -> None:
        """A key term of the article as one of the approach's parts, unless it names a school
        or a theory ("Attachment theory" among the key terms is another approach's)."""
        words = _WORD.findall(term.casefold())
        if not words or len(words) > 5:
            return
        if words[-1] in LINEAGE_APPROACH_HEADS or words[-1].endswith(LINEAGE_NAME_SUFFIXES):
            return
        name = " ".join(words)
        if self.is_name(name) or _is_school(name):
            return
        self.parts.add(name.removeprefix("the "))

    def _is_part(self, phrase: str) -> bool:
        words = _WORD.findall(phrase.casefold())
        if words and words[0] in ("the", "its", "a", "an"):
            words = words[1:]
        return " ".join(words) in self.parts

    def refers_to(self, phrase: str, mentions: list[Mention], offset: int) -> bool:
        """Whether a subject noun phrase (starting at `offset` in its sentence) is the approach."""
        words = phrase.split()
        if not words:
            return False
        if words[0].casefold() == "it" or (
            words[0].casefold() == "its"
            and not _OTHER_PEOPLE.intersection(w.casefold() for w in words)
        ):
            return True  # "Its roots", not "Its critics" or "Its practitioners"
        quantified = _QUANTIFIED.match(phrase)
        if quantified is not None:  # "Much of the technique", "Part of the protocol"
            return self.refers_to(phrase[quantified.end() :], mentions, offset + quantified.end())
        bare = _strip_possessive(phrase)
        if self.is_name(bare) or self._is_self_noun(bare.split()) or _own_part(words):
            return True
        if (
            len(words) == 2
            and words[0].casefold() == "the"
            and _strip_possessive(words[1]) in (self.acronyms)
        ):
            return True  # "The UP overlaps with …"
        if self._is_part(phrase):
            return True  # "Limited reparenting is a departure from …": a key term of its own
        if _ABSTRACT_PART.match(phrase):
            return True  # "The emphasis on facial expression owes …": the approach's emphasis
        staged = _OF_ITS_STAGE.fullmatch(phrase.strip())
        if staged is not None and not _STAGE_PEOPLE.fullmatch(staged["head"]):
            return True  # "The emotional deepening of the attachment task leans on …"
        part = _PART_OF_IT.fullmatch(phrase.strip())
        if part is not None and part["its"]:
            return part["head"].casefold() not in _OTHER_PEOPLE  # not "the critics of its …"
        if part is not None:  # "The systems thinking behind it"
            whole = part["whole"]
            return (
                whole.casefold() == "it" or self.is_name(whole) or self._is_self_noun(whole.split())
            )
        if len(words) == 1 and words[0].casefold() in ("he", "she", "they"):
            if not any(m.end <= offset for m in mentions):  # no one named before it here
                return self.pronoun_is_creator
            return self._creator_before(mentions, offset)  # "Bowen rejected X, and he drew on Y"
        if words[0].casefold() in ("his", "her", "their") and self._is_self_noun(
            ["the", *words[1:]]
        ):
            if not any(m.end <= offset for m in mentions):  # no one named before it here
                plural = words[0].casefold() == "their"
                return len(self.creators) > 1 if plural else len(self.creators) == 1
            return self._creator_before(mentions, offset)  # "Beck …, and his approach …"
        eponym = _EPONYMOUS.fullmatch(phrase)
        if eponym is not None and _self_noun(eponym["noun"]):
            # "The Satir model", "the Kohut approach", "Bowen therapy": named for a creator
            at = offset + eponym.start("name")
            return self._is_creator(eponym["name"], mentions, at)
        return self._is_creator(phrase, mentions, offset)

    def _creator_before(self, mentions: list[Mention], offset: int) -> bool:
        """The person named last before `offset` in the sentence is a creator (whom a possessive
        pronoun there refers to); False when no one is named before it."""
        before = [m for m in mentions if m.end <= offset]
        return bool(before) and all(
            id(m.person) in self.creators for m in before if m.start >= before[-1].start - 40
        )

    def is_name(self, phrase: str) -> bool:
        folded = phrase.casefold().strip()
        folded = folded[4:] if folded.startswith("the ") else folded
        first, _, rest = folded.partition(" ")
        if rest and first in _PERIOD_ADJECTIVES:  # "Modern CBT", "Classic person-centred therapy"
            phrase, folded = phrase.strip().split(" ", 1)[1], rest
        slug = approach_slug(folded)
        if folded in self.names or slug == self.slug:
            return True
        if any(slug == approach_slug(name) for name in self.names):
            return True  # "Multicultural counselling" in "Multicultural Counseling and Therapy"
        if self._same_core(folded):
            return True
        return re.sub(r"[\s-]", "", phrase.strip()) in self.acronyms  # "RO DBT", "TF-CBT"

    def is_owned_name(self, phrase: str) -> bool:
        """The approach's name, or its name after a founder's possessive pronoun and up to two
        modifiers: "her art therapy", "his dynamically oriented method"."""
        if self.is_name(phrase):
            return True
        owned = _OWNED_BY_PRONOUN.match(phrase.strip())
        if owned is None:
            return False
        words = phrase.strip()[owned.end() :].split()
        return any(self.is_name(" ".join(words[i:])) for i in range(min(3, len(words))))

    def _same_core(self, folded: str) -> bool:
        """ "existential therapy" for Existential Psychotherapy, "prolonged exposure" for
        Prolonged Exposure Therapy: the same name but for a therapy head, at least two words
        or the head kept."""
        own_name, name = self.slug.replace("-", " "), approach_slug(folded).replace("-", " ")
        mine, theirs = _core(own_name), _core(name)
        if not mine or mine != theirs:
            return False
        if len(mine.split()) > 1:
            return True
        # one word before the head: only therapy and psychotherapy name the same approach
        heads = {own_name.split()[-1], name.split()[-1]}
        return heads <= {"therapy", "psychotherapy"} and len(heads) == 2

    @staticmethod
    def _is_self_noun(words: list[str]) -> bool:
        lowered = [w.casefold() for w in words]
        if len(lowered) < 2 or lowered[0] not in ("the", "this", "our"):
            return False
        return lowered[-1] in SELF_NOUNS and all(
            w in SELF_NOUN_ADJECTIVES or _COUNTED.fullmatch(w) for w in lowered[1:-1]
        )

    def _is_creator(self, phrase: str, mentions: list[Mention], offset: int) -> bool:
        """The phrase is a creator's name, or a creator's possessive ("Rogers’s conditions"),
        with their colleagues or not ("Henggeler and his colleagues")."""
        phrase = _COLLEAGUES.sub("", phrase)
        end = offset + len(phrase)
        inside = [m for m in mentions if offset <= m.start < end]
        if not inside:
            return _strip_possessive(phrase).strip().casefold() in self.shared_creator_surnames
        # a given name the people reader did not join to the surname ("Ron Kurtz's method")
        lead = phrase[: inside[0].start - offset]
        if lead and not _GIVEN_NAMES_LEAD.fullmatch(lead):
            return False
        if (
            inside[0].possessive
            and len(inside) > 1
            and id(inside[0].person) in self.creators
            and _WITH_PARTNER.fullmatch(phrase, inside[0].end - offset, inside[1].start - offset)
        ):
            return True  # "Ogden's later collaboration with Janina Fisher folded X into …"
        if not all(id(m.person) in self.creators for m in inside):
            return False
        if inside[0].possessive and len(inside) == 1:
            return True  # "Linehan’s approach", "Rogers’s conditions"
        # "Linehan", "Klerman and Weissman": the names and nothing but "and" between them, and
        # after a possessive last name anything ("de Shazer and Berg’s approach")
        between = [phrase[a.end - offset : b.start - offset] for a, b in pairwise(inside)]
        tail = phrase[inside[-1].end - offset :]
        tails = [] if inside[-1].possessive else [tail]
        return all(_NAME_JOIN.fullmatch(t) for t in [*between, *tails])

    def add_name(self, name: str) -> None:
        self.names.add(name.casefold())
        self.known[name.casefold()] = (self.slug, self.title)


def own_approach(
    title: str,
    slug: str,
    texts: Iterable[str],
    see_also: Iterable[str],
    creators: set[int],
    parts: Iterable[str] = (),
) -> OwnApproach:
    """The names an article gives its approach: the title, its parts of two words or more (and
    without "The"), the acronym of its initials, "Full Name (ACR)" and "also known as …" aliases
    said of it; and the approaches "See also" names, so that objects meet their articles. `parts`:
    the article's key terms, its own components as subjects."""
    own = OwnApproach(title, slug, creators=set(creators))
    for name in _title_forms(title):
        own.add_name(name)
    lone = _LONE_CORE.fullmatch(_PARENTHESIS.sub("", title).strip())
    if lone is not None:  # "Naikan" for Naikan Therapy, "sandplay" for Sandplay Therapy
        own.add_name(lone["core"])
    unformatted = _without_format(_PARENTHESIS.sub("", title).strip())
    if unformatted is not None:  # "symbolic-experiential therapy" for … Family Therapy
        own.add_name(unformatted)
    for hyphens in (True, False):
        acronym = initials(_WORD.findall(_PARENTHESIS.sub("", title)), hyphens=hyphens)
        if len(acronym) >= 2:
            own.acronyms.add(acronym)  # compared without hyphens: "TF-CBT"
    for acronym, name in APPROACH_ACRONYMS.items():
        if approach_slug(name) == own.slug:
            own.acronyms.add(acronym)  # "IPT" for Interpersonal Psychotherapy
    for other in see_also:
        for name in _title_forms(other):
            own.known.setdefault(name.casefold(), (approach_slug(other), other))
    for text in texts:
        _learn_acronyms(own, text)
        _learn_aliases(own, text)
    for term in parts:
        own.add_part(term)
    return own


# A title of one word and a therapy head: the word alone names the approach too
_LONE_CORE = re.compile(
    r"(?P<core>[A-Z][a-z]{3,})\s+(?:Therapy|Psychotherapy|Method)", re.IGNORECASE
)


def _without_format(title: str) -> str | None:
    """A title without the format word before its therapy head ("Symbolic-Experiential Family
    Therapy" → "Symbolic-Experiential Therapy"), when what is left still names it: a modifier
    that is not generic, and no other approach the lexicon knows ("Cognitive Behavioral
    Couple Therapy" without "couple" is CBT, its parent)."""
    words = title.split()
    if len(words) < 3 or words[-1].casefold() not in _THERAPY_HEADS:
        return None
    if words[-2].casefold() not in FORMAT_MODIFIERS:
        return None
    rest = [*words[:-2], words[-1]]
    if all(_generic(w.casefold()) or w.casefold() in FORMAT_MODIFIERS for w in rest[:-1]):
        return None
    name = " ".join(rest)
    if known_acronym(name) is not None or _is_school(name):
        return None
    return name


def _title_forms(title: str) -> list[str]:
    plain = _PARENTHESIS.sub("", title).strip()
    forms = [plain]
    # "Adlerian Therapy (Individual Psychology)": a name of two words or more in parentheses
    # is the approach's too ("(Bordin)" names a person, "(CBT)" is read as an acronym)
    forms.extend(p for p in re.findall(r"\(([^()]+)\)", title) if len(p.split()) >= 2)
    if plain.casefold().startswith("the "):
        forms.append(plain[4:])
    forms.extend(p for p in _TITLE_SPLIT.split(plain) if len(p.split()) >= 2)
    head, sep, _ = plain.partition(" for ")
    if sep and len(head.split()) >= 2 and known_acronym(head) is None:
        # "Unified Protocol for Transdiagnostic Treatment of …" is the Unified Protocol; but
        # "Cognitive Behavioral Therapy for Insomnia" names its parent first
        forms.append(head)
    return [f.strip() for f in forms if f.strip()]


def _learn_acronyms(own: OwnApproach, text: str) -> None:
    """ "Dialectical Behavior Therapy (DBT)": the words before the parenthesis whose initials
    spell the acronym name it; when they are the approach, the acronym refers to it."""
    for match in _ACRONYM.finditer(text):
        acronym = match["acronym"]
        if acronym.endswith("s") and acronym[:-1].isupper():
            acronym = acronym[:-1]  # "(MBCTs)", not the "s" of "(ImRs)" for imagery rescripting
        if _variant_acronym(acronym, own.title):
            own.acronyms.add(re.sub(r"[\s-]", "", acronym))  # "IPT-A", "TF-CBT", "CBT-I"
            continue
        words = _WORD.findall(text[: match.start()])
        if any(
            own.is_name(" ".join(words[-size:]))
            # not "Mindfulness-Based Cognitive Therapy (MBCT)" in an article on cognitive therapy
            and (size == len(words) or _OUTSIDE_NAME.fullmatch(words[-size - 1]) is not None)
            for size in range(2, min(len(words), 8) + 1)
        ):
            # "Enhanced Cognitive Behaviour Therapy (CBT-E)": after the approach's own name, the
            # acronym is its, spelled in order or not
            own.acronyms.add(re.sub(r"[\s-]", "", acronym))
            continue
        for size in range(1, min(len(words), 8) + 1):
            tail = words[-size:]
            if tail[0].casefold() in _SMALL_WORDS:
                continue
            # "Prolonged Exposure Therapy (PE)": the therapy head may have no letter
            headless = tail[:-1] if len(tail) > 2 and tail[-1].casefold() in _ACRONYM_HEADS else []
            if any(
                _spells(initials(t, hyphens=h), acronym.upper())
                for h in (True, False)
                for t in ([tail, headless] if headless else [tail])
            ) or (len(tail) >= 2 and _spells_within(tail, acronym.upper())):
                name = " ".join(tail)
                if own.is_name(name):
                    own.acronyms.add(re.sub(r"[\s-]", "", acronym))
                else:
                    own.known.setdefault(acronym.casefold(), (approach_slug(name), name))
                    own.known.setdefault(name.casefold(), (approach_slug(name), name))
                break


def _variant_acronym(acronym: str, title: str) -> bool:
    """ "IPT-A" for Interpersonal Psychotherapy for Depressed Adolescents: a known approach's
    acronym joined to the initials of the title's other words, when the title names that
    approach ("TF-CBT" for Trauma-Focused Cognitive Behavioral Therapy)."""
    parts = re.split(r"[\s-]", acronym)
    if len(parts) != 2:
        return False
    folded = title.casefold()
    for known, other in ((parts[0], parts[1]), (parts[1], parts[0])):
        name = APPROACH_ACRONYMS.get(known)
        if name is None or approach_slug(name).replace("-", " ") not in approach_slug(
            title
        ).replace("-", " "):
            continue
        rest = folded.replace(name.casefold(), " ")
        initials_left = [w[0] for w in re.findall(r"[a-z][\w’'-]*", rest) if w not in _SMALL_WORDS]
        if all(letter.casefold() in initials_left for letter in other):
            return True
    return False


def _spells(letters: str, acronym: str) -> bool:
    """The acronym is the words' initials, or all but one inner initial of four or more
    ("Emotionally Focused Couples Therapy (EFT)")."""
    if letters == acronym:
        return True
    if len(letters) < 4 or len(acronym) != len(letters) - 1:
        return False
    return any(letters[:i] + letters[i + 1 :] == acronym for i in range(1, len(letters) - 1))


def _spells_within(words: list[str], acronym: str) -> bool:
    """The acronym takes each word's initial and, after it, letters from inside the word, in
    order: "Multisystemic Therapy (MST)", "Positive Psychotherapy (PPT)". Every word gives at
    least its initial; small words ("of", "and") may give nothing."""
    folded = [w.upper().replace("-", "") for w in words]

    def fits(word: int, at: int) -> bool:
        if word == len(folded):
            return at == len(acronym)
        if folded[word].casefold() in _SMALL_WORDS and fits(word + 1, at):
            return True
        if at >= len(acronym) or acronym[at] != folded[word][0]:
            return False
        rest, end = folded[word][1:], at + 1
        while True:
            if fits(word + 1, end):
                return True
            if end >= len(acronym):
                return False
            found = rest.find(acronym[end])
            if found < 0:
                return False
            rest, end = rest[found + 1 :], end + 1

    return fits(0, 0)


# A name the approach had before: "It was formerly called client-centred therapy" ("renamed Y"
# is left alone: Y may be the later name or the earlier one).
_FORMER_NAME = re.compile(
    r"\b(?:(?:originally|formerly|previously|once|first|initially)\s+(?:called|known\s+as|named"
    r"|termed)|formerly|under\s+the\s+(?:name|title|label)|(?<=\bwas\s)called(?=\s+\S+(?:\s+\S+){0,5}?\s+(?:when|until|before)\s))\s+"
    r"[“\"]?(?P<alias>[\w’'-]+(?:\s+[\w’'-]+){0,5}?)[”\"]?"
    r"(?=\s*(?:[,;.)]|\s+(?:or|and|in|around|by|when|after|before|until)\s|$))",
    re.IGNORECASE,
)


def former_names(text: str, *, own: OwnApproach) -> list[Influence]:
    """The approach's earlier names this sentence gives, as variant-of links (each an approach
    of its own name: "nondirective counseling", "client-centered therapy"); not an acronym, not
    today's title."""
    found: list[Influence] = []
    for match in _FORMER_NAME.finditer(text):
        subject = _subject_phrase(_clause_start_text(text[: match.start()]))
        if subject is None or not own.refers_to(subject[0], [], -1):
            continue
        found.extend(_former_name(match["alias"], own, headed=True))
    # "Hayes first called the approach X", "ACT, which Hayes first called X": the approach
    # named by someone, in the past
    for match in _CALLED_SELF.finditer(text):
        dated = match["first"] or _YEAR_IN.search(text)  # a naming in the past, not a label
        if dated and own.refers_to(match["self"], [], -1):
            found.extend(_former_name(match["alias"], own, headed=False))
    for match in _WHICH_FIRST_CALLED.finditer(text):
        before = text[: match.start()].split()[-6:]
        named = any(
            own.refers_to(" ".join(before[-size:]), [], -1) for size in range(len(before), 0, -1)
        )
        if named:
            found.extend(_former_name(match["alias"], own, headed=False))
    return found


def _former_name(alias: str, own: OwnApproach, *, headed: bool) -> list[Influence]:
    """A former name as a variant-of link: an approach's name (with `headed`, ending in an
    approach head; else also a plain lowercase name of two to four words)."""
    alias = alias.strip()
    words = alias.split()
    if not words or alias.isupper() or approach_slug(alias) == own.slug:
        return []
    plain = (
        2 <= len(words) <= 4
        and all(_PLAIN_NAME_WORD.fullmatch(w) for w in words)
        and words[0].casefold() not in _DETERMINERS | LINEAGE_OBJECT_STOPWORDS
        and words[-1].casefold() not in LINEAGE_VAGUE_HEADS | LINEAGE_NOT_NAMES
    )
    if words[-1].casefold() not in LINEAGE_APPROACH_HEADS and (headed or not plain):
        return []
    return [Influence("variant-of", node=_node(words, words), words=alias)]


_YEAR_IN = re.compile(r"\b(?:1[89]|20)\d\d")
_PLAIN_NAME_WORD = re.compile(r"[a-z][a-z-]+")
_NAMING_VERB = r"(?i:called|named|dubbed|termed|christened)"
_NAMER = r"(?:[A-Z][\w’'-]+(?:\s+(?:and|&)\s+[A-Z][\w’'-]+)?|(?i:he|she|they))"
_ALIAS_WORDS = (
    r"[“\"]?(?P<alias>[\w’'-]+(?:\s+[\w’'-]+){0,5}?)[”\"]?"
    r"(?=\s*(?:[,;.)]|\s+(?:or|and|in|around|by|when|after|before|until|for)\s|$))"
)
_CALLED_SELF = re.compile(
    rf"\b{_NAMER}\s+(?:(?P<first>(?i:first|originally|initially|at\s+first))\s+)?{_NAMING_VERB}\s+"
    r"(?P<self>(?i:it|the\s+(?:approach|method|therapy|model|treatment|programme|program))"
    rf"|[A-Z][\w-]+)\s+{_ALIAS_WORDS}"
)
_WHICH_FIRST_CALLED = re.compile(
    rf",\s+which\s+{_NAMER}\s+(?i:first|originally|initially|at\s+first)\s+{_NAMING_VERB}\s+"
    + _ALIAS_WORDS
)


def _learn_aliases(own: OwnApproach, text: str) -> None:
    """ "It was formerly called client-centred therapy": an alias, when said of the approach."""
    for match in _ALIAS.finditer(text):
        before = text[: match.start()]
        subject = _subject_phrase(_clause_start_text(before))
        if subject is not None and own.refers_to(subject[0], [], -1):
            alias = match["alias"].strip()
            if alias.isupper() and len(alias) <= 8:
                own.acronyms.add(alias.replace("-", ""))
            else:
                own.add_name(alias)


# ------------------------------------------------------------------------------------------
# Clauses: where a predicate's clause starts, and its subject
# ------------------------------------------------------------------------------------------

# (not the period of an initial: "Charles S. Sherrington's neurophysiology")
_HARD_BREAK = re.compile(r"[;:]\s*|\s+[—–]\s+|(?<!\b[A-Z])\.\s+")
_CLAUSE_BREAK = re.compile(
    r"(?P<rel>(?:,\s*|\s+)(?:which|who|whom|whose|where|whereby)\s+)"
    r"|(?P<and>,\s*and\s+)"
    r"|(?:,\s*|\s+)(?:while|whereas|but|although|though|because|since|so|yet|if|when)\s+"
    # "that" opens a clause, but not as a determiner after a preposition ("In that sense …")
    r"|(?:,\s*|(?<!\bin)(?<!\bon)(?<!\bat)(?<!\bby)(?<!\bof)(?<!\bfor)(?<!\bwith)(?<!\bfrom)\s+)"
    r"that\s+",
    re.IGNORECASE,
)
_FRONTED = re.compile(
    r"^(?:(?:because|although|though|while|since|as|when|after|before|once|unlike|like|in|on|at|to"
    r"|which|where|who"
    r"|by|from|during|through|following|with|for|over|under|within|among|across|beyond|despite"
    r"|besides|outside|inside|historically|today|later|together"
    r"|originally|initially|first|thus|therefore|however|moreover|indeed|rather|instead|contrary"
    r"|[\w-]+ly|[a-z]{3,}(?:ing|ed)(?=\s+(?:on|upon|in|into|from|by|against|to|with|as|at|for"
    r"|out|over|during|after|its|their|the|a|an)\b))\b"
    r"[^,]*,\s*)+",
    re.IGNORECASE,
)
# A short fronted phrase with no comma after it: "In this respect the model extends …", "In
# later work Greenberg drew on …" (what follows is the subject).
_FRONTED_BARE = re.compile(
    r"^(?:in|on|at|by|during|over|for|from)\s+(?:this|that|these|those|its|his|her|their|the"
    r"|later|early|earlier|some|many|several|most|certain|other|both|each|one|two)\s+"
    r"(?:[\w-]+\s+){0,2}?"
    r"(?:respect|respects|sense|way|ways|view|work|writings?|books?|years?|decades?|period|phase"
    r"|version|versions|form|forms|account|accounts|turn|end|time|times|case)\s+(?=\S)"
    # "From the 1990s the model absorbed …", "In 1991 Linehan drew on …"
    r"|^(?:in|from|by|during|since|after|before|until|through)\s+(?:the\s+)?(?:(?:early|late|mid)"
    r"[\s-]+)?(?:19|20)\d\d(?:s|['’]s)?\s+(?=\S)",
    re.IGNORECASE,
)
_APPOSITIVE = re.compile(r",[^,]*,")
# A preposition that opens a fronted phrase (not a contrast: "Unlike DBT ACT …")
_BARE_OPENER = re.compile(r"(?:in|on|at|by|for|from|during|through|with|after|over)\s", re.I)
_PRONOUN_SUBJECT = re.compile(r"\s*(?:it|they)\s+(?:(?:also|still|later|\w+ly)\s+)?", re.I)
# A relative clause's own short subject: "which the model took from", "that CAT borrowed"
_NOUN_SUBJECT = re.compile(
    r"\s*(?:(?:the|this)\s+(?:[\w-]+\s+)?[\w-]+|[A-Z][\w-]*)\s+(?:(?:also|still|later|\w+ly)\s+)?"
)
_ADVERB_TAIL = re.compile(r"\s+(?:also|still|later|\w+ly)\s*$")
_ITSELF_AFTER = re.compile(r"\s*(?:is|was|were|are|has|had)?\s*(?:itself|themselves)\b", re.I)
_ITSELF = re.compile(r",\s*(?:itself|themselves)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_JOINED_VERB = re.compile(r"(?:,\s*|\s+)(?:and|or|then)\s+$|,\s*$", re.IGNORECASE)
_BE_FORMS = frozenset(["is", "are", "was", "were", "be", "been", "being"])


@dataclass(frozen=True, slots=True)
class _Clause:
    start: int  # where the clause text begins in the sentence
    relative: bool  # begins with a relative pronoun: its subject is another noun
    joined: bool  # begins with ", and": the verb may share the subject before it


def _clause_before(text: str, verb: int) -> _Clause:
    """The clause a predicate at `verb` belongs to."""
    start, relative, joined = 0, False, False
    for match in _HARD_BREAK.finditer(text, 0, verb):
        start, relative, joined = match.end(), False, False
    for match in _CLAUSE_BREAK.finditer(text, start, verb):
        start, relative, joined = match.end(), bool(match["rel"]), bool(match["and"])
    return _Clause(start, relative, joined)


def _light(word: str) -> bool:
    w = word.casefold().strip(",")
    return w in LINEAGE_LIGHT_WORDS or bool(_ADVERB.fullmatch(w))


def _clause_start_text(before: str) -> str:
    return before[_clause_before(before, len(before)).start :]


def _subject_phrase(region: str) -> tuple[str, int] | None:
    """The subject noun phrase of a clause region (the text from the clause start to its
    verb), with its offset in the region; None when the region holds no plain subject.

    Fronted adverbials ("In 1991, …") and appositives (", developed by …,") are skipped; light
    words just before the verb ("has also", "was later") are not the subject, and the subject
    ends at its first auxiliary ("The program can be read as …")."""
    fronted = _FRONTED.match(region) or _FRONTED_BARE.match(region)
    offset = fronted.end() if fronted else 0
    rest = _APPOSITIVE.sub(lambda m: " " * len(m.group()), region[offset:])
    tokens = list(re.finditer(r"\S+", rest))
    while len(tokens) > 1 and _light(tokens[-1].group()):
        tokens.pop()
    for index, token in enumerate(tokens):
        word = token.group().casefold().strip(",")
        if index and (word in _AUXILIARIES or LINEAGE_CONTRAST_RE.fullmatch(word)):
            tokens = tokens[:index]
            break
        if token.group().endswith(","):
            tokens = tokens[: index + 1]
            break
    if not tokens or tokens[0].group().casefold() in _AUXILIARIES:
        return None
    phrase = rest[tokens[0].start() : tokens[-1].end()].rstrip(",")
    return phrase, offset + tokens[0].start()


_AUXILIARIES = frozenset(
    {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "can", "could"}
    | {"may", "might", "must", "should", "would", "will", "shall", "does", "did", "do"}
)
_ADVERB = re.compile(r"(?!(?:family|early|only|assembly|italy|holy|ugly)$)[a-z]{2,}ly")


def _strip_possessive(phrase: str) -> str:
    """ "DBT’s roots" → "DBT"; "The approach’s" → "The approach"."""
    match = re.search(r"(?:’s|'s|’|')(?:\s|$)", phrase)
    return phrase[: match.start()] if match else phrase


# ------------------------------------------------------------------------------------------
# Finding the influences a sentence states
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Influence:
    """One lineage object a sentence names: a node, or a person still being resolved, and the
    sentence's words for it."""

    relation: str  # a relation slug: "rooted-in", "influenced-by", …
    node: Node | None = None
    person: PersonRecord | None = None
    words: str = ""  # the object as the sentence words it
    # the link runs the other way: `node` (a later approach) stands in `relation` to the
    # article's approach ("Motivational interviewing builds on Rogers's listening")
    reverse: bool = False
    # the object only names the kind of therapy the approach is ("is classed as a behaviour
    # therapy"): lineage in Creators & Lineage, a description in Type & Discipline's opening
    kind_only: bool = False


# A short adverbial aside between commas ("was, in part, a reaction against"): read as spaces,
# so that the words around it meet as they would without it; positions stay the sentence's.
# Adverbial phrases that may stand between a subject and its verb or predicate noun, or as an
# aside between commas.
_ADVERBIAL_WORDS = (
    r"in\s+(?:(?:large|small|good|great)\s+)?part|in\s+(?:effect|essence|short|practice)"
    r"|at\s+(?:heart|root|bottom)"
    r"|in\s+(?:many|some)\s+(?:ways|respects)|to\s+(?:some|a\s+large)\s+extent"
)
_ASIDE = re.compile(
    rf",\s*(?:{_ADVERBIAL_WORDS}|at\s+least\s+(?:in\s+part|initially)|above\s+all|at\s+first"
    r"|initially|originally|largely|partly|essentially|arguably|historically|too|also|as\s+well"
    # "related to, but broader than, X": a qualification of the relation, which still holds
    r"|(?:but|if\s+not|though\s+not)\s+(?:[\w-]+\s+){0,2}?(?:than|from|to))\s*,",
    re.IGNORECASE,
)


# A parenthetical between a pair of dashes: "its emphasis on mentalizing — the capacity to … —
# from MBT" (what the dashes hold explains a word; the sentence reads on without it)
_DASH_ASIDE = re.compile(
    r"\s+—[^—;:]{1,160}?—(?=\s)|—[^—\s][^—;:]{0,160}?—(?=\s)|\s+–\s[^–;:]{1,160}?\s–(?=\s)"
)


def without_asides(text: str) -> str:
    """The sentence with its short comma-enclosed adverbial asides and its dash-enclosed
    parentheticals blanked (same length)."""
    if "—" in text or "–" in text:
        text = _DASH_ASIDE.sub(lambda m: " " * len(m.group(0)), text)
    return _ASIDE.sub(lambda m: " " * len(m.group(0)), text) if "," in text else text


# "Jobes describes the framework's stance as indebted to X", "Ellis regarded REBT as an
# outgrowth of X": a creator's framing of the approach, read as "<it> is indebted to X"
_FRAMED_AS = re.compile(
    r"(?P<lead>[A-Z][\w.'’ -]{0,60}?\s(?:describes|described|regards|regarded|sees|saw|views"
    r"|viewed|considers|considered|presents|presented|characteri[sz]es|characteri[sz]ed"
    r"|portrays|portrayed)\s)(?P<framed>[^,;:]{2,80}?)\s(?P<as>as)\s(?=indebted|rooted|grounded"
    r"|based|inspired|influenced|shaped|an?\s|the\s)"
)


def _creator_framing(text: str, own: OwnApproach, mentions: list[Mention]) -> str:
    """The sentence with a creator's framing verb blanked and its "as" read as "is" (same
    length), when a creator of the approach leads the sentence."""
    match = _FRAMED_AS.match(text)
    if match is None:
        return text
    person = _person_at(match.start("lead"), match.end("lead"), mentions)
    if person is None or id(person) not in own.creators:
        return text  # "Critics describe it as a rehash of X": no creator's own account
    blank = " " * (match.end("lead") - match.start("lead"))
    return text[: match.start()] + blank + match["framed"] + " is " + text[match.end() :]


def influences(text: str, *, own: OwnApproach, mentions: list[Mention]) -> list[Influence]:
    """Every lineage link from the article's approach that this sentence states."""
    text = _creator_framing(without_asides(text), own, mentions)
    found: list[Influence] = _conceded(text, own, mentions)
    found += _fronted_source(text, own, mentions)
    found += _paired(text, own, mentions)
    found += _reduced_relative_source(text, own, mentions)
    found += _denied_then_opposed(text, own, mentions)
    # "grounded CFT in": CFT must be the approach ("grounded her art therapy in" too)
    hits = predicate_hits(text, own.is_owned_name)
    if not hits:
        return found
    names = _name_spans(text, own)  # "Integrated behavioral couple therapy …": no verb in it
    hits = [h for h in hits if not any(a <= h.start < b for a, b in names)]
    quantified = _QUANTIFIED.match(text)  # "Part of its curriculum comes from …": no "part of"
    hits = [h for h in hits if quantified is None or h.end > quantified.end()]
    verdict: bool | None = None  # whether the previous predicate's subject was the approach
    for index, hit in enumerate(hits):
        previous = hits[index - 1] if index else None
        limit = len(text)
        fronted = _fronted_participle(text, hit, own, mentions)
        if fronted is not None:  # "Building on X, Gilbert developed …": the main clause's subject
            verdict, limit = fronted
        else:
            verdict = _subject_is_self(text, hit, previous, verdict, own, mentions)
            if not verdict and (hit.named is not None or hit.the_self):
                # the approach is the object ("Many commentators root the approach in Zen",
                # "Critics trace MBCT to …"): whoever says so, the link is the approach's, unless
                # the saying is doubted ("Few would root the approach in …"); "it" only after
                # people who say so ("Textbooks group it with …", not "a move that set it apart")
                clause = _clause_before(text, hit.start)
                verdict = not _DOUBTED_SAYING.search(text, clause.start, hit.start)
                if hit.the_self.casefold() == "it":
                    makers = any(
                        clause.start <= m.start < hit.start and id(m.person) in own.creators
                        for m in mentions
                    )  # "Lemma, Target and Fonagy built it around …": its makers
                    sayers = bool(_SAYERS.search(text, clause.start, hit.start))
                    verdict = verdict and (makers or sayers)
        if not verdict:
            continue
        clause = _clause_before(text, hit.start)
        if _contrasted(text, clause.start, hit.end, own_words=text[hit.start : hit.end]):
            continue
        if (
            hit.predicate.relation == "variant-of"
            and not (hit.the_self or hit.named or hit.predicate.noun)
            and any(
                clause.start <= m.start < hit.start
                and id(m.person) in own.creators
                and not m.possessive
                for m in mentions
            )
        ):
            continue  # "Frankl had belonged to Adler's circle": the creator's biography
        if _unrelated(text, hit, own):
            continue
        end = min(hits[index + 1].start if index + 1 < len(hits) else len(text), limit)
        source = text
        if not hit.inner and text[hit.start : hit.end].rstrip().casefold().endswith("from"):
            source = _blank_taken(text, hit.end, end)  # before the object's end is looked for
        span = hit.inner if hit.inner else (hit.end, _object_end(source, hit.end, end))
        if hit.predicate.possessor and text[hit.start : hit.end].rstrip().endswith(" to"):
            span = (span[0], _before_verb(text, span[0], span[1]))  # "Its debt to X shows …"
        counted = _COUNTED_COLON.match(text, span[0]) if not hit.inner else None
        if counted is not None:  # "modelled on three therapists …: A, B and C": the list
            span = (counted.end(), _object_end(text, counted.end(), len(text)))
        if not hit.predicate.by_object and text[span[0] :].casefold().startswith("by "):
            continue  # "It was adapted by …", "It was rejected by …": a passive's agent
        if _DENIED_IN_HIT.search(text, hit.start, hit.end):
            continue  # "owes nothing to Bowen's theory", "owes little to Kernberg": no debt
        if _DENIED_OBJECT.match(text, span[0]):
            continue  # "took its rituals from no earlier therapy": no source at all
        if hit.predicate.lemmas & _KEEPING and _OWNED_OBJECT.match(text, span[0]):
            continue  # "grew out of CT, keeping its structure and …": what it kept is CT's
        if _passed_on(text, hit, span[0]):
            continue  # "Its practices were incorporated into MBCT": a descendant, no lineage
        joined_later = bool(hit.predicate.lemmas & _JOINED_LATER) and bool(
            _PASSIVE_BEFORE.search(text, 0, hit.start)
        )  # "FAP is often combined with ACT": used together, no source
        part = _part_subject(text[clause.start : hit.start])
        joins_with = bool(hit.predicate.lemmas & LINEAGE_WITH_JOINS) or bool(
            _JOINING_NOUN.search(text, hit.start, hit.end)  # "an integration of X with Y"
        )
        if hit.predicate.relation == "variant-of":  # "belongs to X, along with Y": Y its sibling
            siblings = _SIBLINGS.search(text, span[0], span[1])
            span = (span[0], siblings.start()) if siblings else span
        for number, (start, item, after) in enumerate(_items(source, span[0], span[1], joins_with)):
            if number == 0 and own.is_name(" ".join(_noun_phrase(item))):
                break  # "Chard later adapted CPT for survivors, and …": a descendant, no source
            carried = _FROM.search(item) if number and hit.predicate.carried else None
            if carried:  # "… and its acceptance strategies from Zen Buddhism"
                start, item = start + carried.end(), item[carried.end() :]
            influence = _resolve(start, item, after, hit.predicate, own, mentions)
            if influence is not None and influence.relation == "adaptation-of" and part:
                influence = replace(influence, relation="influenced-by")  # its parts adapted
            if (
                influence is not None
                and part
                and influence.relation == "rooted-in"
                and hit.predicate.lemmas & (_SOURCED | _JOINING)
            ):
                # "Its joining techniques come from Minuchin": a part taken from a source, and
                # "Its trauma module integrates X": a part's sources (but "Its account of memory
                # rests on X" is what the approach is rooted in)
                influence = replace(influence, relation="influenced-by")
            if influence is not None and joined_later:
                influence = replace(influence, relation="related-to")
            person = influence.person if influence is not None else None
            if person is not None and id(person) in own.creators:
                continue  # "stems from Moreno’s theatre": its own creator is no lineage
            if influence is not None:
                found.append(influence)
    return found


# A counted plural that a colon spells out: "three therapists Bandler and Grinder had studied
# closely: Fritz Perls, Virginia Satir and Milton Erickson"
def _conceded(text: str, own: OwnApproach, mentions: list[Mention]) -> list[Influence]:
    """What a fronted concessive clause states, which the sentence grants ("Although it is
    often shelved beside X, SP was not derived from it": a likeness that stands; "Although it
    grew out of psychoanalysis, RCT rejects …"): read as a sentence of its own, its
    subordinator blanked so that positions stay the sentence's."""
    match = _CONCESSIVE.match(text)
    if match is None:
        return []
    clause = " " * match.end("word") + text[match.end("word") : match.end("clause")]
    inside = [m for m in mentions if m.end <= match.end("clause")]
    return influences(clause, own=own, mentions=inside)


def _denied_then_opposed(text: str, own: OwnApproach, mentions: list[Mention]) -> list[Influence]:
    """A descent the sentence denies, then the approach set against that same source: "WET
    does not derive from CPT; Sloan and Marx set it up as a lean alternative to it", "Seeking
    Safety is not a descendant of exposure therapy: Najavits designed it as a present-focused
    alternative", "X does not descend from Y, and its structure runs almost directly against
    it": reaction-against Y (the opposition names no other object)."""
    if "not" not in text and "never" not in text and "n’t" not in text and "n't" not in text:
        return []
    denied = _DENIED_DESCENT.search(text)
    subject = _subject_phrase(text[: denied.start()]) if denied is not None else None
    if denied is None or subject is None or not own.refers_to(subject[0], mentions, subject[1]):
        return []
    pause = next(
        (
            p
            for p in _DENIAL_PAUSE.finditer(text, denied.end())
            if _OPPOSED_AFTER.match(text, p.end())
        ),
        None,
    )
    if pause is None:
        return []
    items = object_items(text, denied.end(), _object_end(text, denied.end(), pause.start()))
    if len(items) != 1:
        return []  # one source only: "it" must have one antecedent
    if _DEMONSTRATIVE.match(items[0][1]):
        named = influences(text[: denied.start()], own=own, mentions=mentions)
        if len(named) != 1:
            return []
        return [replace(named[0], relation="reaction-against")]
    influence = resolve_object(*items[0], "reaction-against", own, mentions)
    return [] if influence is None else [influence]


# "does not derive from", "is not a descendant of", "was never derived from"
_DENIED_DESCENT = re.compile(
    r"\s(?:(?:does|did)\s+not|doesn['’]t|didn['’]t|never)\s+(?:\w+ly\s+)?(?:derive|descend|stem"
    r"|spring|grow\s+out)\s+(?:of|from)\s"
    r"|\s(?:is|was)\s+(?:not|never)\s+(?:\w+ly\s+)?(?:an?\s+)?(?:descendant|offshoot|branch"
    r"|derivative|outgrowth)\s+of\s"
    r"|\s(?:is|was)\s+(?:not|never)\s+(?:\w+ly\s+)?(?:derived|descended)\s+from\s",
    re.IGNORECASE,
)
_DENIAL_PAUSE = re.compile(r"\s*[;:]\s*|,?\s+(?:and|but)\s+|\s+[—–]\s+")
# After the pause: the approach set up as an alternative, or set against "it", in one clause
# (an alternative "to" something else names its own object: not this one)
_OPPOSED_AFTER = re.compile(
    r"[^;:.]{0,80}?\bas\s+an?\s+(?:[\w-]+\s+){0,2}?(?:alternative|corrective|counterweight"
    r"|antidote|reaction|response)(?:\s+to\s+(?:it|them|that)\b|(?!\s+to\s))"
    r"|[^;:.]{0,80}?\b(?:runs?|ran|stands?|stood|sets?|set\s+up|defined|positioned|built"
    r"|designed|works?|worked)\s+(?:[\w-]+\s+){0,3}?against\s+(?:it|them|that)\b",
    re.IGNORECASE,
)
# "does not descend from that twelve-step tradition": the approach named before it
_DEMONSTRATIVE = re.compile(r"(?:that|this|the\s+same)\s", re.IGNORECASE)


_CONCESSIVE = re.compile(
    r"(?P<word>\s*(?:although|though|even\s+though|while|whilst))\s+(?P<clause>[^,;]+?),\s",
    re.IGNORECASE,
)


_COUNTED_COLON = re.compile(
    r"(?:(?:the|its|his|her|their)\s+)?(?:two|three|four|five|six|seven|several|a\s+few"
    r"|various|many)\s+[^:;.]{1,80}?:\s+",
    re.IGNORECASE,
)


# Verbs of where something came from: said of a part, they tell what it was taken from
_SOURCED = frozenset(["come", "derive", "stem", "originate", "spring"])
# Joining verbs, active: the whole approach made of its sources (rooted in); a part joining
# sources ("Its trauma module integrates X") only borrows from them
_JOINING = frozenset(
    ["combine", "blend", "fuse", "merge", "marry", "integrate", "synthesise", "synthesize", "bring"]
)
# "Morita therapy and Naikan are often grouped together as …": two approaches as one subject
# of a verb that puts them side by side; each is related to the other
_PAIRED = re.compile(
    r"^(?P<a>[^,;:]+?)\s+and\s+(?P<b>[^,;:]+?)\s+(?:are|were|have\s+been|had\s+been)\s+"
    r"(?:(?:often|usually|commonly|sometimes|frequently|also|regularly|still|typically)\s+)*"
    r"(?P<verb>grouped|bracketed|paired|lumped|mentioned|discussed|named|taught|classed|placed"
    r"|compared|likened|linked)(?:\s+together)?\b",
    re.IGNORECASE,
)


# "Shapiro's adaptive information processing model is the theory EMDR rests on": the source
# as subject, the approach inside a reduced relative after the copula
_SOURCE_OF_RELATIVE = re.compile(
    r"^(?P<source>[^,;:]{3,120}?)\s+(?:is|was)\s+(?:the|its)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:theory|model|framework|tradition|philosophy|foundation|basis|source|school)\s+"
    r"(?P<own>[^,;:]{2,60}?)\s+(?:(?:\w+ly|also|still|largely|first|originally)\s+)?"
    r"(?P<verb>rests|rested|builds|built|draws|drew|grew\s+out\s+of|is\s+based|was\s+based"
    r"|is\s+grounded|was\s+grounded|is\s+rooted|was\s+rooted)"
    r"(?:\s+(?:on|upon|in))?(?=[\s,.;:]|$)",
    re.IGNORECASE,
)
_RELATIVE_RELATION = {"draws": "influenced-by", "drew": "influenced-by"}


def _reduced_relative_source(
    text: str, own: OwnApproach, mentions: list[Mention]
) -> list[Influence]:
    if " is the " not in text and " was the " not in text and " is its " not in text:
        return []  # one cheap test first
    match = _SOURCE_OF_RELATIVE.match(text)
    if match is None or not own.refers_to(match["own"], mentions, match.start("own")):
        return []
    verb = match["verb"].split()[0].casefold()
    relation = _RELATIVE_RELATION.get(verb, "rooted-in")
    if verb in ("builds", "built"):
        relation = "extends"
    found = resolve_object(match.start("source"), match["source"], relation, own, mentions)
    person = found.person if found is not None else None
    if found is None or (person is not None and id(person) in own.creators):
        return []
    return [found]


_PAIRED_VERB = re.compile(
    r"(?:grouped|bracketed|paired|lumped|mentioned|discussed|named|taught|classed|placed"
    r"|compared|likened|linked)\b"
)


def _paired(text: str, own: OwnApproach, mentions: list[Mention]) -> list[Influence]:
    if " and " not in text or _PAIRED_VERB.search(text) is None:
        return []  # one cheap search first: most sentences hold no such verb
    match = _PAIRED.match(text)
    if match is None or _KINSHIP_DENIED.search(text) or _trial(text, own):
        return []  # "A and B were compared in a trial": a study's arms
    for mine, other in (("a", "b"), ("b", "a")):
        if own.refers_to(match[mine], mentions, match.start(mine)) and not own.refers_to(
            match[other], mentions, match.start(other)
        ):
            found = resolve_object(match.start(other), match[other], "related-to", own, mentions)
            return [found] if found is not None and found.node is not None else []
    return []


# Joining verbs whose passive ("has been combined with", "is often blended with") tells of use
# together (related to), where the active ("combines X with Y") tells what the approach is made of
_JOINED_LATER = frozenset(["combine", "blend", "fuse", "merge", "marry", "integrate"])
_PASSIVE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|being)\s+(?:(?:\w+ly|often|also|sometimes|since|now)\s+)*$",
    re.IGNORECASE,
)


# "From Taft’s relationship therapy, … it borrowed the conviction …", "From the Bateson
# project Haley took the idea …": the source fronted, the taking verb after the subject
_FROM_FRONTED = re.compile(
    r"From\s+(?P<rest>[^;:]{3,240}?)\s+(?:(?:also|later|first|then|directly|largely|\w+ly)\s+)?"
    r"(?P<verb>took|borrowed|inherited|adopted|drew|derived|learned|learnt|gained|imported"
    r"|acquired|absorbed|gets|took\s+over|takes|borrows|inherits|adopts|draws|derives"
    r"|learns|imports|absorbs)\b"
)


# "To Meyer's psychobiology IPT owes its focus": a fronted "to" source of "owe"
_TO_FRONTED = re.compile(
    r"To\s+(?P<rest>[^;:]{3,240}?)\s+(?:(?:also|later|first|then|directly|largely|\w+ly)\s+)?"
    r"(?P<verb>owes|owed|owe)\b"
)


def _subject_at_end(
    phrase: str, at: int, own: OwnApproach, mentions: list[Mention], *, keep: int
) -> int | None:
    """The length of the last one to three words of `phrase` (at `at` in its sentence) when
    they are the approach, a part of it or its creator, with at least `keep` words before them:
    the subject that ends a fronted phrase written without a comma."""
    words = phrase.split()
    for size in (1, 2, 3):
        tail = " ".join(words[-size:])
        start = at + len(phrase) - len(tail)
        if size <= len(words) - keep and own.refers_to(tail, mentions, start):
            return len(tail)
    return None


def _fronted_source(text: str, own: OwnApproach, mentions: list[Mention]) -> list[Influence]:
    """The source of a sentence that opens "From X[, …,] SUBJECT took …" or "To X[, …,]
    SUBJECT owes …", when the subject is the approach, a part of it or its creator: an
    influence of X."""
    match = _FROM_FRONTED.match(text) or _TO_FRONTED.match(text)
    if match is None:
        return []
    rest, at = match["rest"], match.start("rest")
    comma = rest.find(",")
    if comma >= 0:  # "From X, practised by …, it borrowed": the subject after the last comma
        source_end = comma
        subject = rest[rest.rfind(",") + 1 :]
        subject_at = at + rest.rfind(",") + 1
        if not own.refers_to(
            subject.strip(), mentions, subject_at + len(subject) - len(subject.lstrip())
        ):
            return []
    else:  # "From the Bateson project Haley took": the name or pronoun that ends the phrase
        tail = _subject_at_end(rest, at, own, mentions, keep=1)
        if tail is None:
            return []
        source_end = len(rest) - tail
    if LINEAGE_CONTRAST_RE.search(text, 0, match.start("verb")):
        return []
    found: list[Influence] = []
    for start, item in object_items(text, at, at + source_end):
        influence = resolve_object(start, item, "influenced-by", own, mentions)
        person = influence.person if influence is not None else None
        if influence is not None and (person is None or id(person) not in own.creators):
            found.append(influence)
    return found


# Verbs of keeping, and an object owned by a pronoun: what is kept is that other one's
_KEEPING = frozenset(["keep", "retain", "preserve"])
_OWNED_OBJECT = re.compile(r"\s*(?:its|their|his|her)\s", re.IGNORECASE)
# An object that denies there is one: "from no earlier therapy", "from none of the schools".
_DENIED_IN_HIT = re.compile(r"\b(?:nothing|little|none|no)\b", re.IGNORECASE)
_DENIED_OBJECT = re.compile(r"\s*(?:no|none\s+of|neither)\b", re.IGNORECASE)


def _unrelated(text: str, hit: _Hit, own: OwnApproach) -> bool:
    """A likeness the sentence takes back: a trial's arms ("was compared with CBT in a trial"),
    a grouping rejected ("lumped together with yoga, a grouping its developers reject"), a
    mention together whose kinship is denied ("often mentioned alongside X, although the two
    grew up apart")."""
    if _COMPARED.search(text, hit.start, hit.end) and _trial(text, own):
        return True
    # (a mention together whose descent is denied, "often mentioned alongside X, though the two
    # grew up independently", is a likeness that stands: related-to, as the articles' gold and
    # most sentence sets read it)
    return hit.predicate.relation == "related-to" and bool(_KINSHIP_DENIED.search(text, hit.end))


def _trial(text: str, own: OwnApproach) -> bool:
    """Whether the sentence speaks of a trial or a study ("RCT" in the relational-cultural
    therapy article is the approach, not a trial)."""
    return any(m.group() not in own.acronyms for m in _TRIAL_COMPARISON.finditer(text))


_COMPARED = re.compile(r"\b(?:compared|mentioned|named|discussed)\b", re.IGNORECASE)
# A likeness or grouping that the sentence goes on to reject
_GROUPING = r"(?:grouping|comparison|label|likeness|kinship|link|association|classification)"
_KINSHIP_DENIED = re.compile(
    rf"\b{_GROUPING}\b[^.;]{{0,40}}?\b(?:reject|disput|den(?:y|ies|ied))\w*"
    rf"|\b(?:reject\w*|disput\w*|den(?:y|ies|ied))\s+(?:the|this|that|such\s+an?)\s+{_GROUPING}\b"
    r"|\b(?:mistakenly|wrongly)\b"
    # "a kinship rather than a line of descent", "… grouped with X, but Y set it against …"
    r"|\brather\s+than\s+(?:a\s+)?(?:line\s+of\s+descent|descent|derivation|borrowing|debt)\b"
    r"|\bbut\b[^.;]{0,60}?\bset\s+(?:it|them)\s+(?:apart\s+from|against)\b",
    re.IGNORECASE,
)
_TRIAL_COMPARISON = re.compile(
    r"\b(?:trials?|RCTs?|studies|study|meta-analys[ie]s|review|outcomes?|results|head-to-head"
    r"|randomi[sz]ed|equivalen\w*|superior\w*|non-?inferior\w*|favou?ring|outperform\w*)\b",
    re.IGNORECASE,
)
_JOINING_NOUN = re.compile(
    r"\b(?:integration|synthesis|combination|blend|fusion|amalgam|amalgamation)\s+of\b"
    r"|\bby\s+(?:combining|integrating|blending|merging|fusing|marrying)\b",
    re.I,
)
_SIBLINGS = re.compile(r",?\s+(?:along\s+with|together\s+with|alongside|as\s+do(?:es)?)\s", re.I)


def descendants(text: str, *, own: OwnApproach, mentions: list[Mention]) -> list[Influence]:
    """Links from a later approach to the article's: a clause whose subject names another
    approach and whose object is the article's approach ("Motivational interviewing, developed
    by …, explicitly builds on Rogers's empathic listening"; "DBT grew out of CBT" in the CBT
    article). Each is an Influence with `reverse` set and the later approach as its node."""
    found: list[Influence] = []
    for hit in predicate_hits(text):
        if hit.predicate.possessor or hit.predicate.noun or hit.predicate.family:
            continue
        clause = _clause_before(text, hit.start)
        if clause.relative or _contrasted(text, clause.start, hit.end):
            continue
        node = None
        nodes: list[Node] = []
        for start in dict.fromkeys((clause.start, 0)):  # the clause, or the sentence past an aside
            subject = _subject_phrase(text[start : hit.start])
            if subject is None:
                continue
            phrase, offset = subject
            words = _noun_phrase(_strip_possessive(phrase))
            if not words or own.refers_to(phrase, mentions, start + offset):
                break
            node = _approach(words, own, strict=False)
            if node is not None:
                nodes = _coordinated_subjects(text, start + offset, phrase, own) or [node]
                break
        if node is None or own.refers_to(node.label, [], -1):
            continue
        span = (hit.end, _object_end(text, hit.end, len(text)))
        items = list(_items(text, span[0], span[1], False))
        named = " ".join(_noun_phrase(items[0][1])) if len(items) == 1 else ""
        if named and own.refers_to(named, mentions, items[0][0]):
            # a likeness runs both ways: "X is often mentioned alongside <the approach>" relates
            # the approach to X, as the later sets and the articles' gold state it
            reverse = hit.predicate.relation != "related-to"
            if not reverse and _unrelated(text, hit, own):
                continue  # read the other way round only while nothing takes the likeness back
            for each in nodes if not reverse else [node]:
                found.append(
                    Influence(hit.predicate.relation, node=each, words=each.label, reverse=reverse)
                )
    return found


def _coordinated_subjects(text: str, start: int, phrase: str, own: OwnApproach) -> list[Node]:
    """Each approach of a subject that joins two or more ("Acceptance and commitment therapy
    and functional analytic psychotherapy are often mentioned alongside BA"), when every one of
    them names an approach; else none."""
    if " and " not in phrase:
        return []
    items = list(_items(text, start, start + len(phrase), False))
    if len(items) < 2:
        return []
    nodes = [_approach(_noun_phrase(item), own, strict=False) for _, item, _ in items]
    named = [node for node in nodes if node is not None]
    return named if len(named) == len(nodes) else []


# A contrast set off by commas before the verb: ", unlike cognitive therapy,".
_SET_OFF_CONTRAST = re.compile(r",\s*(?:" + LINEAGE_CONTRAST_RE.pattern + r")[^,]*,", re.IGNORECASE)


_SAYERS = re.compile(
    r"\b(?:critics|commentators|historians|textbooks|reviewers|scholars|authors|writers|observers"
    r"|clinicians|practitioners|many|some|others|most|researchers)\b",
    re.IGNORECASE,
)
_DOUBTED_SAYING = re.compile(
    r"\b(?:would|could|might|may|should|few|no\s+one|nobody|none|hardly|rarely|seldom|not"
    r"|never)\b",
    re.IGNORECASE,
)


def _contrasted(text: str, start: int, end: int, own_words: str = "") -> bool:
    """A contrast or a denial between the clause's start and the object blocks the link; one in
    a fronted phrase or set off by commas before the verb blocks only that phrase ("Unlike CBT,
    DBT draws on Zen practice", "ACT, unlike cognitive therapy, draws on …"). The predicate's
    own words are no contrast ("set MCT apart from"), a denial among them is ("is not based on")."""
    region = text[start:end]
    if own_words and region.endswith(own_words) and not _DENIAL.search(own_words):
        region = region[: len(region) - len(own_words)]
    rest = region[_fronted_end(region) :]
    rest = _SET_OFF_CONTRAST.sub(lambda m: " " * len(m.group()), rest)
    return LINEAGE_CONTRAST_RE.search(rest) is not None


_DENIAL = re.compile(r"\b(?:not|never|no\s+longer|nor)\b|n[’']t\b", re.IGNORECASE)


def _fronted_end(region: str) -> int:
    """Where a clause region's fronted adverbials ("In 1991, ", "Unlike CBT, ") end."""
    fronted = _FRONTED.match(region)
    return fronted.end() if fronted else 0


_INTO = re.compile(r"(?:into|in|within|to)\s", re.IGNORECASE)


def _passed_on(text: str, hit: _Hit, start: int) -> bool:
    """A transitive lineage verb in the passive with a destination ("were later incorporated
    into", "has been adapted into", "was extended to"): the approach went into the object,
    which descends from it."""
    matched = text[hit.start : hit.end].split()
    if not hit.predicate.lemmas or hit.predicate.noun or hit.predicate.possessor:
        return False
    if matched[-1].casefold() not in {f for x in hit.predicate.lemmas for f in inflections(x)}:
        return False  # the phrasing ends in its own preposition ("was built on", "drawn from")
    words = text[: hit.start].split()
    while words and _light(words[-1]) and words[-1].casefold() not in _BE_FORMS:
        words.pop()  # "were later", "has since been"
    passive = bool(words) and words[-1].casefold() in _BE_FORMS
    return passive and bool(_INTO.match(text, start))


def _name_spans(text: str, own: OwnApproach) -> list[tuple[int, int]]:
    """Where the approach's names of two words or more stand in the text."""
    folded = text.casefold()
    spans = []
    for name in own.names:
        if len(name.split()) < 2 or name not in folded:
            continue
        for match in re.finditer(r"\b" + re.escape(name) + r"\b", folded):
            spans.append(match.span())
    return spans


def _subject_is_self(
    text: str,
    hit: _Hit,
    previous: _Hit | None,
    verdict: bool | None,
    own: OwnApproach,
    mentions: list[Mention],
) -> bool:
    """Whether the predicate's subject is the approach (or one of its creators)."""
    clause = _clause_before(text, hit.start)
    if clause.relative and (
        _PRONOUN_SUBJECT.fullmatch(text, clause.start, hit.start)
        or _NOUN_SUBJECT.fullmatch(text, clause.start, hit.start)
    ):
        # "…, with which it shares X as a base", "The term schema, which the model took from
        # X, …": the relative clause has a subject of its own
        relative_subject = _ADVERB_TAIL.sub("", text[clause.start : hit.start]).strip()
        if own.refers_to(relative_subject, mentions, clause.start):
            # "choice theory, which Glasser adapted from X": a creator's source for another
            # thing the sentence names (not the approach) is that thing's, not the approach's
            return not _other_antecedent(text, clause.start, relative_subject, own, mentions)
        if _PRONOUN_SUBJECT.fullmatch(text, clause.start, hit.start):
            return False
    if clause.relative and _relative_of_self(text, hit, own, mentions):
        return True  # "Pre-therapy, which extends person-centred therapy to …, was …"
    if clause.relative:  # "X, who trained with Y, broke with Z": the main clause's subject
        return _sentence_subject_is_self(text, hit, own, mentions) or _created_as(
            text, hit, own, mentions
        )
    region = text[clause.start : hit.start]
    if _both_with_self(text, clause, region, own):
        return True  # "Pre-therapy and Gendlin's focusing are both offshoots of …"
    if _OWN_PART_APPOSITIVE.match(region):
        return True  # "Family reconstruction, its best-known group method, is an adaptation of"
    if previous is not None and verdict is not None:
        # "… incorporates X and draws on Y": one subject (not a verb of a fronted phrase:
        # "Unlike therapies that draw on X, DBT draws on Y")
        if previous.start >= clause.start + _fronted_end(region):
            if previous.predicate.family and hit.predicate.participle:
                # "TFP is a modified psychoanalytic psychotherapy rooted in …": said of it
                between = _ADVERBIAL_PHRASE.sub(" ", text[previous.reach : hit.start])
                return verdict and not between.strip(" ,")  # ("… at heart, rooted in …")
            gap = text[previous.end : hit.start]
            if _ITSELF.search(gap):
                return False  # "extends X, itself built on Y": said of X
            return verdict and bool(_JOINED_VERB.search(_strip_light_tail(gap)))
        if clause.joined and all(_light(w) for w in region.split()):
            return verdict  # "…, and later built on Y"
    if previous is None and clause.start and all(_light(w) for w in region.split()):
        # "DDP trains parents … and so extends X": the verb before "and" had the same subject
        return _second_verb_of_self(text, 0, hit.start, own, mentions)
    if hit.predicate.possessor and hit.owner is not None:
        # "The (intellectual) roots of CFT": the owner after "of" must be the approach
        opening = region.strip().split()
        light = all(w.islower() and not _light(w) for w in opening[1:])
        if opening and opening[0].casefold() == "the" and light:
            return own.refers_to(text[hit.owner[0] : hit.owner[1]], mentions, hit.owner[0])
        return False
    if hit.predicate.possessor:
        return _owner_is_self(region, own, mentions, clause.start)
    if _participle(text, hit) and region.rstrip().endswith(","):
        # "Schema therapy emerged in the 1990s, borrowing from …": the clause's subject
        at = _fronted_end(region)
        lead = _leads_with_self(text, clause.start + at, hit.start, own, mentions)
        if lead is not None:
            return lead
        # "Emotion-focused therapy, building on client-centred therapy, adds …": the subject
        # the participle is set off after
        subject = _subject_phrase(region)
        return subject is not None and own.refers_to(
            *subject[:1], mentions, clause.start + subject[1]
        )
    subject = _subject_phrase(region)
    if subject is None:
        return False
    phrase, offset = subject
    if _ITSELF_AFTER.match(region, offset + len(phrase)) and not own.is_name(phrase):
        return False  # "Kernberg's object relations theory was itself a synthesis of": the theory's
    wh = _OF_WH_CLAUSE.search(phrase)
    if wh is not None and not _plain_gap(region[offset + len(phrase) :], hit.predicate):
        # "The therapy's account of how trauma memories are stored rests on": the clause after
        # "of how" runs to the verb; the subject is the noun before it
        phrase, region = phrase[: wh.start()], region[: offset + wh.start()]
    gap = region[offset + len(phrase) :]
    listed = _OF_LIST_TAIL.match(gap) if " of " in phrase else None
    if listed is not None and not _AUXILIARIES.intersection(listed.group().casefold().split()):
        gap = gap[listed.end() :]  # "Its vocabulary of assimilation, accommodation and …": a list
    plain = _plain_gap(gap, hit.predicate)
    if plain and own.refers_to(phrase, mentions, clause.start + offset):
        return True
    part = _PART_OF_NAME.fullmatch(phrase)
    if plain and part is not None and part["head"].casefold() in _PART_NOUNS:
        # "The central premise of cognitive therapy was taken from Epictetus": a part of it
        owner = part["owner"]
        if owner.split()[0].casefold() not in _PRONOUNS and own.is_name(owner):
            return True
    if (
        plain
        and _BARE_OPENER.match(phrase)
        # "For the aim of therapy Rogers borrowed …": a fronted phrase with no comma; the
        # subject is the name or pronoun that ends it
        and _subject_at_end(phrase, clause.start + offset, own, mentions, keep=2) is not None
    ):
        return True
    if hit.predicate.noun:  # "DBT began life as a modification of": a short subject, then "as"
        words = phrase.split()
        for size in range(1, min(len(words), 4)):
            short = " ".join(words[:size])
            gap = region[offset + len(short) :]
            if _plain_gap(gap, hit.predicate) and own.refers_to(
                short, mentions, clause.start + offset
            ):
                return True
    if clause.start and _sentence_subject_is_self(text, hit, own, mentions):
        return True  # "Fritz Perls, a psychoanalyst who had been analysed by Reich, broke with"
    if previous is None and _second_verb_of_self(text, clause.start, hit.start, own, mentions):
        return True  # "Schema therapy borrows experiential methods and draws on X"
    return _created_as(text, hit, own, mentions)


_BOTH = re.compile(r"(?:both|the\s+two)(?:\s+(?:approaches|therapies|methods|models))?", re.I)
_BOTH_GAP = re.compile(
    r"\s*(?:(?:are|were|have|had|can|could|may|might|would|will)\s+)?(?:\w+ly\s+)?both\s+"
    r"(?:(?:\w+ly)\s+)?(?:(?:are|were|have|had|been)\s+)?(?:\w+ly\s+)?$",
    re.IGNORECASE,
)


def _both_with_self(text: str, clause: _Clause, region: str, own: OwnApproach) -> bool:
    """A subject of two joined by "and", the approach one of them, with "both" before the
    predicate ("Pre-therapy and Gendlin's focusing are both offshoots of X", "A and B both
    descend from X"), or "both" / "the two" after ", and" following such a subject ("ACT and
    FAP are often combined, and both descend from X"): said of each, the approach too."""
    if " and " not in text[: clause.start + len(region)]:
        return False
    if clause.joined and _BOTH.fullmatch(region.strip()):
        first = _subject_phrase(text[: clause.start])
        return first is not None and _joined_with_self(first[0], own)
    subject = _subject_phrase(region)
    if subject is None:
        return False
    phrase, offset = subject
    if not _BOTH_GAP.fullmatch(region[offset + len(phrase) :]):
        return False
    return _joined_with_self(phrase, own)


def _joined_with_self(phrase: str, own: OwnApproach) -> bool:
    """Whether a subject is two names joined by "and", one of them the approach's."""
    parts = re.split(r"\s+and\s+", phrase)
    if len(parts) != 2 or own.is_name(phrase):
        return False
    return any(own.is_name(p.strip()) for p in parts)


# "The central premise of cognitive therapy": a part noun and the approach's name after "of"
_PART_OF_NAME = re.compile(
    r"(?:the\s+)?(?:[\w’'-]+\s+){0,2}?(?P<head>[\w’'-]+)\s+of\s+(?P<owner>[^,;:]+)",
    re.IGNORECASE,
)
_PART_NOUNS = (
    LINEAGE_PART_HEADS
    | LINEAGE_OWN_PARTS
    | frozenset(["premise", "core", "logic", "rationale", "format", "structure", "model"])
) - frozenset(["work", "research", "writings", "foundation", "foundations", "groundwork"])


_OF_WH_CLAUSE = re.compile(r"\s+of\s+(?:how|what|why|whether|where|when)\s", re.IGNORECASE)
# The rest of a list that a subject's "of" phrase opens, up to its verb: "Its vocabulary of
# assimilation, accommodation and over-accommodation was …" (lowercase words only)
_OF_LIST_TAIL = re.compile(
    r"(?-i:,\s*(?:[a-z][\w’'-]*\s+){0,3}?[a-z][\w’'-]*(?:,\s*(?:[a-z][\w’'-]*\s+){0,3}?"
    r"[a-z][\w’'-]*)*,?\s+(?:and|or)\s+(?:[a-z][\w’'-]*\s+){0,3}?[a-z][\w’'-]*)(?=\s)"
)


# A subject that an appositive calls a part of the approach ("X, its best-known method, …").
_OWN_PART_APPOSITIVE = re.compile(
    r"^\s*(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,4},\s*(?:its|their)\s+[^,;:]{1,60},"
    r"\s*(?:[\w’'-]+\s+){0,4}$",
    re.IGNORECASE,
)
_AND_THEN = re.compile(
    r"\s(?:and|but)\s+(?:(?:also|later|then|still|so|thus|thereby|hence|\w+ly)\s+)*$",
    re.IGNORECASE,
)


def _other_antecedent(
    text: str, start: int, subject: str, own: OwnApproach, mentions: list[Mention]
) -> bool:
    """Whether a relative clause at `start` whose subject is a creator (not the approach
    itself) follows a noun phrase that names something other than the approach."""
    if (
        subject.casefold() in ("it", "they")
        or own.is_name(subject)
        or own.refers_to(subject, [], -1)
    ):
        return False  # the approach itself, by pronoun or name
    before = _RELATIVE_OPENER.sub("", text[:start]).split()[-6:]
    if not before:
        return False
    phrases = [" ".join(before[-size:]).strip(",") for size in range(len(before), 0, -1)]
    if any(own.refers_to(p, mentions, -1) for p in phrases):
        return False
    last = before[-1].strip(",").casefold()
    return last in LINEAGE_APPROACH_HEADS or last.endswith(LINEAGE_NAME_SUFFIXES)


_RELATIVE_OPENER = re.compile(r"(?:,\s*|\s+)(?:which|that|whom)\s+$", re.IGNORECASE)


def _second_verb_of_self(
    text: str, start: int, verb: int, own: OwnApproach, mentions: list[Mention]
) -> bool:
    """A clause "SUBJECT VERB … and PREDICATE" with no comma, whose subject is the approach
    (or a creator) and whose first verb follows the subject at once, or after one appositive
    ("The principle behind the method, reciprocal inhibition, was borrowed from A and joined to
    B")."""
    region = _APPOSITIVE.sub(lambda m: " " * len(m.group()), text[start:verb], count=1)
    if "," in region or not _AND_THEN.search(region):
        return False
    words = region.split()
    for size in range(1, min(len(words) - 2, 5) + 1):
        phrase = " ".join(words[:size])
        if _finite_verb(words[size]) and own.refers_to(
            phrase, mentions, start + len(region) - len(region.lstrip())
        ):
            return words[size].casefold() not in _AUXILIARIES or size + 1 < len(words)
    return False


_WHICH_AFTER = re.compile(r",\s*which\s+$", re.IGNORECASE)


def _relative_of_self(text: str, hit: _Hit, own: OwnApproach, mentions: list[Mention]) -> bool:
    """A relative clause set off right after the sentence's subject, its verb the predicate:
    "Pre-therapy, which extends person-centred therapy to …, was worked out …" says it of the
    approach, named by its name or a noun ("The model, which …"; not a pronoun, and not a
    person: "Frankl, who belonged to Adler's circle, …" is biography)."""
    head = _strip_light_tail(text[: hit.start])
    which = _WHICH_AFTER.search(head)
    if which is None:
        return False
    antecedent = head[: which.start()]
    subject = _subject_phrase(antecedent)
    if subject is None or "," in antecedent[subject[1] :]:
        return False
    phrase, offset = subject
    if antecedent[:offset].strip() or antecedent[offset + len(phrase) :].strip():
        return False  # the antecedent is the whole opening: no verb, no fronted phrase
    if phrase.split()[0].casefold() in _PRONOUNS or predicate_hits(antecedent):
        return False
    return own.refers_to(phrase, [], offset)


def _sentence_subject_is_self(
    text: str, hit: _Hit, own: OwnApproach, mentions: list[Mention]
) -> bool:
    """The sentence's subject, past an aside between commas, is the approach or a creator."""
    region = text[: hit.start]
    if region.count(",") != 2 or not _APPOSITIVE.search(region):
        return False
    subject = _subject_phrase(region)
    if subject is None:
        return False
    phrase, offset = subject
    gap = _APPOSITIVE.sub(" ", region[offset + len(phrase) :])
    return all(_light(w) for w in gap.split()) and own.refers_to(phrase, mentions, offset)


# "Linehan developed DBT … as an adaptation of", "Berne presented transactional analysis as a
# break with", "Beck … developed cognitive therapy … in a deliberate break with": a creation verb
# whose object is the approach, and then the predicate noun phrase it was created as.
_CREATED = re.compile(
    r"\s(?:had\s+|first\s+|later\s+)*(?:developed|created|founded|devised|designed|conceived"
    r"|introduced|presented|launched|formulated|built|established|framed|cast|described)\s+",
    re.IGNORECASE,
)
_AS_NOUN = re.compile(r"\s*(?:as|in)\s+(?:an?|the)\b", re.IGNORECASE)


def _created_as(text: str, hit: _Hit, own: OwnApproach, mentions: list[Mention]) -> bool:
    if not _AS_NOUN.match(text, hit.start) and not (
        hit.predicate.noun and re.search(r"\b(?:as|in)\s+(?:an?|the)\s+$", text[: hit.start])
    ):
        return False
    before = text[: hit.start]
    verb = next(reversed(list(_CREATED.finditer(before))), None)
    if verb is None or ";" in before[verb.start() :]:
        return False
    obj = " ".join(_noun_phrase(before[verb.end() :]))
    subject = before[: verb.start()].split(",")[0].strip()
    if not obj or not own.refers_to(obj, mentions, verb.end()):
        return False
    return not subject or own.refers_to(subject, mentions, 0) or subject.casefold() in _PRONOUNS


_PRONOUNS = frozenset({"he", "she", "they", "it"})


def _participle(text: str, hit: _Hit) -> bool:
    """The predicate is a verb's -ing form ("building on", "borrowing from") or a past
    participle with no "be" ("rooted in", "inspired by")."""
    if hit.predicate.participle:
        return True
    if hit.predicate.noun or hit.predicate.possessor or not hit.predicate.lemmas:
        return False
    first = text[hit.start : hit.end].split()[0].casefold()
    return any(first == _ing(lemma) for lemma in hit.predicate.lemmas)


_FROM = re.compile(r"\sfrom\s+", re.IGNORECASE)


def _fronted_participle(
    text: str, hit: _Hit, own: OwnApproach, mentions: list[Mention]
) -> tuple[bool, int] | None:
    """A participle that opens its sentence ("Building on evolutionary psychology, Gilbert
    developed …") has the main clause's subject: whether it is the approach, and the comma
    where the main clause begins (the object ends there); None when the predicate is no
    fronted participle or no main clause follows."""
    clause = _clause_before(text, hit.start)
    if clause.joined or clause.relative or text[clause.start : hit.start].strip():
        return None
    if not _participle(text, hit):
        return None
    stop = _HARD_BREAK.search(text, hit.end)
    end = stop.start() if stop else len(text)
    for comma in re.finditer(",", text[:end]):
        if comma.start() < hit.end:
            continue
        verdict = _leads_with_self(text, comma.end(), end, own, mentions)
        if verdict is not None:
            return verdict, comma.start()
    return None


_FINITE = re.compile(r"[a-z]{2,}(?:[^isu’'s]s|ed)")
_PAST_FORMS = frozenset(
    {past for past, _ in IRREGULAR_VERBS.values()}
    | {"made", "gave", "saw", "set", "led", "kept", "brought", "thought", "taught", "found"}
    | {"held", "came", "became", "wrote", "sought", "left", "told", "chose", "put"}
)


def _leads_with_self(
    text: str, start: int, end: int, own: OwnApproach, mentions: list[Mention]
) -> bool | None:
    """Whether the clause at text[start:end] opens with a subject that is the approach: the
    words before a word that can be its finite verb ("ACT treats …", "White and Epston
    treated …", "Emotionally focused therapy draws …"); None when no such verb comes before
    a comma (the words are no clause: a list's next item)."""
    tokens = list(re.finditer(r"\S+", text[start:end]))
    candidate = False
    for index, token in enumerate(tokens[:9]):
        word = token.group()
        if index and _finite_verb(word):
            candidate = True
            phrase = text[start + tokens[0].start() : start + tokens[index - 1].end()]
            if own.refers_to(phrase, mentions, start + tokens[0].start()):
                return True
        if word.endswith((",", ";")):
            break
    return False if candidate else None


_NOUN_OBJECT_VERBS = _AUXILIARIES | frozenset(
    ["shows", "showed", "runs", "ran", "lies", "lay", "remains", "remained", "appears"]
)


def _before_verb(text: str, start: int, end: int) -> int:
    """Where the object right after a POSS noun's preposition ends: at the clause's verb
    ("Fosha's debt to Kohut shows in …", "Its debt to X is plain")."""
    for word in re.finditer(r"\S+", text[start:end]):
        if word.group().casefold() in _NOUN_OBJECT_VERBS:
            return start + word.start()
    return end


def _finite_verb(word: str) -> bool:
    folded = word.casefold()
    if folded in _AUXILIARIES or folded in LINEAGE_LIGHT_WORDS or _ADVERB.fullmatch(folded):
        return True
    return folded in _PAST_FORMS or bool(_FINITE.fullmatch(word))


def _strip_light_tail(gap: str) -> str:
    """The gap without the light words before the next verb ("… and later draws on")."""
    words = gap.split(" ")
    while words and (not words[-1] or _light(words[-1])):
        words.pop()
    return " ".join(words) + " "


def _owner_is_self(region: str, own: OwnApproach, mentions: list[Mention], at: int) -> bool:
    """POSS predicates: "Its (deepest) roots", "The (intellectual) roots", "DBT’s roots"."""
    fronted = _FRONTED.match(region)
    owner = region[fronted.end() if fronted else 0 :].strip()
    words = owner.split()
    if not words:
        return False
    first = words[0].casefold()
    if first in ("its", "the") and all(w.islower() and not _light(w) for w in words[1:]):
        return True
    if _POSSESSIVE_END.search(owner):
        return own.refers_to(owner, mentions, at + region.index(owner))
    return False


_POSSESSIVE_END = re.compile(r"(?:’s|'s|’|')(?:\s+[a-z-]+)*$")
# Words before an approach's name that still name it: the approach at one time or in one form.
_PERIOD_ADJECTIVES = frozenset(
    {
        "modern", "contemporary", "classic", "classical", "standard", "current", "original",
        "early", "later", "present-day", "today's", "today’s",
    }
)  # fmt: skip


def _plain_gap(gap: str, predicate: Predicate) -> bool:
    """Between a subject and its verb only light words may stand (and appositives); before a
    predicate noun ("… can be read as the modern heir of …"), a copula and its words."""
    words = _ADVERBIAL_PHRASE.sub(" ", _APPOSITIVE.sub(" ", gap)).split()
    if all(_light(w) for w in words):
        return True
    if not predicate.noun or not words:
        return False
    if len(words) <= 7 and "as" in (w.casefold() for w in words):
        return True  # "began life as a", "is classified by some reviewers as a"
    if any(w.casefold() in _NOT_IN_COPULA for w in words):
        return False  # "it is meant to apply to every form of …": no copula before the noun
    first = words[0].casefold()
    return (_light(words[0]) or first in _STAYS) and any(
        w.casefold() in _BE_FORMS | _STAYS for w in words
    )


_STAYS = frozenset({"remains", "remained", "remain", "stays", "stayed"})  # "remains a form of"
_ADVERBIAL_PHRASE = re.compile(rf"\b(?:{_ADVERBIAL_WORDS})\b", re.IGNORECASE)
_NOT_IN_COPULA = frozenset(
    {"to", "of", "in", "on", "for", "with", "at", "by", "from", "every", "each", "any", "all"}
)

_OBJECT_END = re.compile(
    r"\s*[;:]|\s+[—–]\s+|,\s*(?:which|who|whom|whose|where|while|whereas|but|although|though|"
    r"because|since|so|yet|thus|hence|leading|making|giving|adding|taking|keeping|arguing|"
    r"holding|asking|including)\b"
    r"|\s+(?:while|whereas|but|although|though|because|since)\s"
    r"|\s+(?:that|which|whom|whose)\s+(?=[A-Z]|(?:he|she|they|it|his|her|their)\s)"
    r"|,?\s+(?:rather\s+than|instead\s+of|as\s+opposed\s+to|not)\s"
    # "borrowed from A and joined to B": a second verb of the subject ends the object
    r"|,?\s+and\s+(?:then\s+|later\s+)?(?=(?-i:[a-z]{3,}ed)\s+(?:to|into|with|from|onto)\s)"
    # "the psychoanalysis Ellis had practised": a relative clause with its own subject
    r"|(?<=[a-z])\s+(?=(?-i:[A-Z])[\w’'-]+\s+(?:had|has|have|would|was|were|later|once|himself"
    r"|herself|(?-i:[a-z]{3,}ed))\s)",
    re.IGNORECASE,
)


# "borrowed from Moreno's psychodrama the practice of …": the source ends where what was taken
# begins, a determiner after the source's first word that no list word or preposition leads to
_TAKEN = re.compile(r"\s(?:the|a|an|its|his|her|their)\s", re.IGNORECASE)
_BEFORE_TAKEN = frozenset({"and", "or", "of", "to", "in", "on", "with", "from", "by", "for"})


_AND_FROM = re.compile(r",?\s+and\s+(?:also\s+|later\s+)?from\s", re.IGNORECASE)


def _blank_taken(text: str, start: int, end: int) -> str:
    """The text with what was taken blanked after each source in text[start:end] ("from A the
    practice of …, and from B an interest in …" keeps "A" and ", and from B")."""
    cuts: list[tuple[int, int]] = []
    position = start
    while position < end:
        taken = _taken_at(text, position, end)
        if taken is None:
            break
        again = _AND_FROM.search(text, taken, end)
        cuts.append((taken, again.start() if again else end))
        position = again.end() if again else end
    for a, b in reversed(cuts):
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def _taken_at(text: str, start: int, end: int) -> int | None:
    for match in _TAKEN.finditer(text, start, end):
        before = text[start : match.start()].split()
        if not before or before[-1].casefold() in _BEFORE_TAKEN or before[-1].endswith(","):
            continue
        return match.start()
    return None


def _object_end(text: str, start: int, limit: int) -> int:
    match = _OBJECT_END.search(text, start, limit)
    return match.start() if match else limit


_ITEM_SPLIT = re.compile(  # the longest first where two start together: ", as well as "
    r",?\s+as\s+well\s+as\s+|,\s*(?:and|or)\s+|,\s+|\s+(?:and|&)\s+|\s+together\s+with\s+"
    r"|\s+along\s+with\s+"
    r"|,?\s+(?:by\s+way\s+of|via)\s+"  # "descends from X by way of Y": Y a source on the way
    r"|,?\s+such\s+as\s+"  # "Stoic philosophers such as Epictetus": the examples too
    r"|\s+as\s+(?:(?:much|well)\s+)?to\s+",  # "owes as much to Rogers as to Minuchin"
    re.IGNORECASE,
)
_WITH_SPLIT = re.compile(r"\s+with\s+", re.IGNORECASE)
_FOCUS = r"in\s+particular|particularly|especially|above\s+all|notably|chiefly|most\s+notably"
_LEAD_PREPOSITION = re.compile(
    rf"^(?:(?:{_FOCUS}|mainly|mostly|most\s+of\s+all|also|too|partly|in\s+part|largely)\s+)?"
    r"(?:to|on|upon|from|out\s+of|in|into|of|by|with|within|among)\s+"
    # "…, especially the work of Kierkegaard": a focus adverb names a further object
    rf"|^(?:{_FOCUS})\s+",
    re.I,
)


def _protected(name: str) -> bool:
    """A capitalised name kept whole when objects are split at "and": "Acceptance and
    Commitment Therapy" (an approach head ends it), not "Theravada and Zen traditions"."""
    return name.split()[-1].casefold() in LINEAGE_APPROACH_HEADS


# Approach names the lexicon knows that hold "and": "acceptance and commitment therapy"
_KNOWN_AND_NAMES = re.compile(
    "|".join(re.escape(n) for n in sorted(set(APPROACH_ACRONYMS.values())) if " and " in n),
    re.IGNORECASE,
)
# A title in capitals joined by "and" or "of": "Holism and Evolution", "Persuasion and Healing"
_BOOK_TITLE = re.compile(
    r"[A-Z][\w’'-]*(?:\s+(?:and|of|the|in|&)\s+[A-Z][\w’'-]*|\s+[A-Z][\w’'-]*)+"
)


# A technique or method with a proper name of its own (capitalised, a method's head last)
_NAMED_TECHNIQUE = re.compile(
    r"(?:[A-Z][a-z’'-]+\s+){1,3}(?:Technique|Method|Procedure|Test)", re.UNICODE
)


def _book_title(owned: str, node: Node) -> bool:
    """Whether an owned phrase read as `node` is a book's title ("Holism and Evolution"), not
    an approach (whose name ends in an approach head: "Cognitive Therapy")."""
    return bool(_BOOK_TITLE.fullmatch(owned.strip(" .,"))) and (
        node.label.split()[-1].casefold() not in LINEAGE_APPROACH_HEADS
    )


_OWNED_TITLE = re.compile(r"^[^’']*[’']s\s+[A-Z][\w-]*(?:\s+(?:and|of|&)\s+[A-Z][\w-]*)+$")
_CAPITAL_NAME = re.compile(
    r"[A-Z][\w’'-]*(?:\s+(?:and|of|for|&)\s+[A-Z][\w’'-]*|\s+[A-Z][\w’'-]*)+"
)


def _items(text: str, start: int, end: int, joins_with: bool) -> Iterator[tuple[int, str, str]]:
    """The coordinated objects in text[start:end]: (offset, words, what follows them)."""
    span = _masked(text[start:end])
    cuts: list[tuple[int, int]] = []
    protected = [
        m.span()
        for m in _CAPITAL_NAME.finditer(span)
        if _protected(m.group()) or _OWNED_TITLE.search(m.group())
    ]  # "Acceptance and Commitment Therapy"; "Smuts's Holism and Evolution" (a book's title)
    protected += [m.span() for m in _KNOWN_AND_NAMES.finditer(span)] if " and " in span else []
    protected += [m.span() for m in _FAMILY_OF_JOINT.finditer(span)]  # "wave of A and B therapies"
    patterns = [_ITEM_SPLIT, _WITH_SPLIT] if joins_with else [_ITEM_SPLIT]
    for pattern in patterns:
        for match in pattern.finditer(span):
            if not any(a < match.start() < b for a, b in protected):
                cuts.append(match.span())
    cuts.sort(key=lambda cut: (cut[0], -cut[1]))  # at one place the longest: ", as well as "
    position = 0
    pieces: list[tuple[int, int]] = []
    for a, b in cuts:
        if a >= position:
            pieces.append((position, a))
            position = b
    pieces.append((position, len(span)))
    found: list[tuple[int, str, str]] = []
    repeated = False  # "on X and on Y": each object has its preposition, and its own head
    for index, (a, b) in enumerate(pieces):
        piece = span[a:b]
        if _coordinate_adjective(span, piece, b) and index + 1 < len(pieces):
            continue  # "the verbal, couch-bound psychoanalysis": an adjective of the next object
        if index and _ENDS_IN_ADJECTIVE.search(span, 0, pieces[index - 1][1]):
            break  # "Ryle's wish for a brief, collaborative NHS therapy": one phrase, no list
        lead = _LEAD_PREPOSITION.match(piece)
        cut = lead.end() if lead else 0
        then = _THEN_NAMED.match(piece, cut) if found else None
        if then is not None:
            cut = then.end()  # "first called rational therapy and then rational-emotive therapy"
        repeated = repeated or (bool(found) and lead is not None)
        if LINEAGE_CONTRAST_RE.search(span, 0, a + cut) or LINEAGE_CONTRAST_RE.match(piece[cut:]):
            break  # "draws on X rather than Y", "…, not a treatment": nothing after the contrast
        first = [w.casefold() for w in piece[cut:].split()[:1]]
        stop = bool(first) and (first[0] in _AUXILIARIES or first[0] in LINEAGE_NP_END)
        if found and _CLAUSE_IN_PIECE.search(piece[cut:]):
            break  # "…, and Foa's prolonged exposure later borrowed its logic": a new clause
        if found and first and first[0] in ("itself", "themselves"):
            break  # "X, itself built on Y and Z": Y and Z are X's sources, not the approach's
        if _co_possessor(piece[cut:], span, b):
            continue  # "Irving Janis and Leon Mann's conflict model": one object, two owners
        # "…, treating therapy as a conversation": a participle opens a clause, not an object
        # (a lowercase word: "Erving Goffman's sociology" is a name)
        raw = piece[cut:].split()[:1]
        stop = stop or (bool(raw) and a > 0 and _PARTICIPLE.fullmatch(raw[0]) is not None)
        if found and (not _simple(piece[cut:]) or stop):
            break  # "… and today forms …", "…, was renamed …", "…, associated with …"
        gapped = _GAPPED_FROM.match(piece, cut) if found else None
        if gapped is not None:
            cut = gapped.end()  # "took X from A, and its holism from B": B is a source too
        elif found and _APPOSITIVE_OR_GAPPED.match(piece[cut:]):
            break  # "X, a research programme on …"; "…, and his Y rests on Z": no object
        elif (
            found
            and _THE_APPOSITIVE.match(piece[cut:])
            and not any(c.isupper() for c in _APPOSITIVE_HEAD.split(piece[cut:], 1)[0])
            and _bare_comma_list(span, a)
        ):
            break  # "X's contextual therapy, the other intergenerational school": no list (but
            # "his supervisor, the psychiatrist G. L. Harrington" names the person)
        if found and _names_authors(found[-1][1]) and _NAME_ONLY.fullmatch(piece.strip()):
            continue  # "the model of James O. Prochaska and Carlo C. DiClemente": its authors
        found.append((start + a + cut, piece[cut:], span[b:]))
    # "on X and on Y": each object has its own head; only a bare modifier takes the next one's
    # ("from structural and strategic family therapy and from …")
    return _shared_head(found, last_head=not repeated)


_DETERMINERS = frozenset(["the", "a", "an", "its", "their", "this", "that", "these", "those"])
# "the philosophies of A, B and C": each name a source of its own, not the philosophies' authors
_PERSONAL_HEADS = frozenset(["philosophy", "philosophies", "thought", "teachings", "writings"])
# A verb with its object inside a coordinated piece: "… later borrowed its logic".
_CLAUSE_IN_PIECE = re.compile(
    r"\s(?:[a-z]+ly\s+|later\s+|also\s+|then\s+|soon\s+)?[a-z]{3,}(?:ed|es)\s+(?:its|their|his"
    r"|her|the|a|an|it|them|this|that|these|those)\s"
    r"|\s(?:is|are|was|were)\s"  # "…, and Winnicott's mirroring mother is often read …"
)
_CO_POSSESSOR = re.compile(r"(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*")
_POSSESSOR_NEXT = re.compile(
    r"\s+(?:and|&)\s+(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*(?:’s|'s|’|')\s"
)
_OF_NAME_END = re.compile(r"\s(?:of|by)\s+(?:[A-Z][\w.’'-]*\s*)+$")
# A co-author's name, with a year or the place or use the phrase goes on to ("… and D. W.
# Winnicott to the family as a group", "… and Ivan Eisler in London")
_NAME_ONLY = re.compile(
    r"(?:[A-Z][\w.’'-]*\s*){1,5}(?:(?:in\s+)?\(?(?:19|20)\d\d\)?\s*)?"
    r"(?:(?:in|at|to|for|into|from|during|on)\s+[^,;:]*)?[.,]?"
)
_PARTICIPLE = re.compile(r"[a-z]{3,}ing")
_MODIFIER = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+|[A-Za-z]{4,}(?:al|ic|ive|ed|ist|ary|ous|ian)")
_PROPER = re.compile(r"[A-Z][a-z]+")


# A piece after an object that is no object of its own: an appositive that describes the one
# before ("relational frame theory, a basic research programme on …"), or a clause whose verb
# is gapped ("…, and his outsider-witness practices from the work of …").
_APPOSITIVE_OR_GAPPED = re.compile(
    r"(?:an?)\s|(?:his|her|their|its)\s+[^,;]*?\s(?:from|on|upon|to|into)\s", re.IGNORECASE
)
_THE_APPOSITIVE = re.compile(r"the\s", re.IGNORECASE)
_APPOSITIVE_HEAD = re.compile(r"\s(?:of|by|from|in|for|with)\s")  # "the therapy | of Ron Kurtz"


# "then" before a coordinated object that is a name with an approach head: a later name
_THEN_NAMED = re.compile(
    r"(?:then|later)\s+(?=[\w-]+(?:\s+[\w-]+){0,3}?\s+(?:"
    + "|".join(sorted(LINEAGE_APPROACH_HEADS))
    + r")\b)",
    re.IGNORECASE,
)


def _bare_comma_list(span: str, start: int) -> bool:
    """Whether the piece at `start` follows a bare comma and no "and" / "or" comes after it: an
    appositive to the object before, not a list's next item."""
    return span[:start].rstrip().endswith(",") and _CONJUNCTION.search(span, start) is None


# "took X from A, and its holism from B"; "owes X to A, and its Y to B": the verb left out
_GAPPED_FROM = re.compile(r"(?:his|her|their|its)\s+[^,;]*?\s(?:from|to)\s+", re.IGNORECASE)
_ENDS_IN_ADJECTIVE = re.compile(r"\s(?:a|an)\s+[a-z]+$")
_COORDINATE_ADJECTIVE = re.compile(r"\s*(?:the|a|an|its|their)\s+[a-z][a-z-]*")
_CONJUNCTION = re.compile(r"\s(?:and|or|&)\s", re.IGNORECASE)


def _coordinate_adjective(span: str, piece: str, end: int) -> bool:
    """A determiner and one lowercase word cut off by a comma, with no "and" or "or" after it:
    an adjective of the object that follows ("the postmodern, collaborative therapies")."""
    return (
        _COORDINATE_ADJECTIVE.fullmatch(piece) is not None
        and span.startswith(",", end)
        and _CONJUNCTION.search(span, end) is None
    )


def _co_possessor(piece: str, span: str, end: int) -> bool:
    """A name joined by "and" to the next object's possessive owner, when what they own is an
    approach or a theory: "Janis and Mann's conflict model" (not "Freud and Jung's ideas", where
    each person is a source)."""
    following = _POSSESSOR_NEXT.match(span, end)
    if following is None or _CO_POSSESSOR.fullmatch(piece.strip()) is None:
        return False
    owned = _noun_phrase(span[following.end() :])
    return (
        bool(owned)
        and not _YEAR.fullmatch(owned[0])  # "A and B's 1971 model": a study of both, by name
        and owned[-1].casefold() in LINEAGE_APPROACH_HEADS
    )


def _names_authors(item: str) -> bool:
    """ "the model of A": names after it are the model's authors, not objects of their own; after
    "the work of A" (a vague head) they are objects too ("the work of A and B")."""
    end = _OF_NAME_END.search(item)
    if end is None:
        return False
    head = item[: end.start()].split()[-1:]
    return not head or head[0].casefold() not in LINEAGE_VAGUE_HEADS | _PERSONAL_HEADS


def _simple(piece: str) -> bool:
    """A coordinated object is a noun phrase: no determiner after its first word."""
    words = [w.casefold() for w in piece.split()]
    cut = next((i for i, w in enumerate(words) if w in LINEAGE_NP_END), len(words))
    return not any(w in _DETERMINERS for w in words[1:cut])


def _shared_head(
    items: list[tuple[int, str, str]], *, last_head: bool = True
) -> Iterator[tuple[int, str, str]]:
    """ "the humanistic and existential traditions": the last object's head noun is each bare
    modifier's too ("humanistic traditions"), and the words of the sentence say so (not when
    `last_head` is off: only the next object's head is shared then)."""
    if len(items) < 2:
        yield from items
        return
    last = _noun_phrase(items[-1][1])
    head = last[-1] if last and last[-1].casefold() in LINEAGE_APPROACH_HEADS else None
    head = head if last_head else None
    # "Theravada and Zen traditions": proper names share a head only with proper names, one
    # word each ("Paul Federn and Freudian psychoanalysis" is a person and an approach)
    proper = len(last) > 1 and bool(_PROPER.fullmatch(last[0]))
    # "cognitive, attachment and Gestalt therapies": a plural head after a list of adjectives
    # is each item's, a lone lowercase noun's too
    plural = (
        head is not None
        and _singular(head.casefold()) != head.casefold()
        and any(len(w) == 1 and _MODIFIER.fullmatch(w[0]) for w in map(_noun_phrase_of, items[:-1]))
    )
    for index, (start, item, after) in enumerate(items):
        words = _noun_phrase(item)
        bare = 1 <= len(words) <= 2 and all(
            _MODIFIER.fullmatch(w) or w.casefold() in LINEAGE_ADJECTIVE_TRADITIONS for w in words
        )  # "Taoist and Buddhist ideas": "Taoist" too
        following = _noun_phrase(items[index + 1][1]) if index + 1 < len(items) else []
        shared = following[
            next(
                (i for i, w in enumerate(following) if not _MODIFIER.fullmatch(w)), len(following)
            ) :
        ]
        while len(shared) > 1 and shared[0][:1].isupper():
            shared = shared[1:]  # "person-centred and Gestalt methods": the head, not "Gestalt"
        if shared and shared[-1].casefold() in LINEAGE_ADJECTIVE_HEADS:
            shared = shared[-1:]  # "Buddhist and Taoist principles": each tradition's principles
        if (
            bare
            and shared
            and shared[-1].casefold() in LINEAGE_APPROACH_HEADS | LINEAGE_ADJECTIVE_HEADS
            and " and " in item + after[:5]
        ):
            # "structural and strategic family therapy": the next object's noun is this one's
            yield start, item.rstrip() + " " + " ".join(shared), after
            continue
        bare = bare or (len(words) == 1 and proper and bool(_PROPER.fullmatch(words[0])))
        bare = bare or (len(words) == 1 and plural and bool(re.fullmatch(r"[a-z]+", words[0])))
        # "attachment and object relations theories": a plural theory head after a lone noun
        # joined by "and" is that noun's theory too (a singular one may name a single theory)
        bare = bare or (
            len(words) == 1
            and head is not None
            and head.casefold() in _PLURAL_THEORY_HEADS
            and bool(re.fullmatch(r"[a-z]+", words[0]))
            and " and " in item + after[:5]
        )
        if (
            head
            and index < len(items) - 1
            and bare
            and words[-1].casefold() not in LINEAGE_APPROACH_HEADS
        ):
            item = item.rstrip() + " " + head
        yield start, item, after


_PLURAL_THEORY_HEADS = frozenset(["theories", "models", "hypotheses"])


def _noun_phrase_of(item: tuple[int, str, str]) -> list[str]:
    return _noun_phrase(item[1])


def _masked(span: str) -> str:
    """Parentheses blanked (offsets kept): "Linehan (1993)" is no object."""
    return re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), span)


# ------------------------------------------------------------------------------------------
# Objects
# ------------------------------------------------------------------------------------------

_POSSESSIVE = re.compile(r"(?:’s|'s|’|')(?=\s)")
_EPONYM = re.compile(r"[A-Z]\w*(?:ian|ean)$")
_UNNAMED_LEADS = frozenset(["other", "similar", "various", "several", "many", "some"])
_YEAR = re.compile(r"(?:1[89]|20)\d\ds?")
# An appositive's first words, up to what follows its head ("of", "that", a comma …).
_APPOSITION = re.compile(
    r"^,\s*(?:the|a|an|its|their)\s+(?P<words>(?:(?!(?:of|that|which|who|for|in|with|from|by)\b)"
    r"[\w-]+\s*){1,5})"
)


def object_items(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The coordinated objects in text[start:end] as (offset, words), names kept whole."""
    return [(at, words) for at, words, _ in _items(text, start, end, False)]


def resolve_object(
    start: int, item: str, relation: str, own: OwnApproach, mentions: list[Mention]
) -> Influence | None:
    """The node or person a lineage object names (for readers of other clause shapes)."""
    return _resolve(start, item, "", _plain_predicate(relation), own, mentions)


@cache
def _plain_predicate(relation: str) -> Predicate:
    return Predicate(relation, re.compile(r"(?!)"), frozenset())


def _resolve(
    start: int,
    item: str,
    after: str,
    predicate: Predicate,
    own: OwnApproach,
    mentions: list[Mention],
) -> Influence | None:
    """The node or person one coordinated object names, or None."""
    relation = predicate.relation
    stripped = _TRAILING_AND.sub("", item.rstrip(" .,"))  # "X and, in its later form, Y": X
    start, item = start + len(stripped) - len(stripped.lstrip()), stripped.strip()
    if _CLAUSE_OBJECT.match(item):
        return None  # "an example of how feminism shaped therapy": a clause, no named source
    possessive = _POSSESSIVE.search(item, 0, _phrase_end(item))
    if possessive:
        owner, owned = item[: possessive.start()], item[possessive.end() :].strip()
        person = _owner_person(owner, start, mentions)
        if person is not None and _school_name(owner):
            person = None  # "Zen Buddhism's acceptance of things": the school's, no person
        owned_words = _noun_phrase(owned, topic=_topic_may_follow(after))
        if person is not None and _bare_field(owned_words):
            return Influence(relation, person=person, words=_name_words(owner))
        if person is not None:
            node = _approach(owned_words, own, strict=True) or _known_with_head(owned_words, own)
            if node is None and _named_method(owned_words, owned):
                node = _node(owned_words, owned_words)  # "Osborn's creative problem solving"
            technique = node is None and bool(_NAMED_TECHNIQUE.fullmatch(" ".join(owned_words)))
            if technique:
                node = _node(owned_words, owned_words)  # "Lowenfeld's World Technique"
            if node is None or (_book_title(owned, node) and not technique):
                node = None  # "Jan Smuts's Holism and Evolution": a book, its author the source
            if node is not None:
                return Influence(relation, node=node, words=" ".join(owned_words))
            work = _CREATOR_WORK.match(owned) if id(person) in own.creators else None
            if work is not None:  # "grew out of Gilbert's work in CBT": the field named
                at = start + possessive.end() + (len(item) - possessive.end() - len(owned))
                return _resolve(
                    at + work.end(), owned[work.end() :], after, predicate, own, mentions
                )
            return Influence(relation, person=person, words=_name_words(owner))
        if _OWNERS.fullmatch(owner.strip()) or _CO_POSSESSOR.fullmatch(owner.strip()):
            # "McCann and Pearlman's … theory", "Ron Kurtz's Hakomi method" (a name the article
            # does not list as a person): the theory or method its head noun names
            node = _approach(owned_words, own, strict=True)
            if node is not None and _book_title(owned, node):
                return None  # a book by someone the article does not list: no object
            if node is not None or _OWNERS.fullmatch(owner.strip()):
                return Influence(relation, node=node, words=node.label) if node else None
        node = _approach(_noun_phrase(owner), own, strict=False)
        return Influence(relation, node=node, words=node.label) if node else None
    field_of = _FIELD_OF_PERSON.match(item)
    if field_of is not None:  # "the affective neuroscience of Jaak Panksepp": his
        person = _person_at(start + field_of.end(), start + field_of.end() + 1, mentions)
        if person is not None and (person.initials or person.full_forms):  # a named person
            return Influence(relation, person=person, words=item[field_of.end() :].strip())
    words = _noun_phrase(item, topic=_topic_may_follow(after))
    if not words or _PEOPLE_OBJECT.fullmatch(" ".join(words)):
        return None  # ("shaped by its critics": people who are no source by name)
    if (
        len(words) >= 3
        and words[-1].casefold() in _IDEA_HEADS
        and words[-2].casefold() in _KIND_HEADS
    ):
        words = words[:-1]  # "the systemic family therapy idea that …": that therapy's
    institute = _OF_INSTITUTE.match(item)
    if institute is not None:
        letters = "".join(w[0] for w in institute["inst"].split() if w[0].isupper())
        slug = approach_slug(f"{letters} {institute['kind']}")  # the field's name for it
        label = institute.group().removeprefix("the ").strip()  # the sentence's words
        node = Node("framework", slug, label, "PsychotherapyApproach")
        return Influence(relation, node=node, words=label)
    tradition = _adjective_tradition(words[-1].casefold(), [w.casefold() for w in words[:-1]])
    if tradition is not None:  # "Buddhist practices of compassion": Buddhism, not compassion
        node = _tradition_node(tradition, words)
        return Influence(relation, node=node, words=node.label)
    inner = _family_of(words, item)
    joint = _JOINT_FAMILY.match(item, inner) if inner is not None else None
    if joint is not None and words[-1].casefold() in LINEAGE_FAMILY_HEADS:
        # "a third wave of behavioural and cognitive therapies": a family of two kinds, named
        # as a whole (one of them alone is not what the sentence says)
        label = f"{' '.join(w.casefold() for w in words)} of {joint.group().casefold()}"
        return Influence(relation, node=_node(label.split(), label.split()), words=label)
    if inner is not None:  # "the third wave of behaviour therapy", "elements of CBT"
        return _resolve(start + inner, item[inner:], after, predicate, own, mentions)
    person = _name_at(words, item, start, mentions)
    if person is not None:
        return Influence(relation, person=person, words=" ".join(words))
    person = _eponymous_group(words, item, start, mentions)
    if person is not None:  # "the Bateson project on communication": Bateson's
        return Influence(relation, person=person, words=" ".join(words))
    if predicate.family:
        node = _family(words, own)
        kind = _kind_of_therapy(words) if node is None else None
        if kind is not None and not own.refers_to(" ".join(words), [], -1):
            return Influence(relation, node=kind, words=kind.label, kind_only=True)
    else:
        node = _approach(words, own, strict=False)
        if node is None and _appositive_approach(after) and _plain_name(words):
            node = _node(words, words)
    if node is None:
        led = _LED_BY.search(item)
        person = _person_at(start + led.end(), start + len(item), mentions) if led else None
        if person is not None and led is not None and words[-1].casefold() in _LED_HEADS:
            # "the Palo Alto research on communication led by Gregory Bateson": his
            return Influence(relation, person=person, words=item[led.end() :].strip())
        of = _part_of(words, item)
        if of is not None:  # "the confrontational style of ISTDP": what the style is of
            found = _resolve(start + of, item[of:], after, predicate, own, mentions)
            if found is not None and found.node is not None and _STYLE.fullmatch(words[-1]):
                named = found.node.label.casefold() in own.known or known_acronym(found.node.label)
                if len(words) > 1 and found.node.label.islower() and not named:
                    # "the confrontational style of addiction counseling": that counseling
                    label = f"{' '.join(words[:-1])} {found.node.label}"
                    node = Node(found.node.kind, approach_slug(label), label, found.node.cls)
                    return Influence(relation, node=node, words=label)
            return found
        return None
    if own.refers_to(" ".join(words), [], -1):
        return None
    qualifier = _KEPT_QUALIFIER.search(item, 0, max(0, item.find(words[0])))
    if qualifier is not None and node.kind == "framework" and not predicate.family:
        # "classical psychoanalysis", "traditional behavior therapy": the sentence's own node
        label = f"{qualifier['word']} {node.label}"
        node = Node(node.kind, approach_slug(label), label, node.cls)
    return Influence(relation, node=node, words=node.label)


_TRAILING_AND = re.compile(r"\s+(?:and|or)$", re.IGNORECASE)
# What an approach's name can stand before as a source's idea ("the systemic family therapy
# idea that …"), not its research or a person's work ("the behaviour therapy research led by")
_IDEA_HEADS = frozenset(
    {"idea", "ideas", "notion", "notions", "concept", "concepts", "insight", "insights"}
    | {"principle", "principles", "view", "views", "technique", "techniques", "method", "methods"}
)
_PEOPLE_OBJECT = re.compile(
    r"(?:(?:its|their|the|his|her|many|some|most|early|later|several)\s+)*"
    rf"(?:{'|'.join(sorted(_OTHER_PEOPLE))}|followers|students|colleagues|researchers|authors"
    r"|clinicians|writers|commentators|reviewers)",
    re.IGNORECASE,
)
_CLAUSE_OBJECT = re.compile(r"(?:how|what|why|whether|when|where|which|who|whom)\b", re.IGNORECASE)
# Work named by who led it: "the Palo Alto research led by Gregory Bateson"
_LED_BY = re.compile(r"\s(?:led|directed|headed|run|conducted)\s+by\s+(?=[A-Z])")
_LED_HEADS = frozenset(
    {"research", "work", "project", "projects", "group", "team", "studies", "study", "program"}
    | {"programme", "laboratory", "lab"}
)
# "the brief therapy of the Mental Research Institute": that institute's therapy, named with
# its initials as the field names it ("MRI brief therapy")
_OF_INSTITUTE = re.compile(
    r"(?:the\s+)?(?P<kind>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}\s+(?:therapy|approach))\s+of\s+the\s+"
    r"(?P<inst>(?:[A-Z][\w’'-]*\s+){1,4}(?:Institute|Center|Centre|Clinic|Foundation))\b"
)
_PART_OF = re.compile(r"\s+of\s+(?=\S)", re.IGNORECASE)
# A way of doing something, whose modifiers qualify what it is of
_STYLE = re.compile(r"(?:style|form|brand|variety|kind|type|version)s?", re.IGNORECASE)
# Heads that count or name people, not a part of what follows "of"
_NOT_A_PART = re.compile(
    rf"(?:{CREATOR_NOUN}|member|student|pupil|disciple|leader|pioneer|president|head|one|two"
    r"|three|some|many|most|each|all|any|none|both|several|few|number|majority|minority)s?",
    re.IGNORECASE,
)


def _part_of(words: list[str], item: str) -> int | None:
    """Where X begins in "the <noun> of X" when the noun names no approach of its own: "the
    active experiments of Gestalt therapy", "the reductionism of Freud". Only a lowercase noun
    phrase of at most three words, so that a name with "of" in it stays whole."""
    if not words or len(words) > 3 or not all(w.islower() for w in words):
        return None
    if _NOT_A_PART.fullmatch(words[-1]):
        return None  # "one of the founding schools", "among the founders of …": no part of X
    head = item.find(words[-1], max(0, item.find(words[0])))
    if head < 0:
        return None
    match = _PART_OF.match(item, head + len(words[-1]))
    return match.end() if match else None


def _known_with_head(words: list[str], own: OwnApproach) -> Node | None:
    """ "Bordin's working alliance" when the article knows Working Alliance Theory (a "See also"
    title or a name it gives): the owned words and a theory or therapy head name that one."""
    phrase = " ".join(words).casefold()
    for head in ("theory", "model", "therapy"):
        known = own.known.get(f"{phrase} {head}")
        if known is not None:
            return _named(" ".join(words), known)  # labelled as the sentence words it
    if words and _is_school(phrase):
        # a school of `approach_names` by its own name ("Luborsky's core conflictual
        # relationship theme"): the school, not its author
        return _node(words, words)
    return None


_OF = re.compile(r"\s+(?:of|from)\s+", re.IGNORECASE)
# Qualifiers that set a school's older form apart ("classical psychoanalysis"): dropped when
# deciding whether an object names an approach, kept in the node it names.
_KEPT_QUALIFIER = re.compile(r"(?:^|\s)(?P<word>classical|traditional)\s+$", re.IGNORECASE)
# Two or more owners by name: "McCann and Pearlman", "Ehlers, Frank and Kupfer"
_OWNERS = re.compile(
    r"(?:[A-Z][\w.’'-]*\s+){0,2}[A-Z][\w’'-]*(?:(?:,\s*|,?\s+and\s+)(?:[A-Z][\w.’'-]*\s+){0,2}[A-Z][\w’'-]*)+"
)
# What a creator did before the approach, and the field it was done in: "Gilbert's work in
# CBT", "Linehan's attempts to apply standard behaviour therapy to …", "Beck's effort to
# confirm the psychoanalytic model": the approach grew out of the field, not out of its creator.
_CREATOR_WORK = re.compile(
    r"(?:(?:own|early|earlier|clinical|first|later|long|lifelong|close|careful)\s+)*(?:work"
    r"|research|experience|training|studies|experiments|attempts?|efforts?|practice|study"
    r"|immersion|grounding|background)\s+(?:(?:in|on|within|of)\s+"
    r"|to\s+(?:apply|adapt|extend|confirm|verify|test|improve|reform|combine|make|bring|turn"
    r"|shorten|speed\s+up|simplify|integrate|modify|rework|systematise|systematize)\s+)",
    re.IGNORECASE,
)


# Two kinds sharing one plural head: "behavioural and cognitive therapies"
_JOINT_FAMILY = re.compile(
    r"[a-z][\w-]*\s+(?:and|&)\s+[a-z][\w-]*\s+(?:therapies|psychotherapies|treatments|approaches)\b",
    re.IGNORECASE,
)


_FAMILY_OF_JOINT = re.compile(
    rf"\b(?:{'|'.join(sorted(LINEAGE_FAMILY_HEADS))})[”’\"']?\s+of\s+{_JOINT_FAMILY.pattern}",
    re.IGNORECASE,
)


def _family_of(words: list[str], item: str) -> int | None:
    """Where the object starts in "the (third) wave / wider family / tradition of X": a family
    head with no name of its own names the family of what follows "of"."""
    head = words[-1].casefold()
    if head not in LINEAGE_FAMILY_HEADS and head not in LINEAGE_PART_HEADS:
        return None
    # a family with a name of its own is that family ("the interpersonal school of …"); a
    # part is always the part of what follows ("the experiential methods of Gestalt therapy")
    if head not in LINEAGE_PART_HEADS and not all(_generic(w) for w in words[:-1]):
        return None
    match = _OF.search(item)
    return match.end() if match and not item[: match.start()].strip().endswith(",") else None


def _name_words(owner: str) -> str:
    return " ".join(w for w in owner.split() if w[:1].isupper())


def _name_at(
    words: list[str], item: str, start: int, mentions: list[Mention]
) -> PersonRecord | None:
    """The person an object is, when the object is a name and nothing more ("Otto Rank"), or
    a name after a lowercase role noun ("the anthropologist Gregory Bateson")."""
    lead = item.find(words[0]) if words else -1
    for mention in mentions:
        offset = mention.start - start
        if lead < 0 or not lead <= offset < len(item):
            continue
        before = item[lead:offset].split()
        if len(before) > 2 or not all(w.islower() for w in before) or "of" in before:
            return None  # "the phenomenology of Merleau-Ponty": what is of the person first
        name_words = len(item[lead : mention.end - start].split())
        return mention.person if len(words) <= name_words else None
    return None


_GROUP_NOUNS = frozenset(
    ["project", "group", "team", "circle", "laboratory", "lab", "seminar", "workshop"]
)


def _eponymous_group(
    words: list[str], item: str, start: int, mentions: list[Mention]
) -> PersonRecord | None:
    """The person a group or project is named for ("the Bateson project", "the Kohut circle"),
    when the sentence names that person there."""
    if len(words) != 2 or words[1].casefold() not in _GROUP_NOUNS:
        return None
    lead = item.find(words[0])
    return next((m.person for m in mentions if m.start - start == lead and not m.possessive), None)


def _family(words: list[str], own: OwnApproach) -> Node | None:
    """ "is a third-wave cognitive behavioral therapy": a variant of that approach, when the words
    before the head end in an approach the article knows (a title, an alias, a "See also" line,
    an acronym). A family named only by its modifiers is `_kind_of_therapy`'s."""
    if len(words) < 2 or words[-1].casefold() not in LINEAGE_APPROACH_HEADS:
        return None
    modifiers = words[:-1]
    if any(m.casefold() in _DETERMINERS for m in modifiers) or all(_generic(m) for m in modifiers):
        return None
    while _generic(modifiers[0]) and not _names_with_next(modifiers):
        modifiers = modifiers[1:]  # "a modified psychoanalytic psychotherapy" → psychoanalytic
    for size in range(len(modifiers) + 1, 1, -1):
        tail = " ".join(words[-size:])
        known = own.known.get(tail.casefold()) or known_acronym(tail)
        if known is not None:
            return _named(tail, known)
    return None


def _kind_of_therapy(words: list[str]) -> Node | None:
    """ "is classed as a behaviour therapy", "is a constructivist psychotherapy": the kind of
    therapy the approach is one of, named by its school's modifiers, when `_family` finds no
    approach the article knows in them. A head that names no therapy ("an integrative
    treatment program") or modifiers that only describe its delivery ("an individual
    treatment", "a brief therapy") name none."""
    if len(words) < 2 or words[-1].casefold() not in _KIND_HEADS:
        return None
    modifiers = words[:-1]
    while modifiers and _generic(modifiers[0]) and not _names_with_next(modifiers):
        modifiers = modifiers[1:]
    if not modifiers or len(modifiers) > 3 or not all(map(_kind_word, modifiers)):
        return None
    head = _KIND_HEADS[words[-1].casefold()]  # "a behavioural treatment": behaviour therapy
    return _node([*modifiers, head], [*modifiers, head])


# Heads of a kind of therapy ("a behaviour therapy"), and the words that may name its school
_KIND_HEADS = {
    "therapy": "therapy",
    "therapies": "therapy",
    "psychotherapy": "psychotherapy",
    "psychotherapies": "psychotherapy",
    "treatment": "therapy",
    "treatments": "therapy",
    "counseling": "counseling",
    "counselling": "counselling",
    "analysis": "analysis",
    "model": "model",  # "It is a common-factors model"
}
_KIND_WORD = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)*")


def _kind_word(word: str) -> bool:
    return bool(_KIND_WORD.fullmatch(word)) and word.casefold() not in LINEAGE_DELIVERY_MODIFIERS


def _names_with_next(modifiers: list[str]) -> bool:
    """An adverb that is part of a name with the participle after it ("emotionally focused
    couple therapy"), when something that names the approach follows them."""
    return (
        len(modifiers) > 2
        and bool(_ADVERB.fullmatch(modifiers[0].casefold()))
        and modifiers[1].casefold().endswith("ed")
        and not all(_generic(m) for m in modifiers[2:])
    )


def _generic(word: str) -> bool:
    folded = word.casefold()
    return folded in LINEAGE_GENERIC_MODIFIERS or bool(_ADVERB.fullmatch(folded))


def _phrase_end(text: str) -> int:
    """Where the noun phrase that opens `text` ends ("Otto Rank the belief that the client's
    own will": after "Rank"), with a possessive ending its first word kept inside."""
    words = _noun_phrase(text)
    if not words:
        return len(text)
    last = text.find(words[-1], sum(len(w) for w in words[:-1]))
    return len(text) if last < 0 else last + len(words[-1]) + 2


def _topic_may_follow(after: str) -> bool:
    """No list goes on after the object: "theory of bond, goal, and task" names its parts (but
    ", in which …", ", which …" open a clause about the object, no list)."""
    return not after.lstrip().startswith((",", ";")) or bool(_CLAUSE_AFTER_OBJECT.match(after))


_CLAUSE_AFTER_OBJECT = re.compile(
    r"\s*,\s*(?:(?:in|by|through|from|with|on)\s+)?(?:which|whom|whose|who|where|though|although"
    r"|while)\b|\s*,\s*(?:(?:in|by|through|from|with|on)\s*)?$"  # the object's span may end there
    # a participle or "with its …" about the object: ", derived from …", ", with its six …"
    r"|\s*,\s*(?:[a-z]{3,}(?:ed|en)\s+(?:from|by|in|on|out|for|to)|with\s+(?:its|his|her"
    r"|their))\b",
    re.IGNORECASE,
)


def _noun_phrase(text: str, *, topic: bool = False) -> list[str]:
    """The words of an object up to where its noun phrase ends, without determiners; with
    `topic`, a theory keeps what it is of ("the behavioural theory of depression", "social
    cognitive theories of PTSD"), a person's name after "of" excepted ("the model of James O.
    Prochaska")."""
    words: list[str] = []
    split = text.split()
    quoted = False  # inside a quoted topic: "the philosophy of “as if”"
    for index, word in enumerate(split):
        bare = word.strip("“”\"'.,")
        folded = bare.casefold()
        if quoted:
            words.append(bare)
            if word.rstrip(".,;:").endswith(("”", '"')):
                break
            continue
        initial = _INITIAL.fullmatch(word) is not None  # "A." in "G. A. Kelly", not "a"
        if (
            not words
            and folded in LINEAGE_OBJECT_STOPWORDS
            and not initial
            and not _fixed_compound(folded, split[index + 1 : index + 2])
        ):
            continue  # "that common-factors lineage", "of the …": determiners first
        if (
            topic
            and folded == "of"
            and words
            and _theory_of(words[-1], split[index + 1 : index + 2])
        ):
            words.append(bare)
            following = split[index + 1]
            quoted = following[:1] in '“"‘' and not following.rstrip(".,;:").endswith(("”", '"'))
            continue
        if (
            not bare
            or (folded in LINEAGE_NP_END and not initial)
            or (words and folded in _DETERMINERS and not initial)
        ):
            break  # "from Carl Rogers the practice of …": a determiner opens another phrase
        words.append(bare)
        if word.endswith((",", ";")):
            break
    return words


_INITIAL = re.compile(r"[A-Z]\.")
_THEORY_OF_HEADS = LINEAGE_THEORY_HEADS | {"account", "accounts", "philosophy", "principle", "law"}
# Heads that, alone before "of", are named by their topic: "the philosophy of dialogue"
_NAMED_BY_TOPIC = frozenset(["philosophy", "theory", "psychology"])
# Heads a person's theory is named by before its topic ("Wolpe's principle of …")
_OWNED_THEORY_OF = LINEAGE_THEORY_HEADS | {"principle", "principles", "law", "laws"}
_TOPIC_WORD = re.compile(r"[a-z][a-z-]*|[A-Z]{2,6}s?")  # "depression", "panic", "PTSD"


def _theory_of(head: str, following: list[str]) -> bool:
    """Whether "of" after `head` goes on with the theory's topic: a lowercase word or an
    acronym, not a determiner or a name; after a school or tradition, the field it is one of
    ("the interpersonal school of psychiatry")."""
    if head.casefold() in ("school", "tradition") and following:
        field = following[0].strip(".,;:")
        return field.islower() and field.endswith(_FIELD_ENDINGS)
    if head.casefold() not in _THEORY_OF_HEADS or not following:
        return False
    if following[0][:1] in '“"‘':
        return True  # a quoted topic: "the philosophy of “as if”"
    word = following[0].strip("“”\"'.,")
    return (
        _TOPIC_WORD.fullmatch(word) is not None
        and word.casefold() not in _DETERMINERS
        and word.casefold() not in LINEAGE_NP_END
        and word.casefold() not in ("how", "why", "what", "whether", "which")  # a clause
    )


# Endings of a field that a school or tradition is one of ("the interpersonal school of
# psychiatry", "the humanistic school of psychology", "the analytic tradition of philosophy")
_FIELD_ENDINGS = ("iatry", "ology", "analysis", "therapy", "sophy")


# Adjectives that name a school: a theory or model they qualify keeps its topic, which tells it
# from the school ("the behavioural model of depression", "social cognitive theories of PTSD")
_SCHOOL_ADJECTIVES = frozenset(
    [
        "behavioural",
        "behavioral",
        "cognitive",
        "cognitive-behavioural",
        "cognitive-behavioral",
        "social",
        "interpersonal",
        "psychodynamic",
        "psychoanalytic",
        "humanistic",
        "systemic",
        "existential",
        "developmental",
        "learning",
        "reinforcement",  # a doctrine's words too: "the reinforcement theory of depression"
        "sexual",
    ]
)


def _named_without_topic(core: list[str]) -> bool:
    """Whether a theory or model before "of <topic>" is named by its own modifiers, so that the
    topic is no part of its name: "the Hanf model of parent training", "the two-factor theory of
    avoidance", "the biomedical model of depression" (not "the behavioural model of depression",
    whose modifier names a school, nor "the theory of …" with none)."""
    head = core[-1].casefold()
    if len(core) < 2 or head not in LINEAGE_THEORY_HEADS:
        return False
    kept = [w for w in core[:-1] if w.casefold() not in _DETERMINERS]
    modifiers = [w.casefold() for w in kept]
    if " ".join([*modifiers, _singular(head)]) in LINEAGE_TOPICLESS_MODELS:
        return True  # "the medical model of depression": a model known by that name alone
    if not modifiers or all(m in _SCHOOL_ADJECTIVES or _generic(m) for m in modifiers):
        return False
    # a model keeps its topic ("the transactional model of stress", "the stage model of
    # trauma recovery": the sets name it whole), unless a proper name names it ("the Hanf
    # model of parent training"); a theory is named by its modifiers
    return not head.startswith("model") or any(w[:1].isupper() for w in kept)


def _bare_field(words: list[str]) -> bool:
    """A person's field, named by no school of its own: "Sherrington's neurophysiology",
    "Wittgenstein's later philosophy", "Goffman's sociology", "Bateson's cybernetic
    epistemology" (the person is the source; "Kohut's self psychology" names a school)."""
    if not words or words[-1].casefold() not in _BARE_FIELDS:
        return False
    if words[-1].casefold() in ("epistemology", "neuroscience"):
        return len(words) <= 2  # "Bateson's cybernetic epistemology", "Panksepp's affective …"
    return all(w.casefold() in _FIELD_LEADS for w in words[:-1])


_BARE_FIELDS = frozenset(
    {
        *("philosophy", "phenomenology", "physiology", "neurophysiology", "psychology"),
        *("sociology", "biology", "anthropology", "epistemology", "theology", "neurology"),
        "neuroscience",
    }
)
# Fields whose "the … of NAME" the article gold reads as a school ("the ego psychology of Heinz
# Hartmann", "the phenomenology of Merleau-Ponty")
_SCHOOL_FIELDS = frozenset({"philosophy", "phenomenology", "psychology"})
_BODIES_OF_WORK = frozenset(
    {"thinking", "thought", "work", "research", "writings", "ideas", "theories", "teachings"}
    | {"experiments"}
)
# A field, a way of thinking or a body of work in lowercase words, then "of" and a name: the
# person is the source ("the anthropology of Barbara Myerhoff", "the developmental thinking of
# Donald Winnicott")
_FIELD_OF_PERSON = re.compile(
    r"(?:the\s+)?(?:[a-z][a-z-]*\s+){0,2}?"
    rf"(?:{'|'.join(sorted((_BARE_FIELDS - _SCHOOL_FIELDS) | _BODIES_OF_WORK))})\s+of\s+(?=[A-Z])"
)
_FIELD_LEADS = frozenset({"later", "early", "earlier", "late", "own", "mature", "whole"})


def _named_method(words: list[str], owned: str) -> bool:
    """A person's method named in lowercase words: "creative problem solving", "progressive
    relaxation", "somatic experiencing" (not "research on depression", "late writings",
    "own experience", "strategic use of …": a vague or personal head, a preposition, or a
    head that an "of" phrase goes on from)."""
    if not 2 <= len(words) <= 4 or not all(re.fullmatch(r"[a-z][a-z-]+", w) for w in words):
        return False
    if re.match(r"\s*(?:of|on|about|in|with|for)\b", owned[len(" ".join(words)) :]):
        return False
    head = words[-1]
    if head in LINEAGE_VAGUE_HEADS or head in _PERSONAL_HEADS or head in LINEAGE_NOT_METHOD_HEADS:
        return False
    return not any(w in LINEAGE_NP_END or w in _DETERMINERS for w in words)


def _approach(words: list[str], own: OwnApproach, *, strict: bool) -> Node | None:
    """An approach node for an object's words, or None: a known name or acronym, a head noun
    of an approach with a modifier that names it, an "-ism" (not when `strict`: after a
    person's possessive, only a head noun names an approach; `_named_method` decides the rest)."""
    if not words or _YEAR.fullmatch(words[0]):
        return None  # "Jacobson's 1996 component analysis": a study, not an approach
    if words[0].casefold() in _UNNAMED_LEADS:
        return None  # "holding therapy and other coercive attachment therapies": no one approach
    if len(words) > 1 and words[0].casefold() == "orthodox":
        school = _approach(words[1:], own, strict=strict)
        if school is not None:  # "orthodox psychoanalysis" is psychoanalysis (not "… psychiatry")
            return school
    while len(words) > 1 and _DURATION.fullmatch(words[0].casefold()):
        words = words[1:]  # "the eight-week MBSR course": a format, not part of the name
    if len(words) > 2 and words[0].casefold() == "individual":
        words = words[1:]  # "individual emotion-focused therapy" ("individual psychology" stays)
    while len(words) > 2 and _ADVERB.fullmatch(words[0]) and not words[1].endswith("ed"):
        words = words[1:]  # "purely individual counseling" (but "emotionally focused therapy")
    if len(words) > 1 and _EPONYM.fullmatch(words[0]) and _founder_adjective(words):
        words = words[1:]  # "Jungian analytical psychology": the school, its founder's adjective
    while len(words) > 2 and _DESCRIPTIVE_COMPOUND.fullmatch(words[0]):
        words = words[1:]  # "the interpretation-heavy psychoanalytic psychotherapy": a judgement
    named_at = next((i for i, w in enumerate(words) if w[:1].isupper()), 0)
    if 0 < named_at < len(words) - 1 and all(w.isalpha() and w.islower() for w in words[:named_at]):
        words = words[named_at:]  # "the confrontational Johnson Institute intervention": the name
    if words[-1].casefold() in LINEAGE_FAMILY_HEADS and any(_EPONYM.match(w) for w in words):
        return _node(words[:-1], words[:-1])  # "the Rogerian tradition" → framework/rogerian
    phrase = " ".join(words)
    known = own.known.get(phrase.casefold()) or known_acronym(phrase)
    if known is None and len(words) == 1 and words[0][:1].isupper():
        # "paired with Naikan" where the article knows Naikan Therapy: that title, its head
        # left out
        titled = (own.known.get(f"{phrase.casefold()} {head}") for head in _THERAPY_HEADS)
        known = next((name for name in titled if name is not None), None)
    if known is not None:
        return _named(phrase, known)
    folded = [w.casefold() for w in words]
    headless = _headless_name(folded)
    if headless:  # "prolonged exposure", "token economy programmes": a known name, no head
        return _node(words[:headless], words[:headless])
    if "of" in folded[1:]:  # "the behavioural theory of depression": the theory is the head
        core = words[: folded.index("of")]
        node = _approach(core, own, strict=strict)
        topic = words[folded.index("of") + 1 :]
        if node is None and len(core) == 1 and core[0].casefold() in _NAMED_BY_TOPIC and topic:
            # "the philosophy of functional contextualism": the school it is the philosophy of
            inner = _approach(topic, own, strict=False)
            if inner is not None and topic[-1].casefold().endswith(LINEAGE_NAME_SUFFIXES):
                return inner
            if not strict:  # "the philosophy of dialogue", "theory of mind" (not a person's:
                return _node(words, words)  # "Wittgenstein's philosophy of language")
        if node is None and strict and topic and core[-1].casefold() in _OWNED_THEORY_OF:
            # after a person's possessive, a theory by its topic is that theory: "Ryff's model
            # of psychological well-being", "Wolpe's principle of reciprocal inhibition"
            return _node(words, words)
        field = topic[0].casefold() if len(topic) == 1 and topic[0].islower() else ""
        family = len(core) >= 2 and core[-1].casefold() in LINEAGE_FAMILY_HEADS
        if node is not None and family and field.endswith(_FIELD_ENDINGS):
            # "the interpersonal school of psychiatry" is interpersonal psychiatry
            return _node([*core[:-1], topic[0]], [*core[:-1], topic[0]])
        if node is None or not _THEORY_OF_HEADS.intersection(w.casefold() for w in core[-1:]):
            return node
        if _named_without_topic(core):  # "the Hanf model of parent training": the Hanf model
            return _node(core, core)
        return _node(core, words)
    head = words[-1].casefold()
    modifiers = [w.casefold() for w in words[:-1]]
    if len(words) == 1 and head.endswith("s") and head[:-1] in LINEAGE_ADJECTIVE_TRADITIONS:
        return _tradition_node(LINEAGE_ADJECTIVE_TRADITIONS[head[:-1]], words)  # "the Stoics"
    tradition = _adjective_tradition(head, modifiers)
    if tradition is not None:  # "Buddhist practices", "psychoanalytic ideas": the tradition
        return _tradition_node(tradition, words)
    if head in LINEAGE_VAGUE_HEADS:
        return None
    named = len(words) == 1 or not all(_generic(m) for m in modifiers)
    generic_head = head in LINEAGE_APPROACH_HEADS and head != "psychoanalysis"
    known_word = head.endswith(LINEAGE_NAME_SUFFIXES) and head not in LINEAGE_NOT_NAMES
    if known_word and not generic_head and named:
        return _node(words, words)  # "psychoanalysis", "radical behaviorism", "hypnotherapy"
    if len(words) == 1 and head in LINEAGE_TRADITIONS:
        return _node(words, words)  # "Zen", "Vedanta"
    if len(words) == 2 and modifiers[0] in LINEAGE_TRADITIONS and head in LINEAGE_ADJECTIVE_HEADS:
        return _tradition_node(words[0], words)  # "vipassana practice", "yoga teachings"
    if head in LINEAGE_APPROACH_HEADS:
        if not modifiers and head in _LONE_FIELDS:
            return _node(words, words)  # "took from cybernetics the idea …": a field by name
        if not modifiers or all(_generic(m) for m in modifiers):
            return None
        if head == "methods" and not any(w[:1].isupper() for w in words[:-1]):
            return None  # "the cathartic method" names one; "cognitive methods" describe
        described = head in _DESCRIBED_HEADS and all(_ADJECTIVE.fullmatch(m) for m in modifiers)
        if described and not _is_school(" ".join(words)):  # "psychoanalytic treatment" is one
            return None  # "the behavioral treatment of depression" describes, names nothing
        if head in LINEAGE_FAMILY_HEADS:
            tradition = LINEAGE_ADJECTIVE_TRADITIONS.get(modifiers[-1]) if len(words) == 2 else None
            if len(words) == 2 and modifiers[0].endswith("-analytic"):
                # "the behaviour-analytic tradition" is behaviour analysis
                tradition = modifiers[0].removesuffix("-analytic") + " analysis"
            if tradition is not None and not tradition.endswith("therapy"):
                # "the psychoanalytic movement" is psychoanalysis ("the client-centred
                # tradition" stays the family of client-centred approaches)
                return _tradition_node(tradition, words)
            return _node(words[:-1], words[:-1])
        return _node(words, words)
    return None


def _headless_name(folded: list[str]) -> int:
    """How many of the words are an established name with no approach head
    (`LINEAGE_HEADLESS_NAMES`: "prolonged exposure", "token economies"), alone or before a
    packaging or approach head ("token economy programmes", "voice dialogue work"); else 0."""
    for size in (len(folded), len(folded) - 1):
        if size < 2:
            break
        *first, last = folded[:size]
        name = " ".join([*first, last])
        singular = last[:-3] + "y" if last.endswith("ies") else last.removesuffix("s")
        plain = " ".join([*first, singular])
        rest = folded[size:]
        known = name in LINEAGE_HEADLESS_NAMES or plain in LINEAGE_HEADLESS_NAMES
        if known and (not rest or rest[0] in _HEADLESS_TAILS):
            return size
    return 0


_HEADLESS_TAILS = LINEAGE_PACKAGING_HEADS | frozenset(
    ["programmes", "work", "procedure", "procedures", "method", "paradigm", "techniques"]
)


# A compound adjective that judges or describes a school rather than names one
# ("interpretation-heavy", "couch-bound", "jargon-laden", "diagnosis-led", "open-ended")
_DESCRIPTIVE_COMPOUND = re.compile(
    r"[a-z]+-(?:heavy|bound|laden|led|driven|dominated|ridden|ended|minded|obsessed)"
)


# Heads that need a modifier to name a school ("second-order cybernetics") but alone still
# name a field the sentence draws on
_LONE_FIELDS = frozenset(["cybernetics", "linguistics", "dialectics"])


def _adjective_tradition(head: str, modifiers: list[str]) -> str | None:
    """The one tradition an adjective names before a head that names no school ("Taoist and
    Buddhist mindfulness" is read item by item), when every other modifier is generic."""
    if head not in LINEAGE_ADJECTIVE_HEADS or not modifiers:
        return None
    named = [
        LINEAGE_ADJECTIVE_TRADITIONS[m] for m in modifiers if m in LINEAGE_ADJECTIVE_TRADITIONS
    ]
    others = [m for m in modifiers if m not in LINEAGE_ADJECTIVE_TRADITIONS]
    school = [m for m in others if m in LINEAGE_TRADITIONS]
    if len(named) == 1 and len(school) == 1 and school[0] in modifiers[:-1]:
        following = modifiers[modifiers.index(school[0]) + 1]
        if LINEAGE_ADJECTIVE_TRADITIONS.get(following) == named[0] and all(
            _generic(m) or m in _DETERMINERS for m in others if m != school[0]
        ):
            return f"{school[0].capitalize()} {named[0]}"  # "the Zen Buddhist attitude"
    if len(named) != 1 or not all(_generic(m) or m in _DETERMINERS for m in others):
        return None
    return named[0]


def _tradition_node(tradition: str, words: list[str]) -> Node:
    """The tradition's node, labelled with the sentence's own words ("Buddhist practices")."""
    cls = "Theory" if tradition.split()[-1].casefold() in LINEAGE_THEORY_HEADS else None
    return Node(
        "framework", approach_slug(tradition), " ".join(words), cls or "PsychotherapyApproach"
    )


# Heads that adjectives alone describe rather than name ("a behavioural treatment"; but
# "mentalization-based treatment", "assertive community treatment" are names).
_DESCRIBED_HEADS = frozenset(["treatment", "treatments", "training"])
_ADJECTIVE = re.compile(r"[a-z]{4,}(?:al|ic|ive|ous|ary)")


def known_acronym(phrase: str) -> tuple[str, str] | None:
    """An approach the lexicon's acronym table knows, by acronym or by its full name."""
    name = APPROACH_ACRONYMS.get(phrase) or _FULL_NAMES.get(approach_slug(phrase))
    return (approach_slug(name), name) if name else None


_FULL_NAMES = {approach_slug(name): name for name in APPROACH_ACRONYMS.values()}


def _named(phrase: str, known: tuple[str, str]) -> Node:
    slug, label = known
    cls = "Theory" if label.split()[-1].casefold() in LINEAGE_THEORY_HEADS else None
    return Node("framework", slug, phrase, cls or "PsychotherapyApproach")


def _node(words: list[str], label_words: list[str]) -> Node:
    label = " ".join(label_words)
    folded = [w.casefold() for w in words]
    head = folded[folded.index("of") - 1] if "of" in folded[1:] else folded[-1]  # "model of …"
    cls = "Theory" if head in LINEAGE_THEORY_HEADS else "PsychotherapyApproach"
    return Node("framework", approach_slug(label), label, cls)


def _plain_name(words: list[str]) -> bool:
    """A short lowercase noun phrase ("progressive education") or a capitalised name
    ("Interacting Cognitive Subsystems") that an appositive calls a movement, a tradition or a
    framework."""
    if not 1 <= len(words) <= 5:
        return False
    inner = words[1:-1] if len(words) > 2 else []
    return all(re.fullmatch(r"[a-z][a-z-]*", w) for w in words) or (
        all(re.fullmatch(r"[A-Z][a-z][A-Za-z-]*", w) for w in (words[0], words[-1]))
        and all(re.fullmatch(r"[A-Z][a-z][A-Za-z-]*|of|the|and", w) for w in inner)
    )  # "Theatre of Spontaneity"


def _appositive_approach(after: str) -> bool:
    """ ", the movement associated with …", ", a gruelling Jodo Shinshu practice of …": the
    object before it is an approach (an approach head among the appositive's first words)."""
    match = _APPOSITION.match(after)
    if match is None:
        return False
    words = [w.casefold() for w in match["words"].split()]
    return any(
        (w in LINEAGE_APPROACH_HEADS or w in _APPOSITIVE_HEADS) and w not in _APPOSITIVE_NOT_HEADS
        for w in words
    )


_APPOSITIVE_NOT_HEADS = frozenset({"field", "family", "literature", "lineage", "wave"})
# Heads too plain to name an approach as an object's own head ("the procedure") that still
# say what a name before them is: "comprehensive distancing, an early-1980s procedure that …"
_APPOSITIVE_HEADS = frozenset(
    {"procedure", "procedures", "technique", "techniques", "protocol", "protocols"}
)


def _owner_person(owner: str, start: int, mentions: list[Mention]) -> PersonRecord | None:
    """The person a possessive's owner is, when the owner is a name and nothing more
    ("Otto Rank’s ideas", not "the bond component of Bordin’s …")."""
    words = _noun_phrase(owner)
    if not words or len(words) != len(owner.split()) - _leading_stopwords(owner):
        return None
    return _name_at(words, owner, start, mentions)


def _fixed_compound(folded: str, following: list[str]) -> bool:
    """Whether a stopword adjective is part of a fixed name with the next word ("classical
    conditioning" is no "conditioning" said of a classic)."""
    if not following:
        return False
    return f"{folded} {following[0].strip('.,;:').casefold()}" in LINEAGE_FIXED_COMPOUNDS


def _leading_stopwords(text: str) -> int:
    count = 0
    for word in text.split():
        if word.casefold() not in LINEAGE_OBJECT_STOPWORDS:
            break
        count += 1
    return count


def _person_at(start: int, end: int, mentions: list[Mention]) -> PersonRecord | None:
    for mention in mentions:
        if start <= mention.start < end:
            return mention.person
    return None


@lru_cache(maxsize=1)
def relation_slugs() -> tuple[str, ...]:
    """The relations of the lineage vocabulary, in the lexicon's order."""
    return tuple(LINEAGE_PREDICATES)
