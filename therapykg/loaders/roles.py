"""Roles people hold in the approach, from the lead, Type & Discipline and Creators & Lineage.

- creator, chair, editor: a passive role verb whose subject is the approach ("The approach was
  created by …", "The task force … were chaired and edited by …", "EMDR, introduced by …",
  "The approach originated with …"), or the lead's reduced relative ("A humanistic
  psychotherapy developed by …"); creator also from an active creation verb whose object is the
  approach (its title, a part of it, its acronym, "it", "the approach"): "Aaron T. Beck
  developed cognitive therapy", "Shapiro founded EMDR", "X, Y and Z created …";
- associate: "X is closely associated with the program", or "… and elaborated with X" after a
  creator clause;
- lineage figure: anyone else named in Creators & Lineage (decided by `extract`, once every
  sentence has been read, so a creator is never also filed as a lineage figure).

"Motivational interviewing, developed by William R. Miller …" makes Miller no creator of *this*
approach: the role verb's subject is another approach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from therapykg.loaders.lexicon import (
    APPROACH_NOUNS,
    APPROACH_SUBJECT_RE,
    ASSOCIATE_WITH_VERBS,
    CREATOR_NOUN,
    ROLE_VERBS,
    may_contain,
)
from therapykg.loaders.people import Mention, PersonRecord

_VERB = "|".join(ROLE_VERBS)
_VERB_LIST = rf"(?P<verbs>(?:{_VERB})(?:\s*(?:,|and)\s*(?:{_VERB}))*)"
# When and where, before "by": "in the 1990s at the University of Pennsylvania by …"
_WHEN_WHERE = r"(?:(?:in|during|at|from|over)\s+[^,;:()]{1,40}?\s+){0,2}"
# The lookaheads `(?=[…])` before a case-insensitive pattern name its words' first letters: they
# let every other position fail at once (IGNORECASE reads a set as it reads a letter), same matches.
_PASSIVE = re.compile(
    rf"(?=[wh])\b(?:was|were|has\s+been|have\s+been)\s+(?:(?:first|originally|jointly|later|largely)\s+)?"
    rf"{_VERB_LIST}\s+(?:further\s+)?{_WHEN_WHERE}by\s+",
    re.I,
)
# "The protocol was refined with X", "it was later elaborated with X": X a co-creator (a manual
# "written with X" names an associate, see _WITH)
_PASSIVE_WITH = re.compile(
    r"(?=[wh])\b(?:was|were|has\s+been|have\s+been)\s+(?:(?:later|further|jointly|subsequently"
    r"|then)\s+)*(?P<verbs>elaborated|refined|co-developed|developed|extended)"
    r"(?:\s+further)?\s+(?:together\s+|jointly\s+|in\s+collaboration\s+)?with\s+",
    re.I,
)
# "Its workbook was refined with X", "The manual was developed with X": a text of the approach,
# whose co-authors are not thereby its creators
_WRITTEN_THING = re.compile(
    r"^\s*its\b|\b(?:manuals?|workbooks?|guides?|books?|handbooks?|texts?|editions?)\b", re.I
)
_LEAD_RELATIVE = re.compile(rf"^(?:An?|The)\b[^.;:]*?\b{_VERB_LIST}\s+by\s+", re.I)
# "EMDR, introduced by Francine Shapiro in 1987, …": a reduced relative after the approach
_REDUCED = re.compile(
    rf",\s*(?:(?:first|originally|jointly|later|largely)\s+)?{_VERB_LIST}\s+by\s+", re.I
)
# A second passive of the approach, coordinated with the first: "… was created by A in the 1940s
# and developed into its contemporary form by B", "… and later refined by B".
_AND_PASSIVE = re.compile(
    rf"\band\s+(?:(?:later|then|subsequently|further)\s+)?{_VERB_LIST}\s+(?:further\s+)?"
    r"(?:(?:into|to)\s+(?:its|a|the)\s+[^;:()]{1,50}?\s+(?:form|version|shape)\s+"
    rf"|{_WHEN_WHERE})by\s+",
    re.I,
)
# "MI was first described by William R. Miller", "It was first set out by X": the first
# account of the approach is its making (not "was described by X", which any critic may do)
_FIRST_PASSIVE = re.compile(
    r"(?=[wh])\b(?:was|were|has\s+been|had\s+been)\s+first\s+(?P<verbs>described|set\s+out"
    rf"|outlined|presented|put\s+forward)\s+{_WHEN_WHERE}by\s+",
    re.I,
)
# "The approach originated with Steve de Shazer and Insoo Kim Berg"
_ORIGIN = re.compile(r"(?=o)\b(?P<verbs>originated)(?:\s+\w+ly)?\s+with\s+", re.I)
# "Aaron T. Beck developed cognitive therapy", "Shapiro founded EMDR", "X and Y created …"
_CREATION = ("created", "developed", "founded", "devised", "formulated", "pioneered",
             "introduced", "conceived", "articulated", "originated", "proposed", "invented",
             "launched", "designed", "established", "worked out", "put together",
             "began developing", "started developing", "began to develop", "built", "codified",
             "systematised", "systematized", "laid down",
             # the first account of the approach is its making ("A and B first described it")
             "first described", "first set out", "first outlined", "first presented")  # fmt: skip
_ACTIVE = re.compile(
    r"(?=[" + "".join(sorted({w[0] for w in ("co", *_CREATION)})) + r"])"
    r"\b(?P<verbs>(?:co-)?(?:" + "|".join(w.replace(" ", r"\s+") for w in _CREATION) + r"))"
    r"\s+(?!by\b|with\b|from\b|in\b|at\b)",
    re.I,
)
# "Segal, Williams and Teasdale adapted MBSR into MBCT", "Frank extended IPT into …"
_MADE_INTO = re.compile(
    r"\b(?P<verbs>adapted|extended|turned|reworked|expanded|transformed|modified|developed)\s+"
    r"[^,;:.()]{1,80}?\s+into\s+",
    re.I,
)
_PARTNER_ASIDE = re.compile(
    r"\s*,\s*(?:together|jointly|along)\s+with\s+(?P<who>[^,;:()]{1,60}),\s*"
    r"(?:(?:first|originally|jointly|later|also)\s+)*"
)
_GIVEN_NAMES_OR_ROLE_LEAD = re.compile(r"(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}")
_GLUE = re.compile(r"^\s*(?:,\s*|,?\s*(?:and|&)\s+)?(?:(?:Dr|Prof|Professor)\.?\s+)?$")
_BEFORE_VERB = re.compile(
    r"^(?:\s*,?\s*(?:and|&)\s+(?:his|her|their)\s+(?:colleagues|students|team|co-?workers)"
    r"|\s+(?:and\s+)?colleagues)?"
    # "X and colleagues at the Institute for Juvenile Research devised …"
    r"(?:(?<=colleagues)\s+(?:at|in)\s+[^,;:()]{1,60}?)?"
    # "X (1979) proposed", "X, who …", "X, a family therapist in Chicago, conceived …"
    r"(?:\s*\((?:(?:b\.|born)\s*)?\d{4}(?:\s*[–-]\s*(?:\d{4})?)?\)|\s*,?\s*who|\s*,\s*(?:(?:then|now|later)\s+)?(?:an?|the|both|all\s+(?:two|three)|each)\s[^,;:()]{1,70},)?"
    r"\s+(?:(?:first|originally|jointly|later|together|subsequently|also)\s+)*$",
    re.I,
)
# "X is credited with developing …", "X, the founder of …", "X was the originator of …"
_NOUN_ROLE = re.compile(
    r"(?P<glue>\s*,\s*|\s+(?:is|was|are|were|has\s+been|have\s+been)\s+"
    r"(?:(?:\w+ly|often|also|still|now|rightly|therefore|thus|hence|together)\s+)?"
    # "X is (widely) regarded as the founder of …"
    r"(?:(?:regarded|seen|considered|known|recogni[sz]ed|described|credited)\s+as\s+|called\s+"
    r"|(?:considered|deemed|thought)\s+(?:to\s+be\s+)?)?)"
    r"(?:(?P<credited>credited\s+with)(?:\s+(?P<gerund>developing|creating|founding|originating"
    rf"|devising|introducing))?|(?:the\s+|its\s+|a\s+)?(?P<noun>{CREATOR_NOUN}"
    r"|(?:founding\s+)?(?:father|mother))s?\s+of)\s+",
    re.I,
)
# "The approach is the brainchild of Heinz Kohut": the approach first, then its maker
_BRAINCHILD = re.compile(
    r"\s(?:is|was|remains)\s+(?:\w+ly\s+)?(?:the|a)\s+(?:\w+\s+)?(?P<verbs>brainchild|creation"
    r"|invention|work)\s+of\s+"
    # "Coherence therapy owes its existence to X", "… was brought into being by X", "… emerged
    # from the collaboration of X and Y"
    r"|\s(?P<verbs2>owes|owed)\s+its\s+(?:very\s+)?(?:existence|birth|origins?)\s+to\s+"
    r"|\s(?:is|was|were)\s+(?P<verbs3>brought\s+into\s+being)\s+by\s+"
    r"|\s(?:emerged|grew|came)\s+(?:out\s+of|from)\s+the\s+(?P<verbs4>collaboration|partnership"
    r"|joint\s+work)\s+(?:of|between)\s+"
    # "The approach is credited to psychiatrist X", "IPT originated in the work of X and Y"
    r"|\s(?:is|was|are|were)\s+(?:\w+ly\s+)?(?P<verbs5>credited)\s+to\s+"
    r"|\s(?P<verbs6>originated)\s+in\s+the\s+(?:joint\s+)?work\s+of\s+",
    re.I,
)
# "The originators of IPT were X and Y": the maker's noun first, the approach inside the phrase
_MAKER_NOUNS = ("originator", "founder", "cofounder", "creator", "inventor", "architect")
_MAKERS_WERE = re.compile(
    r"\b(?:[Tt]he|[Ii]ts)\s+(?:(?:two|three|four|original|first|acknowledged|principal|main)\s+)?"
    r"(?P<verbs>(?:co-)?(?:" + "|".join(_MAKER_NOUNS) + r")s?)"
    r"\s+of\s+(?P<thing>[^,;:()]{1,60}?)\s+(?:were|was|are|is)\s+"
)
# "Credit for the protocol usually goes to David H. Barlow": the approach named inside the
# phrase (`thing`), its maker after it
_CREDIT = re.compile(
    r"(?=[Cc])\b(?P<verbs>[Cc]redit)\s+for\s+(?:(?:creating|developing|devising|founding"
    r"|inventing|designing)\s+)?(?P<thing>[^,;:()]{1,60}?)\s+(?:(?:\w+ly|often|still)\s+)?"
    r"(?:goes|went|belongs|belonged|(?:is|was)\s+(?:\w+ly\s+)?(?:given|due))\s+to\s+"
)
# "Developed by Aaron T. Beck in the 1960s, cognitive therapy …"
_FRONTED = re.compile(
    rf"^(?:(?:first|originally)\s+)?{_VERB_LIST}\s+{_WHEN_WHERE}by\s+",
    re.I,
)
_OBJECT_TRADITION = re.compile(
    r"^(?:the|this)\s+(?:[\w’'-]+\s+){0,2}?(?:tradition|movement|school|field|family|theory)\b",
    re.I,
)
_OBJECT_APPROACH = re.compile(
    rf"^(?:it\b|(?:the|this)\s+(?:[\w’'-]+\s+){{0,2}}?{APPROACH_NOUNS}\b"
    r"|its\s+(?:core|foundations?|basis|essentials|central\s+ideas|first\s+(?:form|version)"
    r"|(?:basic\s+|core\s+)?principles))",
    re.I,
)
_DETERMINERS = frozenset({"the", "this", "it", "its"})
_SMALL_WORDS = frozenset({"and", "of", "the", "for", "in", "to", "a", "an", "&", "with"})
_WITH = re.compile(rf"(?=[cdewr])\b(?P<verbs>{ASSOCIATE_WITH_VERBS})\s+with\s+", re.I)
_REGION_END = re.compile(
    r"[,;:(]|\s+(?:in|from|through|at|during|with|whose|who|which|as|for|since|on)\s", re.I
)
_EMBEDDED_SUBJECT = re.compile(
    rf"\b(?:that|and)\s+(?:it|(?:the|this)\s+(?:[\w’'-]+\s+){{0,2}}?{APPROACH_NOUNS})\s+"
    r"(?:(?:also|still|later|itself|\w+ly)\s+)*$",
    re.I,
)
_ASSOCIATED = re.compile(
    rf"^\s+(?:is|was|has\s+been)\s+(?P<how>(?:\w+ly\s+)?associated)\s+with\s+(?:the|this)\s+"
    rf"{APPROACH_NOUNS}\b",
    re.I,
)
_TITLE_SEPARATOR = re.compile(r"\s+(?:and|&)\s+|\s*[:(—–]\s*")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class RoleClaim:
    """One role one person holds: "chaired and edited by X" is two claims, one per role."""

    person: PersonRecord
    role: str  # a role individual, e.g. "ChairRole"
    role_name: str  # as the text words it, e.g. "chaired"


def framework_roles(
    text: str, mentions: list[Mention], *, lead: bool, title: str
) -> list[RoleClaim]:
    """The roles in the approach that one sentence gives to the people it names."""
    claims: list[RoleClaim] = []
    for match in _role_phrases(text, lead=lead, title=title):
        named = _named_after(text, match.end(), mentions) or _listed_after(
            text, match.end(), mentions
        )
        named += _co_creators(text, named[-1].end, mentions) if named else []
        for verb, role in _roles_of(_verbs(match)):
            claims.extend(RoleClaim(m.person, role, verb) for m in named)
        for extra in _WITH.finditer(text, match.end()):
            # "… and elaborated with Zac E. Imel": a co-creator of the approach; "its manual,
            # written with X": an associate
            written = extra["verbs"].casefold() == "written"
            role = "AssociateRole" if written else "CreatorRole"
            claims.extend(
                RoleClaim(m.person, role, f"{extra['verbs']} with")
                for m in _named_after(text, extra.end(), mentions)
            )
    for match in _PASSIVE_WITH.finditer(text) if may_contain(text, ("with",)) else ():
        clause = last_clause(text[: match.start()])
        if about_the_approach(clause, title) and not _WRITTEN_THING.search(clause):
            claims.extend(
                RoleClaim(m.person, "CreatorRole", f"{match['verbs']} with")
                for m in _named_after(text, match.end(), mentions)
                if not any(c.person is m.person for c in claims)
            )
    for mention in mentions:
        associated = _ASSOCIATED.match(text[mention.end :])
        if associated:
            claims.append(RoleClaim(mention.person, "AssociateRole", associated["how"]))
    already = {id(c.person) for c in claims}
    claims.extend(_active_roles(text, mentions, title, already))
    claims.extend(_noun_roles(text, mentions, title, already))
    return claims


def _noun_roles(
    text: str, mentions: list[Mention], title: str, already: set[int]
) -> list[RoleClaim]:
    """ "Francine Shapiro, the originator of EMDR", "Beck is credited with developing it", "X,
    the model's originator", "Its founder, X", "The creator of IFS, X", "IFS founder X"."""
    claims: list[RoleClaim] = []
    for mention in mentions:
        if id(mention.person) in already:
            continue
        if mention.possessive:
            made = _POSSESSED_MAKING.match(text, mention.end)
            if made and about_the_approach(last_clause(text[: mention.start]), title):
                # "The model is Anthony Ryle's creation"
                _claim(claims, already, [mention], made["noun"])
            continue
        after = _noun_role_after(text, mention, title)
        noun = after or _noun_role_before(text, mention, title)
        if noun is None:
            continue
        named = [mention]
        if after is not None:  # "X and Y are credited with …": the names joined before it too
            for before in reversed([m for m in mentions if m.end <= named[0].start]):
                if not _GLUE.match(text[before.end : named[0].start]) or before.possessive:
                    break
                named.insert(0, before)
        else:  # "Its developers, X and Y, …": the names joined after it too
            for later in [m for m in mentions if m.start >= named[-1].end]:
                if not _GLUE.match(text[named[-1].end : later.start]) or later.possessive:
                    break
                named.append(later)
        _claim(claims, already, named, noun)
    return claims


