"""Lineage said the other way round: the earlier idea or person is the clause's subject.

`lineage.influences` reads clauses whose subject is the approach ("DBT draws on Zen practice").
Writers as often make the source the subject and the approach the object, or front the source:

    influence verb       "Mahler's studies of separation–individuation informed the model's …"
                         "Festinger's cognitive dissonance theory helped shape its interest …"
    supplying verb       "Jerome Frank's Persuasion and Healing supplied the idea that …"
                         "Bowlby's work laid the groundwork for the approach"
    fronted source       "From Melanie Klein the approach borrows the idea that …"
                         "From Gestalt psychology came the ideas of figure and ground" (in
                         the sections that tell the lineage)
                         "From Bowlby, Johnson took the idea that …" (a creator stands for it)
    a listing            "Related approaches include ACT and CFT" (related to)
                         "Other influences Ellis named include Alfred Adler, …"
    a listing of later   "Later developments include Greenberg's emotion-focused therapy" (a
    approaches           later approach rooted in this one: a link the other way round)
    a copula             "Horney's 'tyranny of the shoulds' is the clearest ancestor of REBT's …"
                         "Bateson's idea … was White's starting point" (the approach's, a creator's)

Each gives an influenced-by link from the article's approach to the subject (or the fronted
source). An influence verb counts only when what it influenced is the approach itself ("the
model", "its …", "it", its name or acronym); a supplying verb only in the sections that tell the
lineage (where nothing else is being supplied to), and never when its subject is the approach
itself or one of its creators. Objects are resolved as every lineage object is
(`lineage.resolve_object`), so a person's possessive names the person unless what it owns is an
approach ("Festinger's cognitive dissonance theory" → the theory).
"""

from __future__ import annotations

import re
from dataclasses import replace

from therapykg.loaders.lexicon import IGNORECASE_EXTRAS
from therapykg.loaders.lineage import Influence, OwnApproach, object_items, resolve_object
from therapykg.loaders.people import Mention

