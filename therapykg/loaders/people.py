"""People: finding names in prose and citations, and making one node per person.

Identity rule (documented in docs/extraction.md):

- A person's slug is their **first initial and surname**, `person/b-wampold`, so "Bruce Wampold",
  "Bruce E. Wampold" and "Wampold, B. E." meet on one node across articles, whichever of them an
  article uses. A surname with no initial anywhere in the article is its own slug (`person/bordin`).
- Two names merge within an article when the surnames agree and the initials are compatible
  (the first agrees, and the shorter list is a prefix of the longer). When one article lists two
  people who would share a slug ("Frank, J. D." and "Frank, J. B."), those two take all their
  initials (`j-d-frank`, `j-b-frank`), and a prose name that fits both ("Jerome Frank") is merged
  with neither: guessing which one is meant would invent an identity.
- The label is the fullest name the article writes in prose ("John C. Norcross"), else the
  citation's initials and surname ("J. C. Norcross"), else the surname. A forename is never
  made up, and never copied from another article.

A capitalised phrase counts as a person in prose only with person-like evidence: initials, a
source-list author with the same surname and first initial, a possessive before a lowercase word
("Bordin’s working-alliance theory"), a role verb ("developed by …", "originated with …",
"… is closely associated with the program", an active creation verb with a treatment as its
object: "Shapiro founded EMDR", "Beck developed cognitive therapy"), or a common given name.
A name coordinated with such a possessive is a person too ("Bateman and Fonagy’s model",
"de Shazer and Berg’s approach"). Surnames keep their particles ("de Shazer"); a lone surname
meets the article's one person of that surname ("Beck later …"). Organisations, places and
titles have none of these.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from therapykg.loaders.citations import Name
from therapykg.loaders.facts import Node
from therapykg.loaders.lexicon import CREATOR_NOUN, GIVEN_NAMES, NON_NAME_WORDS, ROLE_VERBS
from therapykg.ontology.iri import slugify

_LETTERS = r"[A-Za-zÀ-ÖØ-öø-ÿ]"
_LOWER = r"[a-zß-öø-ÿ]"
_UPPER = r"[A-ZÀ-ÖØ-Þ]"  # "Öst", "Émile", "Ágnes"
_GIVEN = rf"{_UPPER}{_LOWER}+(?:-{_UPPER}{_LOWER}+)?"
# a surname may open with a particle: "de Shazer", "van Deurzen", "De Shazer" at a sentence start
_PARTICLE = (
    r"(?:[Dd]e|[Vv]an|[Vv]on|[Dd]er|[Dd]en|[Dd]i|[Dd]a|[Dd]u|[Dd]el|[Dd]ella|[Ll]e|[Ll]a"
    r"|[Tt]en|[Tt]er)"
)
_SURNAME = (
    rf"(?:{_PARTICLE}\s+(?:(?:der|den|la)\s+)?(?={_UPPER}))?"
    # McLeod, DiClemente, O'Hanlon, D'Zurilla
    rf"(?:[OD][’'])?{_UPPER}{_LOWER}+(?:[A-Z]{_LOWER}+)?(?:-{_UPPER}{_LOWER}+)?"
)
_POSSESSIVE = r"(?:’s|'s|’|')"
# titles before a name, never a name of their own: "Dr. Patricia A. Resick", "Dr Resick"
_HONORIFIC = r"(?:Dr|Drs|Prof|Professor|Mr|Mrs|Ms|Miss|Sir|Dame|Rev|Revd)"
_FULL = re.compile(
    rf"\b(?:(?P<lead>[A-Z])\.\s+)?(?!{_HONORIFIC}\b)"
    # a suffix is no surname: "Don Dinkmeyer Sr." is D. Dinkmeyer
    rf"(?P<given>{_GIVEN}(?:\s+{_GIVEN}(?=\s+(?!(?:Sr|Jr)\b){_SURNAME}))?)"
    rf"(?P<middle>(?:\s+[A-Z]\.)*)"
    rf"(?:\s+\({_GIVEN}\)|\s+[“\"]{_GIVEN}[”\"])?\s+"  # a nickname: "Frederick (Fritz) Perls"
    rf"(?P<surname>{_SURNAME})"
    rf"(?P<poss>{_POSSESSIVE})?(?!{_LETTERS})"
)
_PARTICLE_START = re.compile(rf"\b{_PARTICLE}\s+(?:(?:der|den|la)\s+)?[A-Z]")
# what every `_PARTICLE_START` match starts with (and a few more): see `_particle_starts`
_PARTICLE_WORD = re.compile(r"[DdVvLlTt](?:e|an|on|er|en|i|a|u|el|ella)\s")
_INITIALS_FIRST = re.compile(
    rf"\b(?P<initials>[A-Z]\.(?:\s*[A-Z]\.)*)\s+(?P<surname>{_SURNAME})(?P<poss>{_POSSESSIVE})?"
    rf"(?!{_LETTERS})"
)
_SINGLE = re.compile(rf"\b(?P<surname>{_SURNAME})(?P<poss>{_POSSESSIVE})?(?!{_LETTERS})")
_ROLE_BY = "|".join(
    [
        *ROLE_VERBS,
        "influenced",
        "inspired",
        "associated\\s+with",
        "originated\\s+with",
        "began\\s+with",
    ]
)
_NAME_WORD = rf"(?:{_PARTICLE}\s+)?[A-Z][\w.’'-]*"
# "created in the early 1980s by A and B": a time between the verb and "by"
_WHEN = r"(?:\s+(?:in|during|over)\s+(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:19|20)\d\ds?)?"
_ROLE_BEFORE = re.compile(
    rf"\b(?:{_ROLE_BY}){_WHEN}(?:\s+by)?\s+(?:(?:{_NAME_WORD}\s+){{1,4}}(?:,\s+(?:{_NAME_WORD}\s+){{1,4}})*"
    rf",?\s*(?:and|&)\s+|(?:{_NAME_WORD}\s+){{1,4}},\s+)?$"
)
# A lone surname after a role verb needs "by"/"with" before its name list ("developed by Young",
# "originated with Berg", "influenced by Bateman and Fonagy"), never "edited The Heart and Soul".
_ROLE_BY_ONLY = re.compile(
    rf"\b(?:{_ROLE_BY}){_WHEN}\s+(?:by|with)\s+"
    rf"(?P<list>(?:{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}(?:,\s+|,?\s+(?:and|&)\s+))*)$"
)
# "Beck developed cognitive therapy", "Shapiro founded EMDR": an active creation verb whose
# object is a treatment (an approach noun or an acronym) is a role verb, so evidence of a person
_CREATION = (
    r"(?:created|developed|founded|co-founded|co-developed|devised|formulated|pioneered"
    r"|introduced|conceived|originated|established|designed|invented|proposed|articulated"
    r"|first\s+(?:described|set\s+out|outlined|presented))"
)
# "Francine Shapiro, the originator of EMDR", "Ellis is credited with developing …"
_NOUN_ROLE_AFTER = re.compile(
    r"^(?:\s*,\s*|\s+(?:is|was|are|were)\s+(?:\w+ly\s+)?)(?:credited\s+with\s+\w+ing"
    rf"|(?:the\s+|its\s+|a\s+)?{CREATOR_NOUN}s?\s+of"
    rf"|(?:the\s+)?[\w-]+(?:’s|'s)\s+{CREATOR_NOUN}s?)\b"
)
# "Its founder, Ron Kurtz", "AEDP founder Diana Fosha": a role noun right before the name
_NOUN_ROLE_BEFORE = re.compile(rf"\b{CREATOR_NOUN}s?\s*,?\s*$", re.I)
# A profession right before a name: "the child psychologist Haim Ginott", "the American
# neurologist Silas Weir Mitchell" (a person whatever the forename)
_PROFESSION_BEFORE = re.compile(
    r"\b(?:psychologist|psychiatrist|psychoanalyst|analyst|neurologist|physician|philosopher"
    r"|sociologist|anthropologist|theologian|educator|psychotherapist|therapist|researcher"
    r"|scientist|neuroscientist|clinician|paediatrician|pediatrician|biologist|ethologist"
    r"|linguist|economist|mathematician|physicist|novelist|poet|writer|monk|priest|teacher"
    r"|professor|nurse|surgeon|social\s+worker|dr\.?|prof\.?|mrs?\.?|ms\.?)s?\s*,?\s*$",
    re.I,
)
_ACTIVE_AFTER = re.compile(
    rf"^(?:(?:,\s+|,?\s+(?:and|&)\s+)(?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD})*"
    rf"(?:\s*,?\s*(?:and|&)\s+(?:his|her|their)\s+(?:colleagues|students|team|co-?workers))?"
    r"(?:\s*\(\d{4}\)|\s*,\s*who)?"  # "Bordin (1979) proposed", "Beck, who developed"
    rf"\s+(?:(?:first|originally|jointly|later|together|subsequently|also)\s+)?{_CREATION}\s+"
    r"(?:(?:the|this|an?|a\s+new)\s+)?(?:(?:[\w’'-]+\s+){0,5}?(?:therapy|psychotherapy|treatment"
    r"|approach|model|method|framework|intervention|counse(?:l)?ling|analysis|programme|program"
    r"|technique|theory)\b|[A-Z]{2,}\b)"
)
# a name coordinated with a person's possessive: "Bateman and Fonagy’s model" names Bateman too
_COORDINATED = re.compile(  # a name word starts with a capital or a particle's d, v, l or t
    rf"(?=[A-Zdvlt])(?P<names>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}(?:,\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})*)"
    r",?\s+(?:and|&)\s+$"
)
_ASSOCIATED_AFTER = re.compile(r"^\s+(?:is|was|has\s+been)\s+(?:\w+\s+)?associated\s+with\b")
_LOWER_NEXT = re.compile(r"\s+(?:[a-z0-9]|[A-Z]{2,}-[a-z])")  # "X’s IFS-based couples therapy"
_CAPITAL = re.compile(_UPPER)
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w’'-]*|\b(?:the|a|an|this|that))\s+$")


@lru_cache(maxsize=1 << 16)
def fold(surname: str) -> str:
    """A surname compared without case, accents or apostrophes."""
    return slugify(surname)  # cached: compared hundreds of times per article


@dataclass(slots=True)
class PersonRecord:
    """One person as this article names them: every form, the initials known so far."""

    surname: str
    initials: list[str]
    full_forms: list[str] = field(default_factory=list)  # prose names with a forename
    short_forms: list[str] = field(default_factory=list)  # "J. C. Norcross"
    cited: bool = False  # named in the Sources list
    used: bool = False  # has a role, a lineage link or a work: a trail to a statement
    node: Node | None = None

    def compatible(self, initials: list[str]) -> bool:
        if not self.initials or not initials:
            return True
        shorter, longer = sorted((self.initials, initials), key=len)
        return longer[: len(shorter)] == shorter

    def absorb(self, initials: list[str]) -> None:
        if len(initials) > len(self.initials):
            self.initials = list(initials)


@dataclass(frozen=True, slots=True)
class Mention:
    """A person named in one sentence: where, who, and whether as a possessive."""

    start: int
    end: int
    person: PersonRecord
    possessive: bool


@dataclass(slots=True)
class People:
    """The people of one article; `finish` turns them into nodes."""

    records: list[PersonRecord] = field(default_factory=list)
    # The names each text holds: an article reads its role sentences three times.
    _candidates: dict[str, tuple[_Candidate, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # The records by folded surname, in the order of `records` (a record's surname never changes).
    _by_fold: dict[str, list[PersonRecord]] = field(default_factory=dict, repr=False, compare=False)

    # What does not depend on the people met so far, per text: whether each candidate shows
    # person-like evidence of its own, and the lone capitalised words that may be surnames.
    _evidence: dict[str, tuple[bool, ...]] = field(default_factory=dict, repr=False, compare=False)
    _singles: dict[str, tuple[re.Match[str], ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def candidates(self, text: str) -> tuple[_Candidate, ...]:
        found = self._candidates.get(text)
        if found is None:
            found = self._candidates[text] = _name_candidates(text)
        return found

    def evidenced(self, text: str) -> Iterator[_Candidate]:
        """The candidates of `text` with person-like evidence: initials, a known forename, a
        possessive before a lowercase word, a role verb ("developed by", "influenced by",
        "associated with"), or a cited author. Lazily: whether a name is a cited author's is
        decided after the names before it have been added."""
        candidates = self.candidates(text)
        own = self._evidence.get(text)
        if own is None:
            own = self._evidence[text] = tuple(_own_evidence(c, text) for c in candidates)
        for candidate, evident in zip(candidates, own, strict=True):
            first = candidate.given[0] if candidate.given else None
            if evident or self.is_cited(candidate.surname, first):
                yield candidate

    def singles(self, text: str) -> tuple[re.Match[str], ...]:
        found = self._singles.get(text)
        if found is None:
            found = self._singles[text] = tuple(
                m
                for m in _matches_at(_SINGLE, text, _capitals(text))
                if m["surname"].casefold() not in NON_NAME_WORDS
            )
        return found

    def add_cited(self, name: Name) -> PersonRecord:
        record = self._merge(name.surname, list(name.initials), prose_given=None)
        record.cited = True
        form = " ".join(f"{letter}." for letter in name.initials) + " " + name.surname
        if form.strip() not in record.short_forms:
            record.short_forms.append(form.strip())
        return record

    def add_prose(
        self, given: str | None, middle: list[str], surname: str, *, lead: str | None = None
    ) -> PersonRecord:
        # every given name gives an initial: "Julie Schwartz Gottman" is J. S. Gottman
        initials = ([lead] if lead else []) + [name[0] for name in (given or "").split()] + middle
        record = self._merge(surname, initials, prose_given=given)
        if given:
            form = " ".join(
                [*([f"{lead}."] if lead else []), given, *(f"{m}." for m in middle), surname]
            )
            if form not in record.full_forms:
                record.full_forms.append(form)
        elif middle:
            form = " ".join([*(f"{m}." for m in middle), surname])
            if form not in record.short_forms:
                record.short_forms.append(form)
        return record

    def with_surname(self, surname: str) -> list[PersonRecord]:
        """Everyone this article names with that surname."""
        return list(self._by_fold.get(fold(surname), ()))

    def by_surname(self, surname: str) -> PersonRecord | None:
        """The one person this article names with that surname, preferring prose names."""
        same = self._by_fold.get(fold(surname), [])
        if len(same) > 1:
            same = [r for r in same if r.full_forms]
        return same[0] if len(same) == 1 else None

    def is_cited(self, surname: str, first_initial: str | None) -> bool:
        return any(
            r.cited and (first_initial is None or not r.initials or r.initials[0] == first_initial)
            for r in self._by_fold.get(fold(surname), ())
        )

    def _merge(self, surname: str, initials: list[str], prose_given: str | None) -> PersonRecord:
        key = fold(surname)
        same = self._by_fold.get(key, [])
        fits = [r for r in same if r.compatible(initials)]
        if len(fits) > 1 and prose_given:
            fits = [r for r in fits if any(f.startswith(prose_given + " ") for f in r.full_forms)]
        if not fits and prose_given and initials:
            # "Gregory Nunn" for "R. Gregory Nunn" (cited "Nunn, R. G."): one who goes by a
            # middle name, when exactly one person's initials after the first are these
            fits = [r for r in same if r.initials[1 : 1 + len(initials)] == initials]
            if len(fits) == 1:
                return fits[0]
        if len(fits) == 1:
            fits[0].absorb(initials)
            return fits[0]
        record = PersonRecord(surname, list(initials))
        self.records.append(record)
        self._by_fold.setdefault(key, []).append(record)
        return record

    def finish(self) -> list[Node]:
        """Nodes for the people with a trail, with slugs unique within the article."""
        used = [r for r in self.records if r.used]
        base = {id(r): _base_slug(r) for r in used}
        shared = Counter(base.values())
        for record in used:
            clash = shared[base[id(record)]] > 1  # another used record has the same base slug
            slug = base[id(record)]
            if clash and len(record.initials) > 1:
                slug = slugify(" ".join(record.initials) + " " + record.surname)
            record.node = Node("person", slug, _label(record))
        return _distinct([r.node for r in used if r.node is not None])


def _base_slug(record: PersonRecord) -> str:
    if record.initials:
        return slugify(f"{record.initials[0]} {record.surname}")
    return slugify(record.surname)


def _label(record: PersonRecord) -> str:
    if record.full_forms:
        return max(record.full_forms, key=lambda form: (len(form.split()), len(form)))
    if record.short_forms:
        return max(record.short_forms, key=len)
    return record.surname


def _distinct(nodes: list[Node]) -> list[Node]:
    seen: dict[str, Node] = {}
    for node in nodes:
        seen.setdefault(node.slug, node)
    return list(seen.values())


# ------------------------------------------------------------------------------------------
# Finding names in prose
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    given: str | None
    middle: list[str]
    surname: str
    possessive: bool
    lead: str | None = None  # an initial before the forename: "J. Christopher Muran"


def register_prose_names(text: str, people: People) -> None:
    """Add every evidenced multi-word name in `text` (forename or initials plus surname)."""
    for candidate in people.evidenced(text):
        _add(candidate, people)


def find_mentions(text: str, people: People) -> list[Mention]:
    """Every person `text` names, resolved against the article's people, in order.

    Multi-word names must already be registered (`register_prose_names`). A lone capitalised
    word is a mention when it is a known surname, or when it is a possessive before a lowercase
    word ("Bordin’s working-alliance theory"): then it becomes a surname-only person.
    """
    mentions: list[Mention] = []
    covered: list[tuple[int, int]] = []
    for candidate in people.evidenced(text):
        record = _add(candidate, people)
        mentions.append(Mention(candidate.start, candidate.end, record, candidate.possessive))
        covered.append((candidate.start, candidate.end))
    for match in people.singles(text):
        if any(start <= match.start() < end for start, end in covered):
            continue
        single = _single(match, text, people)
        if single is not None:
            mentions.append(Mention(match.start(), match.end(), single, bool(match["poss"])))
            covered.append((match.start(), match.end()))
    for mention in list(mentions):
        if mention.possessive and _LOWER_NEXT.match(text[mention.end :]):
            for extra in coordinated_names(text, mention, people):
                if not any(s <= extra.start < e for s, e in covered):
                    mentions.append(extra)
                    covered.append((extra.start, extra.end))
    return sorted(mentions, key=lambda m: m.start)


def _add(candidate: _Candidate, people: People) -> PersonRecord:
    return people.add_prose(
        candidate.given, candidate.middle, candidate.surname, lead=candidate.lead
    )


def _name_candidates(text: str) -> tuple[_Candidate, ...]:
    """Capitalised names in `text`, whether or not anything shows they are people's."""
    rest = text[1:]
    if rest.lower() == rest:
        return ()  # every name has two capitals, so one is after the first character
    found: list[_Candidate] = []
    capitals = _capitals(text)
    # a name never starts at a word that is never a name ("From Melanie Klein the approach …")
    # (a single letter is an initial: "A. John Rush")
    starts = [s for s in capitals if not _never_starts(_word_at(text, s))]
    for match in _matches_at(_FULL, text, starts):
        middle = _CAPITAL.findall(match["middle"])
        found.append(
            _Candidate(
                match.start(),
                match.end(),
                match["given"],
                middle,
                match["surname"],
                bool(match["poss"]),
                match["lead"],
            )
        )
    for match in _matches_at(_INITIALS_FIRST, text, capitals):
        initials = _CAPITAL.findall(match["initials"])
        if not any(c.start <= match.start() < c.end for c in found):
            found.append(
                _Candidate(
                    match.start(),
                    match.end(),
                    None,
                    initials,
                    match["surname"],
                    bool(match["poss"]),
                )
            )
    return tuple(
        c
        for c in found
        if not _non_name(c)
        # "the Aaron T. Beck Institute" names an institute; "Aaron T. Beck's Center", its person
        and (c.possessive or not _INSTITUTION_AFTER.match(text, c.end))
        and not _institution_before(text, c.start)
    )