def _verbs(match: re.Match[str]) -> str:
    """The words of a role phrase that name the role (a pattern with several wordings names
    them in groups `verbs`, `verbs2`, …)."""
    groups = match.groupdict()
    return next(
        (
            groups[k]
            for k in ("verbs", "verbs2", "verbs3", "verbs4", "verbs5", "verbs6")
            if groups.get(k)
        ),
        "",
    )


def _claim(claims: list[RoleClaim], already: set[int], named: list[Mention], verb: str) -> None:
    """Each named person a creator, once a sentence."""
    for mention in named:
        if id(mention.person) not in already:
            claims.append(RoleClaim(mention.person, "CreatorRole", verb))
            already.add(id(mention.person))


# After a possessive name, what the approach is of theirs: "… is Anthony Ryle's creation"
_POSSESSED_MAKING = re.compile(
    r"\s+(?:own\s+)?(?P<noun>brainchild|creation|invention)\b(?!\s+of\b)", re.I
)


def _noun_role_after(text: str, mention: Mention, title: str) -> str | None:
    named = _NAMED_AS_ITS.match(text, mention.end)
    if named is not None:
        return named["noun"]
    found = _NOUN_ROLE.match(text, mention.end)
    if found is not None and _names_the_approach(text[found.end() :], title):
        return found["gerund"] or found["noun"] or found["credited"]
    owned = _OWNED_ROLE_AFTER.match(text, mention.end)
    if owned is not None and _owner_is_approach(owned["owner"], title, text, 0):
        return owned["noun"]
    return None