_ADVERB = (
    r"(?:(?:also|later|directly|strongly|heavily|largely|deeply|profoundly|decisively|further"
    r"|first|in\s+turn|in\s+part|partly)\s+)?"
)
_INFLUENCE_VERB = (
    r"(?:informed|informs|shaped|shapes|inspired|inspires|influenced|influences|guided|guides"
    r"|helped\s+(?:to\s+)?(?:shape|inspire|form|inform|define)"
    r"|helps\s+(?:to\s+)?(?:shape|inspire|form|inform|define)"
    r"|(?:laid|lays)\s+the\s+(?:groundwork|foundations?)\s+for|paved\s+the\s+way\s+for"
    r"|prepared\s+the\s+ground\s+for|set\s+the\s+stage\s+for"
    r"|(?:left|leaves|leave)\s+(?:a|an|its|their|his|her)\s+(?:\w+\s+)?(?:mark|imprint|stamp)\s+on"
    r"|(?:fed|feeds)\s+(?:(?:directly|straight)\s+)?into)"
)
# "Gendlin's philosophy of the implicit underlies focusing-oriented therapy": what it rests on
_GROUNDS_VERB = r"(?:underlies|underlay|underlie|underpins|underpinned|underpin)"
_SUPPLY_VERB = (
    r"(?:supplied|supplies|provided|provides|gave|gives|lent|lends|contributed|contributes"
    r"|furnished|furnishes|offered|offers)\s+(?:(?:it|the\s+(?:model|approach|therapy|treatment"
    r"|method))\s+)?(?:with\s+)?(?:the|its|a|an|much\s+of\s+(?:the|its)"
    r"|the\s+(?:model|approach|therapy|treatment|method)(?:’s|'s))\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<supplied>idea|ideas|theory|concept|concepts|notion|insight|insights|foundation"
    r"|foundations|basis|framework|groundwork|core|vocabulary|language|rationale|principle"
    r"|principles|picture|account|template|stance|emphasis|goal|goals|aim|aims|target|targets"
    r"|structure|format|techniques|methods|tools|exercises|procedures|questioning|worksheets"
    r"|skills|strategies|interventions|component|components|module|modules|view|views|outlook"
    r"|metaphor|metaphors|evidence|model|method|understanding)\b"
)
_VERB = re.compile(
    rf"\s{_ADVERB}(?:(?P<influence>{_INFLUENCE_VERB}|(?P<grounds>{_GROUNDS_VERB}))"
    rf"|(?P<supply>{_SUPPLY_VERB}))\s*",
    re.IGNORECASE,
)
# What an influence verb acted on, when that is the approach: "the model's picture", "its
# interest", "it", "the treatment"; the approach's own name is checked through OwnApproach.
_SELF_AFTER = re.compile(
    r"(?:it\b|its\b|the\s+(?:(?:present|current|original|whole|later|early)\s+)?(?:approach|model"
    r"|therapy|psychotherapy|treatment|method|framework|program|programme|intervention)\b)",
    re.IGNORECASE,
)
_FRONTED = re.compile(
    r"^\s*(?:(?:In|By|During|Over|From)\s+(?:the\s+)?\d{4}s?|Later|Earlier|Historically"
    r"|Above\s+all|In\s+particular|Most\s+of\s+all)\s*,\s*"
)
_FROM_SOURCE = re.compile(
    r"^\s*From\s+(?P<source>[^,;]+?),?\s+(?P<subject>(?:the\s+[\w-]+(?:\s+[\w-]+)?|it|[A-Z][\w’'-]*"
    r"(?:\s+[A-Z][\w’'-]*)*?))\s+(?:also\s+|later\s+)?(?:borrows?|borrowed|takes?|took|adopts?"
    r"|adopted|inherits?|inherited|draws?|drew|gets?|got|learned|learnt|derives?|derived|absorbs?"
    r"|absorbed|imports?|imported)\b"
)
# "From Gestalt psychology came the ideas of figure and ground": a source fronted before an
# inverted verb (in the sections that tell the lineage, where what came is the approach's).
_FROM_CAME = re.compile(
    r"^\s*From\s+(?P<source>[^;:]+?),?\s+(?:came|comes|come|derive[sd]?|stem(?:s|med)?)\s+"
    r"(?:the|its|much|many|some|most)\b"
)
# "Behind the approach stands Carl Rogers's client-centred therapy", "At the root of the model
# lies X", "Beneath it lie X and Y": a source fronted before the approach and a verb of standing.
_BEHIND = re.compile(
    r"^\s*(?:Behind|Beneath|Underneath|Under|At\s+the\s+(?:root|roots|heart|base)\s+of)\s+"
    r"(?P<subject>it|them|[^,;]{1,60}?),?\s+(?:stands?|stood|lies?|lay|lie|sits?|sat|is|are|was"
    r"|were)\s+"
)
_CLAUSE = re.compile(r"[^;:]+")
_JOINED_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s+")
# "… Norbert Elias, from whom it took its view of …": the antecedent is the source
_FROM_WHICH = re.compile(
    r",\s+from\s+(?:which|whom)\s+(?P<subject>it|they|the\s+(?:approach|model|method|therapy"
    r"|treatment|programme|program)|[A-Z][\w’'-]+)\s+(?:also\s+|later\s+|first\s+)?(?:took|borrowed"
    r"|drew|derived|inherited|adopted|learned|learnt|gained|got|received)\b",
)
# "… Theraplay, with which it shares an emphasis on play": the antecedent is a relative
_WITH_WHICH = re.compile(
    r",\s+with\s+(?:which|whom)\s+(?P<subject>it|they|the\s+(?:approach|model|method|therapy"
    r"|treatment|programme|program)|[A-Z][\w’'-]+)\s+(?:also\s+)?(?:shares|shared|has\s+in\s+common)\b"
)
# A word that a name before "with which" never holds: a verb, an auxiliary, a preposition
_NOT_IN_NAME = re.compile(
    r"(?i:is|are|was|were|be|been|has|have|had|also|often|offer|offers|offered|uses?|used|beside"
    r"|alongside|with|to|by|from|in|on|of|as|than|like|and|or|but|placed|set|put|\w+ly)"
)
# The noun phrase that ends where such a relative clause begins: after the last preposition or
# verb of the main clause ("after working with Howard Liddle on multidimensional family therapy")
_ANTECEDENT = re.compile(
    r"(?:.*\b(?:on|by|with|to|from|in|into|upon|and|of)\s+)?(?P<np>[^,;:]+?)\s*$", re.IGNORECASE
)
# A subject, then a relative clause set off by commas: the subject is the phrase before it.
_RELATIVE_ASIDE = re.compile(
    r"(?P<subject>[^,]+),\s+(?:(?:(?:in|with|by|through|from|under|for|on|at|to)\s+)?"
    r"(?:who|which|whom|whose|as)|[a-z]{3,}(?:ed|en))\b[^,]*,\s*",
    re.IGNORECASE,
)
# A subject, then a second one that it singles out, set off by commas: both are subjects.
_FOCUS_ASIDE = re.compile(
    r"(?P<subject>[^,]+),\s+(?:and\s+)?(?:especially|notably|particularly|above\s+all"
    r"|in\s+particular|chiefly)\s+(?P<second>[^,]+),\s*",
    re.IGNORECASE,
)
# Every shape below holds one of these words (a verb's stem, "From", "include", a copula).
_MAY_STATE = re.compile(
    r"inform|shap|inspir|influen|guid|help|laid|lays|pav|prepar|fed|feeds|set\s|suppl|provid|gave|give|left|leave"
    r"|lent|lend|contribut|furnish|offer|from|includ|\bis\b|\bwas\b|\bare\b|\bwere\b|became"
    r"|remain|influence|behind|beneath|under\s|underneath|underl|underp|at\s+the\s+(?:root|heart|base)",
    re.IGNORECASE,
)
# _MAY_STATE's plain stems, and its words that need a boundary or a space after them.
_MAY_STATE_STEMS = (
    "inform", "shap", "inspir", "influen", "guid", "help", "laid", "lays", "pav", "prepar", "fed",
    "feeds",
    "suppl", "provid", "gave", "give", "lent", "lend", "contribut", "furnish", "offer", "from",
    "includ", "became", "remain", "influence", "left", "leave", "behind", "beneath", "under",
    "underneath", "at the root", "at the heart", "at the base",
)  # fmt: skip
_MAY_STATE_WORDS = re.compile(r"(?=[siaw])(?:set\s|\bis\b|\bwas\b|\bare\b|\bwere\b)", re.IGNORECASE)