# A name after an institution's head and "for"/"of"/"on" is the institution's subject: "the
# Institute for Juvenile Research", "the Center for Family Studies", "Society for Psychotherapy
# Research".
_INSTITUTION_HEAD_BEFORE = re.compile(
    r"\b(?:Foundation|Institute|Center|Centre|Society|Association|Council|Academy|School|College"
    r"|University|Department|Clinic|Hospital|Laboratory|Office|Ministry|Journal|Federation"
    r"|Network|Unit|Service|Agency|Division|Committee|League|Alliance)\s+(?:for|of|on)\s+(?:the\s+)?$"
)


def _institution_before(text: str, start: int) -> bool:
    before = text[max(0, start - 60) : start]
    return before.endswith(("for ", "of ", "on ", "the ")) and bool(
        _INSTITUTION_HEAD_BEFORE.search(before)
    )


# A name that goes on into an institution's is no person's mention: "the John D. and Catherine
# T. MacArthur Foundation", "the Aaron T. Beck Institute".
_INSTITUTION_AFTER = re.compile(
    r"\s+(?:Foundation|Institute|Center|Centre|Clinic|University|College|Hospital|Trust|Fund"
    r"|Award|Prize|Medal|Lecture|Library|Museum)\b"
)


@lru_cache(maxsize=4096)
def _capitals(text: str) -> tuple[int, ...]:
    """Where the capitals A–Z are, and surname particles before one ("de Shazer"): every name
    pattern's match starts at one. Cached: a text's candidates and its singles both need it."""
    starts = [match.start() for match in _CAPITAL.finditer(text)]
    particles = [m.start() for m in _particle_starts(text) if text[m.start()].islower()]
    return tuple(sorted([*starts, *particles]) if particles else starts)