# A labelled line of the makers: "Founders: A and B", "Developer — A (1960s)"
_LABELLED_MAKERS = re.compile(
    rf"^\s*(?:(?:the|its)\s+)?(?P<noun>{CREATOR_NOUN})s?\s*[:—–]\s*$", re.IGNORECASE
)


def _noun_role_before(text: str, mention: Mention, title: str) -> str | None:
    labelled = _LABELLED_MAKERS.match(text, 0, mention.start)
    if labelled is not None:
        return labelled["noun"]
    before = text[max(0, mention.start - 120) : mention.start]
    of = _ROLE_OF_BEFORE.search(before)
    if of is not None and _names_the_approach(of["object"], title):
        return of["noun"]
    owned = _OWNED_ROLE_BEFORE.search(before)
    if owned is not None:
        at = mention.start - len(before) + owned.start("owner")
        if _owner_is_approach(owned["owner"], title, text, at):
            return owned["noun"]
    return None


def _owner_is_approach(owner: str, title: str, text: str, at: int) -> bool:
    """ "its" at the start of the sentence, "the model('s)", the title or the acronym."""
    if owner.casefold() == "its":
        return not text[:at].strip()  # "Its founder, X, …"; not "…; its founder" of another
    return _names_the_approach(owner, title)


# "Its principal architect, X", "X, its original developer"
_ROLE_NOUN = (
    r"(?:(?:principal|chief|main|original|first|leading|primary|sole)\s+)?"
    rf"(?P<noun>{CREATOR_NOUN})s?"
)
# "X and Y, a psychologist in Cardiff, are usually named as its co-founders"
_NAMED_AS_ITS = re.compile(
    r"(?:\s*,\s*(?:an?|the)\s[^,;:()]{1,70},)?\s+(?:is|was|are|were|has\s+been|have\s+been)\s+"
    r"(?:(?:\w+ly|often|also|still|now|rightly|jointly)\s+)*"
    r"(?:named|regarded|seen|considered|known|recogni[sz]ed|described|counted|credited|listed)"
    rf"\s+as\s+its\s+{_ROLE_NOUN}\b",
    re.I,
)