def _may_state(text: str) -> bool:
    """Whether `_MAY_STATE` matches `text`, answered sooner: a plain stem is looked for in the
    lowered text, and only the words with boundaries by a regex. A character that a
    case-insensitive regex reads as an ASCII letter other than that letter's two cases leaves
    the answer to `_MAY_STATE` itself."""
    if any(extra in text for extra in IGNORECASE_EXTRAS):
        return _MAY_STATE.search(text) is not None
    lowered = text.lower()
    return (
        any(stem in lowered for stem in _MAY_STATE_STEMS)
        or _MAY_STATE_WORDS.search(text) is not None
    )


_LISTING = re.compile(
    r"^\s*(?:Among\s+(?:its|their)\s+)?(?:(?P<related>(?:Related|Similar|Kindred|Sister|Allied|Neighbou?ring"
    r"|Close)\s+(?:approaches|therapies|models|treatments|frameworks|methods|traditions)"
    r"|(?:(?:Its|Their)\s+)?(?:(?:closest|nearest|close|near)\s+)?(?:relatives|cousins"
    r"|siblings))"
    r"|(?P<influences>(?:(?:Other|Its|Key|Major|Further|Early|Earlier|Main|Important|Principal"
    r"|Chief|Intellectual|Theoretical|Acknowledged|other|key|major|main|early|intellectual"
    r"|theoretical|principal|chief)\s+)*(?:influences|sources|inspirations))"
    r"|(?P<precursors>(?:(?:Its|Key|Major|Early|Earlier|Main|Important|Principal|Chief"
    r"|Intellectual|Theoretical|key|major|early|earlier|main|intellectual|theoretical)\s+)*"
    r"(?:precursors|forerunners|antecedents|ancestors))"
    r"|(?P<later>(?:(?:Later|Subsequent|Notable|Major|Its|Other|Important|Recent)\s+)*"
    r"(?:developments|offshoots|descendants|derivatives|successors|outgrowths|spin-offs"
    r"|adaptations)))"
    r"\s+(?:[\w’'-]+\s+){0,3}?(?:include|included|includes|were|are)\s+",
)
_NOUN_RELATION = {
    "starting point": "rooted-in",
    "foundation": "rooted-in",
    "basis": "rooted-in",
    "ancestor": "rooted-in",
    "forerunner": "rooted-in",
    "precursor": "rooted-in",
    "root": "rooted-in",
    "parent": "rooted-in",
    "inspiration": "influenced-by",
    "source": "influenced-by",
    "template": "influenced-by",
    "influence": "influenced-by",
}
_COPULA = re.compile(
    r"\s+(?:is|was|are|were|became|remains|remained)\s+(?:(?:often|usually|widely|also|still"
    r"|generally|sometimes|commonly|rightly)\s+)?(?:(?:named|counted|listed|cited|regarded|seen"
    r"|described|treated|reckoned)\s+(?:as|among)\s+|one\s+of\s+|among\s+)?"
    r"(?:(?P<article>the|an?)\s+|(?P<owner>its|their"
    r"|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*[’']s?)\s+)(?:(?:other|second|main|chief|principal|key|central|direct"
    r"|immediate|first|clearest|most\s+important|original|intellectual|theoretical|earliest|true"
    r"|real|great|major|decisive|further|additional|acknowledged|important|lasting|formative"
    r"|early|notable|significant|enduring|abiding|profound|deep|strong|powerful)\s+)*"
    r"(?P<noun>starting\s+point|foundation|basis|ancestor|forerunner"
    r"|precursor|root|parent|inspiration|source|template|influence)s?\b(?:\s+(?:of|for|to|on)\s+"
    r"(?P<of>[^,;]+))?",
    re.IGNORECASE,
)