def _particle_starts(text: str) -> Iterator[re.Match[str]]:
    """`_PARTICLE_START.finditer(text)`, tried only where `_PARTICLE_WORD` finds a particle's
    letters and a space (every match starts with them); the cheap pattern starts with a
    character set, which the regex engine skips to without trying each character."""
    pos = 0
    while (found := _PARTICLE_WORD.search(text, pos)) is not None:
        match = _PARTICLE_START.match(text, found.start())
        if match is None:
            pos = found.start() + 1
            continue
        yield match
        pos = match.end()  # every match is non-empty


def _matches_at(
    pattern: re.Pattern[str], text: str, starts: Sequence[int]
) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` finds when every match starts at one of `starts` (ascending).

    The name patterns start with `\\b`, so the regex engine would try a match at every
    character; trying only at the capitals finds the same non-overlapping matches, several
    times faster.
    """
    end = 0
    for start in starts:
        if start >= end:
            match = pattern.match(text, start)
            if match:
                yield match
                end = match.end()


_WORD_AT = re.compile(r"\w*")


def _never_starts(word: str) -> bool:
    return len(word) > 1 and word.casefold() in _NEVER_FORENAME


def _word_at(text: str, start: int) -> str:
    found = _WORD_AT.match(text, start)
    return found[0] if found else ""


# Words that open a sentence or phrase and are never a forename: "From Melanie Klein …".
_NEVER_FORENAME = NON_NAME_WORDS | frozenset(
    [
        "from",
        "by",
        "with",
        "unlike",
        "like",
        "after",
        "before",
        "through",
        "for",
        "to",
        "under",
        "following",
        "during",
        "since",
        "as",
        "and",
        "but",
        "or",
        "while",
        "although",
        "because",
        "if",
        "though",
        "later",
        "then",
        "both",
        "between",
        "among",
        "against",
        "toward",
        "towards",
        "via",
        "per",
        "without",
        "within",
        "beyond",
        "despite",
        "upon",
        "into",
        "about",
        "above",
        "across",
        "along",
        "around",
        "besides",
        "over",
        "until",
        "whereas",
        "who",
        "whom",
        "whose",
        "yet",
        "so",
        "thus",
        "hence",
        "also",
        "even",
        "only",
        "just",
        "together",
        "drawing",
        "building",
        "borrowing",
        "inspired",
        "influenced",
        "according",
    ]
)


def _never_forename(words: str) -> bool:
    """ "From " before a name is no part of it; "Karen " is."""
    word = words.split()[0].casefold()
    return word in _NEVER_FORENAME and word not in ("the", "a", "an", "this", "that")


def _non_name(candidate: _Candidate) -> bool:
    words = [*candidate.surname.split(), *(candidate.given.split() if candidate.given else [])]
    return any(word.casefold() in NON_NAME_WORDS for word in words)


def _unaccented(word: str) -> str:
    """The word folded to lower case without its accents, as the given-name list spells it."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_PARTNER_BEFORE = re.compile(
    r"\b(?:together|jointly|along)\s+with\s+$|\bin\s+collaboration\s+with\s+$"
)
_ROLE_WORD = re.compile(rf"\b(?:{_ROLE_BY})\s+(?:by|with)\b")


def _own_evidence(candidate: _Candidate, text: str) -> bool:
    """The evidence in the text itself: everything `People.evidenced` accepts but a cited
    author, which depends on the people met so far."""
    if candidate.middle or candidate.lead:
        return True
    if candidate.given and _unaccented(candidate.given.split()[0].split("-")[0]) in GIVEN_NAMES:
        return True  # "Sándor" is the list's "sandor"; "Lars-Göran" begins with "Lars"
    after = text[candidate.end :]
    if candidate.possessive and _LOWER_NEXT.match(after):
        return True
    before = text[: candidate.start]
    if candidate.given and _PARTNER_BEFORE.search(before) and _ROLE_WORD.search(before):
        return True  # "developed by John Banmen, who …, together with Kathlyne Maki-Banmen"
    return bool(
        _ROLE_BEFORE.search(before)
        or _ASSOCIATED_AFTER.match(after)
        or _NOUN_ROLE_BEFORE.search(before[-40:])
        or (bool(candidate.given) and _PROFESSION_BEFORE.search(before[-40:]) is not None)
        or (
            not candidate.possessive
            and (_ACTIVE_AFTER.match(after) or _NOUN_ROLE_AFTER.match(after))
        )
    )


def _single(match: re.Match[str], text: str, people: People) -> PersonRecord | None:
    surname = match["surname"]
    if surname.casefold() in NON_NAME_WORDS:
        return None
    known = people.by_surname(surname)
    if known is not None:
        return known
    if people.with_surname(surname):
        return None  # "Beck's methods" where two Becks are named: which one is not said
    before = text[: match.start()]
    after = text[match.end() :]
    if not match["poss"] and _SCHOOL_NOUN_NEXT.match(after):
        return None  # "influenced by Buddhist psychology", "Stoic philosophy": an adjective
    if _INSTITUTION_OF.search(before):
        return None  # "the University of Oxford’s department": a place
    capital = _NAME_BEFORE.search(before)
    if capital and not _never_forename(capital[0]) and not _after_role_or_list(before):
        return None  # part of a longer name, or "the Dodo’s verdict"
    if match["poss"] and _LOWER_NEXT.match(after):
        return people.add_prose(None, [], surname)  # "Bordin’s working alliance"
    if match["poss"] or after[:1].isupper() or (after[:1] == " " and after[1:2].isupper()):
        return None
    if _after_role_or_list(before) or _ACTIVE_AFTER.match(after):
        return people.add_prose(None, [], surname)  # "developed by Young", "Shapiro founded EMDR"
    return None


# A lowercase noun after a lone capitalised word that makes it an adjective ("Buddhist
# psychology", "Stoic philosophy", "Jungian analysis").
_SCHOOL_NOUN_NEXT = re.compile(
    r"\s+(?:psychology|philosophy|philosophers?|thought|thinking|practice|practices|meditation"
    r"|tradition|traditions|teaching|teachings|ideas?|concepts?|principles?|theory|theories"
    r"|therapy|therapies|psychotherapy|analysis|psychiatry|mindfulness|ethics|approach|school"
    r"|movement|method|methods|model|techniques?)\b"
)
# "University of Oxford’s …", "Institute of Psychiatry’s …": the name is an institution's place.
_INSTITUTION_OF = re.compile(
    r"\b(?:University|College|Institute|School|Hospital|Academy|Society|Department|Centre"
    r"|Center)\s+of\s+(?:the\s+)?$"
)


def _after_role_or_list(before: str) -> bool:
    """Whether a lone name stands in the name list after a role verb and "by"/"with"
    ("developed by Bateman and Fonagy"), a list of names only."""
    found = _ROLE_BY_ONLY.search(before[-160:])  # a role verb and a short name list
    if found is None:
        return False
    words = re.findall(r"[A-Za-z][\w’'-]*", found["list"])
    return not any(w.casefold() in NON_NAME_WORDS for w in words)


def coordinated_names(text: str, mention: Mention, people: People) -> list[Mention]:
    """The names coordinated with a person's possessive: "Bateman and Fonagy’s model",
    "de Shazer and Berg’s approach" name Bateman and de Shazer as well."""
    found = _COORDINATED.search(text, 0, mention.start)
    if found is None:
        return []
    mentions: list[Mention] = []
    position = found.start("names")
    for part in re.split(r",\s+", found["names"]):
        words = part.split()
        start = text.index(part, position)
        position = start + len(part)
        if any(w.casefold() in NON_NAME_WORDS for w in words if w[:1].isupper()):
            return []
        surname = _particle_surname(words)
        given = words[: len(words) - len(surname.split())]
        if len(given) > 1:
            return []
        if given:
            record = people.add_prose(given[0], [], surname)
        else:
            record = people.by_surname(surname) or people.add_prose(None, [], surname)
        mentions.append(Mention(start, start + len(part), record, False))
    return mentions


def _particle_surname(words: list[str]) -> str:
    """The surname at the end of a name's words, with its particles ("de Shazer")."""
    start = len(words) - 1
    while start > 0 and re.fullmatch(_PARTICLE + r"|der|den|la", words[start - 1]):
        start -= 1
    return " ".join(words[start:])