# "X, the model's originator, …", "X, IFS's founder, …"
_OWNED_ROLE_AFTER = re.compile(  # "X, its founder, …" too; "X and Y are EFT's co-founders"
    rf"(?:\s*,\s*|\s+(?:is|was|are|were)\s+(?:\w+ly\s+)?)"
    rf"(?P<owner>its(?=\s)|(?:the\s+)?[\w-]+(?:\s+[\w-]+){{0,4}}?(?=’s|'s|’|'))"
    rf"(?:’s|'s|’|')?\s+{_ROLE_NOUN}\b",
    re.I,
)
# "Its founder, X", "The model's creator, X", "IFS founder X", "Internal Family Systems' founder"
_OWNED_ROLE_BEFORE = re.compile(
    rf"(?:^|[,;:(]\s*|\b(?:by|with|and)\s+)(?P<owner>its|(?:the\s+)?[\w-]+(?:\s+[\w-]+){{0,4}}?)"
    rf"(?:’s|'s|’|')?\s+{_ROLE_NOUN}(?:\s*,|\s+(?:are|were|is|was))?\s*$",
    re.I,
)
# "The creator of IFS, X", "the founder of the approach, X"
_ROLE_OF_BEFORE = re.compile(
    rf"\bthe\s+{_ROLE_NOUN}\s+of\s+(?P<object>[^,;:()]{{1,60}}?)\s*,\s*$", re.I
)