# "Lewinsohn's influence is plain in the activity scheduling", "The influence of Buber is
# evident in its dialogic strand": an influence on the approach, where the lineage is told or
# when what shows it is the approach's.
_PLAIN = (
    r"\s+(?:is|was|are|were|remains|can\s+be\s+(?:seen|felt|traced))\s+(?:(?:most|very|especially"
    r"|particularly|also|clearly|equally|still)\s+)?(?:plain|evident|visible|clear|apparent"
    r"|obvious|unmistakable|felt|seen|strong|marked|strongest|present|everywhere|traced|discernible)?"
    r"\s*(?:in|throughout|on)\s+(?P<where>[^;]*)"
)
_INFLUENCE_PLAIN = re.compile(
    r"^\s*(?:(?P<owner>[A-Z][^,;]*?)[’']s?\s+influence|The\s+influence\s+of\s+(?P<source>[^,;]+?))"
    + _PLAIN,
)


def _influence_shown(
    offset: int, clause: str, own: OwnApproach, mentions: list[Mention], lineage_section: bool
) -> list[Influence] | None:
    shown = _INFLUENCE_PLAIN.match(clause)
    if shown is None:
        return None
    where = shown["where"]
    about = _SELF_AFTER.search(where) or any(own.is_name(w) for w in where.split()[:12])
    if not (lineage_section or about):
        return []
    name = "owner" if shown["owner"] else "source"
    return _objects(shown[name], offset + shown.start(name), own, mentions)


def inverse_influences(
    text: str, *, own: OwnApproach, mentions: list[Mention], lineage_section: bool
) -> list[Influence]:
    """Every influenced-by link this sentence states with its source as the subject."""
    found: list[Influence] = []
    if not _may_state(text):
        return found  # none of the words every shape here needs: one search instead of four
    for clause in _CLAUSE.finditer(text):
        found.extend(_clause(clause.start(), clause.group(), own, mentions, lineage_section))
        for joint in _JOINED_CLAUSE.finditer(clause.group()):
            # "X paved the way for FIT, and Wampold's model supplied its rationale": the
            # second clause has a subject and a verb of its own
            at = clause.start() + joint.end()
            rest = text[at : clause.end()]
            found.extend(_clause(at, rest, own, mentions, lineage_section))
    for shared in _WITH_WHICH.finditer(text):  # "Theraplay, with which it shares …"
        if not own.refers_to(shared["subject"], mentions, shared.start("subject")):
            continue
        antecedent = _ANTECEDENT.match(text, 0, shared.start())
        if antecedent is None:
            continue
        np, at = antecedent["np"], antecedent.start("np")
        words = np.split()
        for size in range(1, min(len(words), 6) + 1):
            if _NOT_IN_NAME.fullmatch(words[-size]):
                break  # the noun phrase ends at a verb or a preposition ("… also offer X")
        else:
            size = min(len(words), 6) + 1
        tail = " ".join(words[-size + 1 :]) if size > 1 else ""
        links = _objects(tail, at + len(np) - len(tail), own, mentions, "related-to")
        found.extend(link for link in links if link.node is not None)
    for taken in _FROM_WHICH.finditer(text):
        if not own.refers_to(taken["subject"], mentions, taken.start("subject")):
            continue
        antecedent = _ANTECEDENT.match(text, 0, taken.start())
        if antecedent is not None:
            found.extend(_objects(antecedent["np"], antecedent.start("np"), own, mentions))
    return found


def _clause(
    offset: int,
    clause: str,
    own: OwnApproach,
    mentions: list[Mention],
    lineage_section: bool,
) -> list[Influence]:
    shown = _influence_shown(offset, clause, own, mentions, lineage_section)
    if shown is not None:
        return shown
    source = _FROM_SOURCE.match(clause)
    if source is not None:
        subject_at = offset + source.start("subject")
        if not own.refers_to(source["subject"], mentions, subject_at):
            return []
        return _objects(source["source"], offset + source.start("source"), own, mentions)
    behind = _BEHIND.match(clause)
    if behind is not None:
        subject_at = offset + behind.start("subject")
        if not own.refers_to(behind["subject"], mentions, subject_at):
            return []
        text = clause[behind.end() :]
        return _objects(text, offset + behind.end(), own, mentions, "rooted-in", listed=True)
    came = _FROM_CAME.match(clause) if lineage_section else None
    if came is not None:
        return _objects(came["source"], offset + came.start("source"), own, mentions, listed=True)
    listing = _LISTING.match(clause)
    if listing is not None:
        text = clause[listing.end() :]
        if listing["later"]:  # "Later developments include X and Y": X and Y descend from it
            adapted = listing["later"].casefold().endswith("adaptations")
            relation = "adaptation-of" if adapted else "rooted-in"
            found = _objects(text, offset + listing.end(), own, mentions, relation, listed=True)
            return [replace(f, reverse=True) for f in found if f.node is not None]
        relation = (
            "related-to"
            if listing["related"]
            else "influenced-by"
            if listing["influences"]
            else "rooted-in"
        )
        return _objects(text, offset + listing.end(), own, mentions, relation, listed=True)
    fronted = _FRONTED.match(clause)
    begin = fronted.end() if fronted else 0
    copula = _COPULA.search(clause, begin)
    subject = _without_aside(clause[begin : copula.start()]) if copula is not None else None
    if copula is not None and subject is not None:
        owner = copula["owner"] or ""
        of = " ".join((copula["of"] or "").split()[:3]).rstrip(".!?)\"”’' ")
        named = (
            owner.casefold() in ("its", "their")
            # "X is often cited as a precursor", where the lineage is told: the approach's
            or (lineage_section and copula["article"] in ("a", "an") and not of)
            # "X is one of the precursors Schwartz acknowledges": a creator's own account
            or (
                lineage_section
                and not of
                and _creator_at(clause, copula.end(), offset, own, mentions)
            )
            or (bool(owner) and own.refers_to(owner, mentions, offset + copula.start("owner")))
            or (bool(of) and own.refers_to(of, mentions, -1))
        )
        if named and subject.strip():
            relation = _NOUN_RELATION[" ".join(copula["noun"].casefold().split())]
            at = offset + begin + len(subject) - len(subject.lstrip())
            return _objects(subject.strip(), at, own, mentions, relation)
    verb = _VERB.search(clause, begin)
    if verb is None:
        return []
    region = clause[begin : verb.start()]
    aside = _RELATIVE_ASIDE.fullmatch(region)
    if aside is not None:  # "Wilhelm Reich, who analysed Perls in Berlin, influenced …"
        region = aside["subject"]
    parts = [(begin, region)]
    focus = _FOCUS_ASIDE.fullmatch(region)
    if focus is not None:  # "Attachment theory, and especially Bowlby's work, informs …"
        parts = [(begin + focus.start(name), focus[name]) for name in ("subject", "second")]
    elif "," in region:
        return []  # a subject with an aside or a second clause before the verb: unclear
    subjects = [(offset + at + len(part) - len(part.lstrip()), part.strip()) for at, part in parts]
    if any(not subject or _is_self(subject, at, own, mentions) for at, subject in subjects):
        return []  # the approach influenced something: a descendant, not lineage
    if verb["influence"]:
        after = clause[verb.end() :]
        if not (_SELF_AFTER.match(after) or _names_approach(after, own, mentions)):
            return []
    elif not lineage_section:
        return []
    # "X supplied the theory of relapse", "… supplied its rationale": what it rests on
    grounds = bool(verb["grounds"]) or (
        bool(verb["supply"]) and verb["supplied"].casefold() in _GROUNDS
    )
    relation = "rooted-in" if grounds else "influenced-by"
    return [
        found
        for at, subject in subjects
        for found in _objects(subject, at, own, mentions, relation)
    ]