# "The approach, which Anthony Ryle developed at Guy's, …": the approach before the relative
_WHICH_MADE = re.compile(
    r",\s*which\s+(?P<who>[^,;:()]{1,80}?)\s+(?:(?:first|originally|later|jointly)\s+)?"
    r"(?P<verbs>" + "|".join(w.replace(" ", r"\s+") for w in _CREATION) + r")\b",
    re.I,
)


def _active_roles(
    text: str, mentions: list[Mention], title: str, already: set[int]
) -> list[RoleClaim]:
    """Active creation: the people who are the subject of "developed", "founded", "created" …
    when the verb's object is this approach (its title, a part of it, its acronym, "it")."""
    claims: list[RoleClaim] = []
    for match in _MADE_INTO.finditer(text) if " into " in text else ():
        if not _names_the_approach(text[match.end() :], title):
            continue  # "X adapted A into B": the makers of B, when B is the approach
        _claim(claims, already, _subjects(text, match.start(), mentions), match["verbs"])
    for match in _WHICH_MADE.finditer(text) if "which" in text else ():
        antecedent = last_clause(text[: match.start()]).strip()
        if len(antecedent.split()) > 6 or not _only_the_approach(antecedent, title):
            continue  # the relative's antecedent is the approach itself, and nothing more
            # ("Emotion-focused therapy for trauma, which X developed": another approach)
        who = [m for m in mentions if match.start("who") <= m.start < match.end("who")]
        lead = text[match.start("who") : who[0].start] if who else ""
        if not who or not _GIVEN_NAMES_OR_ROLE_LEAD.fullmatch(lead):
            continue  # "which the clinic's director, X, …": not plainly X
        # "which X developed with Y": Y a co-creator
        partners = _CO_WITH.match(text, match.end())
        if partners:
            who += _named_after(text, partners.end(), mentions)
        _claim(claims, already, who, match["verbs"])
    for match in _ACTIVE.finditer(text) if may_contain(text, _CREATION) else ():
        verb = match["verbs"]
        following = text[match.end() :]
        if not _names_the_approach(following, title):
            continue
        if (
            verb.casefold() == "developed"
            and _OBJECT_TRADITION.match(following.lstrip())
            and not _WITH_AFTER_OBJECT.match(following)
        ):
            continue  # "developed the tradition": may be elaboration of what another began
            # ("developed the approach for adults", "developed the protocol with Y": creation)
        role = ROLE_VERBS.get(verb.casefold().removeprefix("co-"), "CreatorRole")
        subjects = _subjects(text, match.start(), mentions)
        if subjects and _SUBORDINATE_BEFORE.search(text, 0, subjects[-1].start):
            continue  # "attachment theory as John Bowlby formulated it": another's creation
        partners = _WITH_AFTER_OBJECT.match(following)
        if subjects and partners:  # "Johnson developed EFT with Leslie S. Greenberg"
            subjects += _named_after(text, match.end() + partners.end(), mentions)
        for mention in subjects:
            if id(mention.person) not in already:
                claims.append(RoleClaim(mention.person, role, verb))
                already.add(id(mention.person))
    return claims


# "by Otto F. Kernberg with John F. Clarkin and Frank E. Yeomans": co-creators after the names
_CO_WITH = re.compile(
    r"\s*,?\s*(?:(?:together|jointly|along)\s+with|in\s+collaboration\s+with|alongside|with"
    # "first developed by A, later joined by B"
    r"|(?:later|soon|subsequently)\s+joined\s+by)\s+",
    re.I,
)
_WHO_ASIDE = re.compile(r"\s*,\s*(?:who|whom)\s[^,;:()]{1,80},")
_WITH_AFTER_OBJECT = re.compile(
    r"\s*(?:[\w’'()-]+\s+){1,6}?(?:together\s+|jointly\s+)?with\s+"
    # "… with her husband, Carl D. Moss": the partner named after the kin or colleague noun
    r"(?:(?:his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:wife|husband|spouse|partner|colleague"
    r"|collaborator|student|mentor|supervisor)\s*,\s*)?(?=[A-Z])"
)
_SUBORDINATE_BEFORE = re.compile(r"\b(?:as|which|that|how|whom|what|than)\s+$", re.I)