# What a source supplies when the approach rests on it
_GROUNDS = frozenset(["theory", "foundation", "foundations", "basis", "groundwork", "rationale"])


def _is_self(subject: str, at: int, own: OwnApproach, mentions: list[Mention]) -> bool:
    """Whether a subject is the approach; a creator's possessive that owns another school is
    not ("Bowen's psychoanalytic training left its mark on the model": psychoanalysis did)."""
    if not own.refers_to(subject, mentions, at):
        return False
    if not _POSSESSIVE.search(subject) or not _BACKGROUND.search(subject):
        return True
    found = resolve_object(at, subject, "influenced-by", own, mentions)
    return (
        found is None
        or found.node is None
        or found.node.slug == own.slug
        or own.refers_to(found.node.label, mentions, -1)
    )


_POSSESSIVE = re.compile(r"\w(?:’s|'s|’|')\s")
# What a creator brought from before: "Bowen's psychoanalytic training", "her Zen practice" (a
# creator's own theory or model is the approach's, not a source of it)
_BACKGROUND = re.compile(
    r"\s(?:training|background|education|schooling|apprenticeship|experience|practice|career"
    r"|studies|roots)\s*$",
    re.IGNORECASE,
)


def _names_approach(after: str, own: OwnApproach, mentions: list[Mention]) -> bool:
    """Whether what follows an influence verb opens with the approach: its name or acronym, or a
    phrase of it, alone or before more words ("informs CFT.", "shaped DBT in its early years",
    "guided the CFT model's …")."""
    words = after.split()[:6]
    if len(words) > 2 and words[0].casefold() == "the" and own.is_name(words[1]):
        return True  # "left its mark on the MBT account of …": the approach's own account
    return any(
        own.refers_to(" ".join(words[:count]).rstrip(".,;:!?)\"”’'"), mentions, -1)
        for count in range(len(words), 0, -1)
    )


# An aside after a copula's subject: "Virginia Satir, whose "parts parties" …, is one of …",
# "Existential philosophy, especially Heidegger's account …, is a further influence".
_SUBJECT_ASIDE = re.compile(
    r"(?P<subject>[^,]+),\s+(?:who|which|whom|whose|especially|notably|particularly|above\s+all"
    r"|in\s+particular|chiefly)\b[^,]*,\s*",
    re.IGNORECASE,
)


def _without_aside(region: str) -> str | None:
    """The subject before a copula, without a relative or focusing aside; None when a comma
    is left (a second clause, or an aside of another kind: who the subject is is unclear)."""
    aside = _SUBJECT_ASIDE.fullmatch(region)
    subject = aside["subject"] + " " if aside is not None else region
    return None if "," in subject else subject


def _creator_at(
    clause: str, end: int, offset: int, own: OwnApproach, mentions: list[Mention]
) -> bool:
    """Whether a creator of the approach is named right after `end` ("… the precursors
    Schwartz acknowledges")."""
    start = offset + end + len(clause[end:]) - len(clause[end:].lstrip())
    return any(m.start == start and id(m.person) in own.creators for m in mentions)


def _objects(
    phrase: str,
    at: int,
    own: OwnApproach,
    mentions: list[Mention],
    relation: str = "influenced-by",
    *,
    listed: bool = False,
) -> list[Influence]:
    found = []
    items = object_items(phrase, 0, len(phrase)) if listed else _split(phrase, 0)
    for item_at, item in items:
        influence = resolve_object(at + item_at, item, relation, own, mentions)
        if influence is None:
            continue
        if influence.person is not None and id(influence.person) in own.creators:
            continue  # the approach's own creator is no lineage
        found.append(influence)
    return found


_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def _split(phrase: str, at: int) -> list[tuple[int, str]]:
    """ "Jacobson and Mahler" → two subjects; a possessive phrase stays whole."""
    if re.search(r"[’']s\b", phrase):
        return [(at, phrase)]
    items, start = [], 0
    for cut in _AND.finditer(phrase):
        items.append((at + start, phrase[start : cut.start()]))
        start = cut.end()
    items.append((at + start, phrase[start:]))
    return [(a, p) for a, p in items if p.strip()]