# "developed by several clinicians rather than one founder: A and B in Switzerland, C in the
# United States, and later D": a plural noun for people, then the names after a colon.
_PEOPLE_THEN_COLON = re.compile(
    r"(?:several|many|various|multiple|a\s+(?:number|group|circle|handful)\s+of|two|three|four)"
    r"\s+(?:[\w-]+\s+){0,2}?(?:clinicians|people|authors|figures|thinkers|pioneers|psychiatrists"
    r"|psychologists|therapists|analysts|researchers|writers|practitioners|founders|individuals)"
    r"\b[^:;.]{0,60}:\s*",
    re.I,
)
_LIST_ITEM = re.compile(r"\s*(?:,\s*)?(?:(?:and|&)\s+)?(?:(?:later|then|also|finally)\s+)?")


def _listed_after(text: str, start: int, mentions: list[Mention]) -> list[Mention]:
    """The names listed after "by several clinicians …:", each item's first name (and names
    joined to it by "and"), never a name inside a relative clause about one of them."""
    lead = _PEOPLE_THEN_COLON.match(text, start)
    if lead is None:
        return []
    found: list[Mention] = []
    offset = lead.end()
    for item in text[lead.end() :].split(","):
        offset, start = offset + len(item) + 1, offset  # the item spans text[start:offset - 1]
        if not item:
            continue
        head = _LIST_ITEM.match(item).end()  # type: ignore[union-attr]  # matches anywhere
        if re.match(r"(?:who|whose|whom|which|where)\b", item[head:], re.I):
            continue
        at = start + head
        item_names = [m for m in mentions if at <= m.start < start + len(item)]
        if item_names and item_names[0].start == at:
            found.append(item_names[0])
            found.extend(m for m in item_names[1:] if _GLUE.match(text[found[-1].end : m.start]))
    return found


def _co_creators(text: str, end: int, mentions: list[Mention]) -> list[Mention]:
    """The names right after "with" that follows a role's names (past a relative aside about
    the last of them: "by John Banmen, who worked with Satir for years, together with …")."""
    aside = _WHO_ASIDE.match(text, end)
    joined = _CO_WITH.match(text, aside.end() - 1 if aside else end)
    named = _named_after(text, joined.end(), mentions) if joined else []
    if named and _DOING_AFTER.match(text, named[-1].end):
        return []  # "…, with A and B carrying it forward": what they did later, not its making
    return named


_DOING_AFTER = re.compile(r"\s+(?:(?:later|then|subsequently|also)\s+)?[a-z]+ing\b")


_CLOSING_COMMA = re.compile(r"\s*,\s+")


def _subjects(text: str, verb_at: int, mentions: list[Mention]) -> list[Mention]:
    """The name list right before a verb: "A, B and C developed", "A and her colleagues"."""
    before = [m for m in mentions if m.end <= verb_at and not m.possessive]
    if len(before) >= 2:
        partner = _PARTNER_ASIDE.fullmatch(text, before[-2].end, verb_at)
        if partner is not None and partner.start("who") <= before[-1].start:
            # "X, together with Y, developed …": both, the partner a co-creator
            return [before[-2], before[-1]]
    if not before:
        return []
    gap = text[before[-1].end : verb_at]
    if not _BEFORE_VERB.match(gap) and not (
        _CLOSING_COMMA.fullmatch(gap)  # "Its principal architect, X, built it with Y"
        and _OWNED_ROLE_BEFORE.search(text, max(0, before[-1].start - 120), before[-1].start)
    ):
        return []
    found = [before[-1]]
    for mention in reversed(before[:-1]):
        if not _GLUE.match(text[mention.end : found[-1].start]):
            break
        found.append(mention)
    return found


def _names_the_approach(following: str, title: str) -> bool:
    start = following.lstrip().casefold()
    original = following.lstrip()
    generic = _OBJECT_APPROACH.match(start)
    if generic:  # "the model", but not "the online OurRelationship program": another's name
        named = re.findall(r"\b[A-Z][\w’'-]*", original[: generic.end()])
        own = _approach_name_words(title)
        return all(w.casefold() in own or w.casefold() in _DETERMINERS for w in named)
    if start.startswith("the "):  # "proposed the working alliance"
        start, original = start[4:], original[4:]
    for name in _approach_names(title):
        if start.startswith(name) and not _continues_word(start[len(name) : len(name) + 1]):
            rest = original[len(name) :].lstrip()
            # "the EMDR Institute", "the Beck Institute": a longer proper name, not the approach
            return not (rest[:1].isupper() and original[len(name) : len(name) + 1] not in ",;.")
    return False


def _only_the_approach(phrase: str, title: str) -> bool:
    """Whether a phrase is the approach and nothing more: its name, acronym or "the model",
    not its name with a qualifier ("EFT for couples", "group schema therapy")."""
    start = phrase.strip().casefold()
    found = _OBJECT_APPROACH.match(start)
    if found:
        return found.end() == len(start)
    start = start.removeprefix("the ")
    return start in _approach_names(title)


@lru_cache(maxsize=16)
def _approach_name_words(title: str) -> frozenset[str]:
    """Every word of the approach's names, folded."""
    return frozenset(w for name in _approach_names(title) for w in re.split(r"[\s-]+", name))


# An acronym in the title's parentheses, in one part or two ("(MST)", "(RO DBT)").
_TITLE_ACRONYM = re.compile(r"\(([A-Z][A-Za-z-]{1,9}(?: [A-Z][A-Za-z-]{1,9})?)\)")


@lru_cache(maxsize=16)
def _approach_names(title: str) -> tuple[str, ...]:
    """The title, its parts, the title without a parenthesis, and its acronym, folded."""
    names = list(_title_parts(title))
    bare = re.sub(r"\s*\([^)]*\)\s*", " ", title).strip()
    names.append(bare.casefold())
    names.extend(a.casefold() for a in _TITLE_ACRONYM.findall(title))
    words = [w for w in re.split(r"[\s-]+", bare) if w]
    initials = "".join(w[0] for w in words if w.casefold() not in _SMALL_WORDS and w[0].isupper())
    if len(initials) >= 2:
        names.append(initials.casefold())
    return tuple(dict.fromkeys(n for n in names if n))


# A form of the approach stands for the approach as a subject: "The modern version of X", "The
# first manual of X".
_FORM_OF = re.compile(
    r"(?:the|its)\s+(?:[\w-]+\s+){0,2}?(?:form|forms|version|versions|formulation|incarnation"
    r"|variant|protocol|manual|model)\s+of\s+",
    re.IGNORECASE,
)


# "Its X" is the approach only when X is a form of it ("Its current protocol", "Its manual" is
# a text about it: see _WRITTEN_THING); any other thing it owns has creators of its own.
_ITS_OTHER_THING = re.compile(
    r"^\s*its\s+(?!(?:(?:current|present|original|modern|first|early|later|contemporary|standard"
    r"|revised)\s+)?(?:version|form|protocol|programme|program|method|approach|model|treatment"
    r"|therapy|manual)\b)",
    re.IGNORECASE,
)


def about_the_approach(clause: str, title: str) -> bool:
    """Whether a clause's subject is the approach: "The approach …", "It …", the title (or a
    part of it: "Feedback-informed treatment …"), or "… noted that the theory also …"."""
    if _ITS_OTHER_THING.match(clause):
        return False  # "Its theoretical basis, the S-REF model, was co-developed by …"
    subject = APPROACH_SUBJECT_RE.match(clause)
    if subject is not None and not _NAMED_OTHER.match(subject.group()):
        return True
    if subject is None and _EMBEDDED_SUBJECT.search(clause):
        return True
    form = _FORM_OF.match(clause.strip())  # "The contemporary form of BA was developed by …"
    if form:
        return about_the_approach(clause.strip()[form.end() :], title)
    start = clause.strip().casefold()
    parts = [p for p in _title_parts(title) if start.startswith(p)]
    if parts:
        return not _FOR_WHOM.match(start, max(map(len, parts)))
    return any(
        start.startswith(name)
        and not _continues_word(start[len(name) : len(name) + 1])
        and not _FOR_WHOM.match(start, len(name))
        for name in _approach_names(title)
    )


# "The Comprehensive Behavioral Intervention for Tics, developed by X": a capitalised name with
# an approach's noun is another approach, unless it is this one's name (checked after)
_NAMED_OTHER = re.compile(r"\s*(?i:the|this)\s+(?:[\w’'-]+\s+)*?[A-Z][\w’'-]*\s")
# "Compassion-focused therapy for psychosis, developed by X": the approach for one group is a
# later variant, whose makers are not the approach's
_FOR_WHOM = re.compile(r"\s+(?:for|with)\s+(?!(?:example|instance))\w", re.IGNORECASE)


def _continues_word(following: str) -> bool:
    """Whether the character after a name makes it part of a longer word: "FAP-enhanced
    cognitive therapy" is another approach, not FAP."""
    return following.isalnum() or following in ("-", "‐", "‑")


_AFTER_COORDINATOR = re.compile(r".*,\s*(?:but|yet|while|whereas|although|though|and)\s+", re.I)


def last_clause(text: str) -> str:
    """What follows the last `;` (and the spaces after it), or the whole text."""
    _, semicolon, after = text.rpartition(";")
    return after.lstrip() if semicolon else text


@lru_cache(maxsize=16)  # one title per article, asked about every clause
def _title_parts(title: str) -> tuple[str, ...]:
    """The title and its parts of two words or more ("Adlerian Therapy (Individual Psychology)"
    gives "individual psychology")."""
    parts = [title, *(p.strip(" )") for p in _TITLE_SEPARATOR.split(title))]
    return tuple(p.strip().casefold() for p in parts if len(p.split()) >= 2 or p == title)


def _role_phrases(text: str, *, lead: bool, title: str) -> list[re.Match[str]]:
    found = []
    # a cheap test for the words every match holds before each case-insensitive search
    by = may_contain(text, ("by",))
    passive = [*_PASSIVE.finditer(text), *_FIRST_PASSIVE.finditer(text)] if by else ()
    reduced = _REDUCED.finditer(text) if by else ()
    origin = _ORIGIN.finditer(text) if may_contain(text, ("originated",)) else ()
    for match in passive:
        clause = last_clause(text[: match.start()])
        # "Its roots lie in X's work, but the approach was formulated by Y": the approach is the
        # subject of the clause after the coordinator
        later = _AFTER_COORDINATOR.search(clause)
        if about_the_approach(clause, title) or (
            later is not None and about_the_approach(clause[later.end() :], title)
        ):
            found.append(match)
    if found and " and " in text:  # "created by A in the 1940s and developed into … by B"
        first = found[0].start()
        found.extend(m for m in _AND_PASSIVE.finditer(text) if m.start() > first)
    nouns = may_contain(
        text, ("brainchild", "creation", "invention", "work", "owe", "being", "collaboration",
               "partnership", "credited")
    )  # fmt: skip
    brainchild = _BRAINCHILD.finditer(text) if nouns else ()
    for match in (*reduced, *origin, *brainchild):
        clause = last_clause(text[: match.start()])
        if _verbs(match).casefold() == "work" and not _only_the_approach(clause, title):
            continue  # "Its manual is the work of X": not the approach's making
        if about_the_approach(clause, title) and not any(m.start() == match.start() for m in found):
            found.append(match)
    for match in _CREDIT.finditer(text) if "redit" in text else ():
        if about_the_approach(match["thing"], title):
            found.append(match)
    makers = _MAKERS_WERE.finditer(text) if may_contain(text, ("of",)) else ()
    for match in makers:
        if about_the_approach(match["thing"], title):
            found.append(match)
    fronted = _FRONTED.match(text)
    if fronted is not None:
        comma = text.find(",", fronted.end())
        if comma > 0 and about_the_approach(text[comma + 1 :].lstrip(), title):
            found.append(fronted)
    relative = _LEAD_RELATIVE.match(text) if lead else None
    if relative and not found:
        found.append(relative)
    return found


def _roles_of(verbs: str) -> list[tuple[str, str]]:
    """`chaired and edited` → [("chaired", "ChairRole"), ("edited", "EditorRole")]."""
    words = _WORD.findall(verbs)
    return [
        (w, _NOUN_ROLES.get(w.casefold()) or ROLE_VERBS[w.casefold()])
        for w in words
        if w.casefold() in ROLE_VERBS or w.casefold() in _NOUN_ROLES
    ]


_NOUN_ROLES = {
    "brainchild": "CreatorRole",
    "creation": "CreatorRole",
    "invention": "CreatorRole",
    "work": "CreatorRole",  # "X is the work of A" (the approach the subject)
    "owes": "CreatorRole",  # "owes its existence to A"
    "owed": "CreatorRole",
    "brought": "CreatorRole",  # "brought into being by A"
    "collaboration": "CreatorRole",  # "emerged from the collaboration of A and B"
    "credit": "CreatorRole",  # "Credit for the approach goes to A"
    "credited": "CreatorRole",  # "The approach is credited to A"
    "originated": "CreatorRole",  # "… originated in the work of A"
    **{w: "CreatorRole" for noun in _MAKER_NOUNS for w in (noun, noun + "s")},
    "partnership": "CreatorRole",
    "joint": "CreatorRole",
    # first accounts (_FIRST_PASSIVE): only after "first"
    "described": "CreatorRole",
    "set": "CreatorRole",
    "outlined": "CreatorRole",
    "presented": "CreatorRole",
    "put": "CreatorRole",
}


def _named_after(text: str, start: int, mentions: list[Mention]) -> list[Mention]:
    """The people named in the name list that starts at `start` ("X and Y, whose …", "X, Y and
    Z in the 1990s"): a comma goes on to the next name when one follows it at once."""
    position = start
    skipped: list[tuple[int, int]] = []  # appositives about a name, passed over
    while True:
        end_match = _REGION_END.search(text, position)
        end = end_match.start() if end_match else len(text)
        if end_match is not None and end_match.group() != ",":
            # "by A at the University of Washington and B at …": past the place to the partner
            placed = _PLACE_THEN_PARTNER.match(text, end_match.start())
            partner = next((m for m in mentions if placed and m.start == placed.end()), None)
            if placed is None or partner is None:
                break
            skipped.append((end_match.start(), placed.end()))
            position = partner.end
            continue
        if end_match is None:
            break
        listed = _LIST_NEXT.match(text, end_match.end())
        following = next((m for m in mentions if listed and m.start == listed.end()), None)
        if following is None:
            # "by A, a psychologist in Utah, and his graduate student B": past the appositive
            aside = _APPOSITIVE_THEN_PARTNER.match(text, end_match.start())
            following = next((m for m in mentions if aside and m.start == aside.end()), None)
            if following is None or aside is None:
                break
            skipped.append((end_match.start(), aside.end()))
        position = following.end
    return [
        m
        for m in mentions
        if start <= m.start < end and not any(a <= m.start < b for a, b in skipped)
    ]


_LIST_NEXT = re.compile(r"\s*(?:(?:and|&)\s+)?")
# A place after a name, then the next name: " at the University of Washington and ", " in
# Heidelberg, and ". The place is capitalised words (with "of", "for", "the" between them).
_PLACE_THEN_PARTNER = re.compile(
    r"\s+(?:at|in|from)\s+(?:the\s+)?[A-Z][\w’'.-]*(?:(?:\s+(?:of|for|the|de|and)|,)?\s+[A-Z][\w’'.-]*)*"
    r"\s*,?\s+(?:and|&)\s+"
)
_APPOSITIVE_THEN_PARTNER = re.compile(
    r",\s*(?:an?|the)\s[^,;:()]{1,70},\s*(?:and|&)\s+"
    r"(?:(?:his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:student|colleague|collaborator|partner|wife"
    r"|husband|spouse|co-?worker|associate|protégé|protege)\s*,?\s*)?"
)
