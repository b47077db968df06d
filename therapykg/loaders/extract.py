"""Article → facts: what an article says, each fact pointing at the statement(s) it came from.

`extract(article)` reads only the Article model (never the file format) and returns `Facts`.
The rules, and why each is as strict as it is, are in docs/extraction.md; in short:

- only sentences that *state* a grade through a grading construction create gradings; other
  sentences that repeat a grade (a Key Terms definition, "…emerged as a demonstrably effective
  element") may only add themselves to the trail of an identical grading;
- a fact's trail is the statements it came from, LLM-tagged or not: an LLM-tagged sentence can
  yield a fact, and the fact then points at that LLM-tagged statement, never at a source;
- when a phrase cannot be resolved with confidence the fact is left out; the sentence is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from itertools import islice, pairwise

from therapykg.loaders.citations import Citation, Name, parse_citation
from therapykg.loaders.clinical import KnownItems, problems_of, scope_items
from therapykg.loaders.facts import (
    Facts,
    Grading,
    KeyTerm,
    Lineage,
    Node,
    Problem,
    Reference,
    Role,
    Scope,
    Smart,
    StatementId,
    StatementRow,
    Work,
    statement_table,
)
from therapykg.loaders.grading import (
    Stated,
    canonical_name,
    column_gradings,
    current_item,
    graded_items,
    grader,
    plain_wording,
)
from therapykg.loaders.grading_anaphora import anaphoric_gradings
from therapykg.loaders.grading_lists import (
    ListLead,
    counted_lead,
    list_lead,
    listed_item,
    listed_own_grade,
)
from therapykg.loaders.grading_same import same_change, same_edition, same_grade
from therapykg.loaders.lexicon import (
    ADAPTATION_ALIASES,
    ELEMENT_ALIASES,
    GRADE_RE,
    grade_of,
    may_name_grade,
)
from therapykg.loaders.lineage import (
    Influence,
    OwnApproach,
    approach_slug,
    descendants,
    former_names,
    influences,
    own_approach,
)
from therapykg.loaders.lineage_inverse import inverse_influences
from therapykg.loaders.model import Article, KeyTermEntry, Kind, Sentence
from therapykg.loaders.people import (
    Mention,
    People,
    PersonRecord,
    find_mentions,
    register_prose_names,
)
from therapykg.loaders.roles import RoleClaim, framework_roles
from therapykg.ontology.iri import slugify

_PROSE = frozenset({Kind.PROSE, Kind.LIST_ITEM})
_LINEAGE_SECTIONS = ("creator", "lineage", "origin")  # "Creators & Lineage", "Origins"
_ROLE_SECTIONS = ("type", "overview", *_LINEAGE_SECTIONS)
_STRONG_ROLES = frozenset({"CreatorRole", "ChairRole", "EditorRole", "AssociateRole"})
_CLAUSE_BREAK = re.compile(r";|,\s+(?=(?:which|while|whereas|but)\b)")


def extract(article: Article) -> Facts:
    """Every fact the article states, with the ordinals of the statements it came from."""
    context = _Context(article)
    facts = Facts(framework=framework_node(article))
    works = _works(article, context.people)
    role_claims = _role_claims(context)
    influences_found = _influences(context, facts.framework, role_claims)
    _lineage_figures(context, role_claims)
    facts.people = context.people.finish()
    facts.references = _references(article, works)
    facts.roles = _roles(role_claims)
    facts.lineage = _lineage(facts.framework, influences_found)
    facts.gradings = _gradings(context)
    known = KnownItems(g.item for g in facts.gradings)
    facts.scope = _scope(context)
    facts.problems = _problems(context, known)
    facts.smart = _smart(context, known)
    facts.key_terms = _key_terms(context)
    facts.questions = [r.ordinal for r in context.rows if r.sentence.kind == Kind.QUESTION]
    facts.examples = [r.ordinal for r in context.rows if r.sentence.kind == Kind.EXAMPLE]
    return facts


def framework_node(article: Article) -> Node:
    """The approach the article describes: `framework/{slug(title)}`, typed by its type line."""
    kind = (article.approach_type or "").strip().casefold()
    cls = {"framework": "Framework", "theory": "Theory"}.get(kind, "PsychotherapyApproach")
    return Node("framework", approach_slug(article.title), article.title, cls)


class _Context:
    """The article, its numbered statements, and the people met so far."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.rows = statement_table(article)
        self.people = People()
        self._by_identity = {id(r.sentence): r.ordinal for r in self.rows}
        self._by_place = {(r.sentence.line, r.sentence.text): r.ordinal for r in self.rows}

    def ordinal(self, sentence: Sentence) -> StatementId | None:
        """The statement a sentence is, even when a reader copied it into a table row."""
        found = self._by_identity.get(id(sentence))
        return found if found is not None else self._by_place.get((sentence.line, sentence.text))

    def rows_in(self, *words: str, kinds: frozenset[Kind] = _PROSE) -> list[StatementRow]:
        """Rows of the sections whose heading has a word starting with one of `words`.

        Word starts, so "indication" finds "Populations & Indications" but not
        "Contraindications", whose conditions are cautions, not scope.
        """
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + ")", re.I)
        headings = {h: bool(pattern.search(h)) for h in {r.heading for r in self.rows if r.body}}
        return [r for r in self.rows if r.body and headings[r.heading] and r.sentence.kind in kinds]


# ------------------------------------------------------------------------------------------
# References and works
# ------------------------------------------------------------------------------------------

_PendingWork = tuple[Citation, list[PersonRecord], list[PersonRecord], "_PendingWork | None"]


def _works(article: Article, people: People) -> dict[int, tuple[Citation, _PendingWork]]:
    """Parse every citation first, so source-list authors are known before prose is read."""
    pending: dict[int, tuple[Citation, _PendingWork]] = {}
    for entry in article.sources:
        citation = parse_citation(entry.raw)
        pending[entry.number] = (citation, _pending_work(citation, people))
    return pending


def _pending_work(citation: Citation, people: People) -> _PendingWork:
    authors = [_cited(name, people) for name in citation.authors]
    editors = [_cited(name, people) for name in citation.editors]
    container = _pending_work(citation.container, people) if citation.container else None
    return (citation, authors, editors, container)


def _cited(name: Name, people: People) -> PersonRecord:
    record = people.add_cited(name)
    record.used = True
    return record


def _references(
    article: Article, works: dict[int, tuple[Citation, _PendingWork]]
) -> list[Reference]:
    references = []
    for entry in article.sources:
        _, pending = works[entry.number]
        work = _work(pending, entry.raw)
        references.append(Reference(entry.number, entry.tier, entry.raw, work))
    return references


def _work(pending: _PendingWork, raw: str | None) -> Work | None:
    citation, authors, editors, container = pending
    title = citation.title
    if not title:
        return None
    return Work(
        node=Node("work", slugify(title), title),
        title=title,
        authors=_nodes(authors),
        editors=_nodes(editors),
        venue=citation.venue,
        publisher=citation.publisher,
        year=citation.year,
        edition=citation.edition,
        raw=raw,
        part_of=_work(container, None) if container else None,
    )


def _nodes(records: Iterable[PersonRecord]) -> tuple[Node, ...]:
    return tuple(dict.fromkeys(r.node for r in records if r.node is not None))


# ------------------------------------------------------------------------------------------
# People, roles and lineage
# ------------------------------------------------------------------------------------------

_Claims = list[tuple[RoleClaim, StatementId]]


def _role_rows(context: _Context) -> list[tuple[StatementRow, bool]]:
    """The lead, Type & Discipline and Creators & Lineage sentences, with `is lead`."""
    lead = [(r, True) for r in context.rows if r.section_slug == "lead"]
    body = context.rows_in(*_ROLE_SECTIONS)
    return lead + [(r, False) for r in body]


def _role_claims(context: _Context) -> _Claims:
    """Roles from role phrasings; every prose name is registered first, for fuller labels."""
    for row in context.rows:
        if row.sentence.kind in _PROSE or row.section_slug == "lead":
            register_prose_names(row.sentence.text, context.people)
    rows = _role_rows(context)
    title = _title_with_acronyms(context, [row.sentence.text for row, _ in rows])
    claims: _Claims = []
    for row, lead in rows:
        mentions = find_mentions(row.sentence.text, context.people)
        claims.extend(
            (claim, row.ordinal)
            for claim in framework_roles(row.sentence.text, mentions, lead=lead, title=title)
        )
    return claims


def _title_with_acronyms(context: _Context, texts: list[str]) -> str:
    """The title with the acronyms the article spells for it, in parentheses ("Multisystemic
    Therapy (MST)"), so that "MST was developed by …" names its creators too."""
    title = context.article.title
    own = own_approach(title, approach_slug(title), texts, context.article.see_also, set())
    known = re.findall(r"\(([^)]*)\)", title)
    extra = sorted(a for a in own.acronyms if a not in known)
    # an acronym the article writes in two parts ("(RO DBT)") is matched as written
    spaced = {
        written
        for text in texts
        for written in _SPACED_ACRONYM.findall(text)
        if written.replace(" ", "") in own.acronyms
    }
    return " ".join([title, *(f"({a})" for a in [*extra, *sorted(spaced)])])


_SPACED_ACRONYM = re.compile(r"\(([A-Z][A-Za-z-]{0,5} [A-Z][A-Za-z-]{1,6})\)")


# -- lineage (docs/extraction.md, "Lineage") ------------------------------------------------
# Sections that tell an approach's lineage: "Type & Discipline", "Creators & Lineage",
# "Origins", "History", "Background", "Roots", "Influences".
_LINEAGE_READ = (
    "type",
    "overview",
    *_LINEAGE_SECTIONS,
    "histor",
    "background",
    "root",
    "influence",
)


def _influences(
    context: _Context, framework: Node, claims: _Claims
) -> list[tuple[Influence, StatementId]]:
    creators = {id(c.person) for c, _ in claims if c.role == "CreatorRole"}
    surnames = {c.person.surname.casefold() for c, _ in claims if c.role == "CreatorRole"}
    rows = context.rows_in(*_LINEAGE_READ)
    lead = [r for r in context.rows if r.section_slug == "lead"]
    own = own_approach(
        context.article.title,
        framework.slug,
        [r.sentence.text for r in [*lead, *rows]],
        context.article.see_also,
        creators,
        parts=[entry.term for entry in _all_key_terms(context)],
    )
    own.shared_creator_surnames = {
        surname
        for surname in surnames
        if len(bearers := context.people.with_surname(surname)) > 1
        and all(id(p) in creators for p in bearers)
    }
    found: list[tuple[Influence, StatementId]] = []
    openers = {r.section_slug: r.ordinal for r in reversed(rows)}  # each section's first unit
    before: tuple[str, list[Mention]] = ("", [])  # the section and people of the last sentence
    for row in rows:
        text = row.sentence.text
        mentions = [m for m in find_mentions(text, context.people) if not _own_name(m, own)]
        section, named = before
        own.pronoun_is_creator = (
            section == row.section_slug
            and bool(named)
            and all(id(m.person) in creators for m in named)
        )
        before = (row.section_slug, mentions)
        in_lineage = any(part in row.section_slug for part in _LINEAGE_SECTIONS)
        # a kind of therapy is lineage there; in Type & Discipline, whose opening restates the
        # type line ("X is an integrative psychotherapy within clinical psychology") and whose
        # later sentences describe the therapy ("It is an experiential and systemic therapy"),
        # only a kind of model after the opening ("It is a common-factors model")
        models = row.section_slug.startswith("type") and openers[row.section_slug] != row.ordinal
        stated = influences(text, own=own, mentions=mentions)
        stated += inverse_influences(text, own=own, mentions=mentions, lineage_section=in_lineage)
        stated += descendants(text, own=own, mentions=mentions)
        stated += former_names(text, own=own)
        for influence in stated:
            if influence.kind_only and not (in_lineage or (models and _is_model(influence))):
                continue
            person = influence.person
            if person is not None and not person.initials and person.surname.casefold() in surnames:
                continue  # "Beck's cognitive methods" where a Beck created it: no lineage
            if person is not None:
                person.used = True
            found.append((influence, row.ordinal))
    return found


def _own_name(mention: Mention, own: OwnApproach) -> bool:
    """A lone possessive the people reader took for a surname that is the approach's own name
    ("belong to her biography rather than to Theraplay’s ancestry")."""
    person = mention.person
    return not person.initials and not person.full_forms and own.is_name(person.surname)


def _is_model(influence: Influence) -> bool:
    return influence.node is not None and influence.node.label.casefold().endswith(" model")


def _lineage_figures(context: _Context, claims: _Claims) -> None:
    """Everyone named in Creators & Lineage who holds no stronger role is a lineage figure."""
    strong = {id(c.person) for c, _ in claims if c.role in _STRONG_ROLES}
    for row in context.rows_in(*_LINEAGE_SECTIONS):
        for mention in find_mentions(row.sentence.text, context.people):
            if id(mention.person) not in strong:
                claim = RoleClaim(mention.person, "LineageFigureRole", "lineage figure")
                claims.append((claim, row.ordinal))
    for claim, _ in claims:
        claim.person.used = True


def _roles(claims: _Claims) -> list[Role]:
    merged: dict[tuple[str, str], Role] = {}
    for claim, ordinal in claims:
        node = claim.person.node
        if node is None:
            continue
        role = merged.setdefault(
            (node.slug, claim.role), Role(node, claim.role, claim.role_name, [])
        )
        _add(role.statements, ordinal)
    return list(merged.values())


def _lineage(framework: Node, found: list[tuple[Influence, StatementId]]) -> list[Lineage]:
    """One link per object and relation, with every statement that states it."""
    merged: dict[tuple[Node, Node, str], Lineage] = {}
    for influence, ordinal in found:
        target = influence.node or (influence.person.node if influence.person else None)
        if target is None or target == framework:
            continue
        subject, obj = (target, framework) if influence.reverse else (framework, target)
        key = (subject, obj, influence.relation)
        link = merged.setdefault(key, Lineage(subject, obj, influence.relation, []))
        _add(link.statements, ordinal)
    return list(merged.values())


# ------------------------------------------------------------------------------------------
# Gradings
# ------------------------------------------------------------------------------------------

_NOT_GRADING = frozenset({Kind.QUESTION, Kind.EXAMPLE, Kind.SMART_ROW, Kind.FRAMING})


def _gradings(context: _Context) -> list[Grading]:
    """Create from grading sentences, then let restatements join identical gradings."""
    gradings: list[Grading] = []
    # Only a sentence with a grade phrase can state or restate a grading: one search finds them.
    graded = [
        r
        for r in context.rows
        if r.body
        and r.sentence.kind in _PROSE
        and may_name_grade(r.sentence.text)
        and (GRADE_RE.search(r.sentence.text) or GRADE_RE.search(plain_wording(r.sentence.text)))
    ]  # ("the strongest of the three grades" is a grade written plainly)
    before = _previous_rows(context.rows)
    edition_leads = _edition_leads(context.rows)
    stated_in: dict[int, list[Stated]] = {}  # what each graded row stated, for the next one
    for row in graded:
        columns = row.sentence.columns
        by_column = column_gradings(row.sentence.text, columns) if columns else None
        stated = by_column if by_column is not None else graded_items(row.sentence.text)
        if row.ordinal in edition_leads:  # "Among the elements the 2019 task force graded:"
            lead_row, lead = edition_leads[row.ordinal]
            if not stated:  # "- Collecting client feedback, P": the lead names whose grade
                own = listed_own_grade(row.sentence.text, lead)
                stated = [own] if own is not None else []
            undated = [f for f in stated if f.edition is None]
            dated = [replace(f, edition=lead.edition, year=lead.year) for f in undated]
            for fact in dated:
                _add_grading(gradings, fact, grader(lead_row.sentence.text), lead_row.ordinal)
            stated = [f for f in stated if f.edition is not None] + dated
        previous = before.get(row.ordinal)
        if previous is not None and previous.ordinal in stated_in:  # "in the same conclusions"
            stated = same_edition(row.sentence.text, stated, stated_in[previous.ordinal])
        earlier = previous.sentence.text if previous else None
        through = anaphoric_gradings(row.sentence.text, earlier, stated)
        by = grader(row.sentence.text) if stated or through else None
        for fact in stated:
            _add_grading(gradings, fact, by, row.ordinal)
        for resolved in through:
            _add_grading(gradings, resolved.stated, by, row.ordinal)
            if resolved.from_previous and previous is not None:
                _add_grading(gradings, resolved.stated, by, previous.ordinal)
        stated_in[row.ordinal] = [*stated, *(r.stated for r in through)]
    graded_rows = set(stated_in)
    # "X earned the same grade", "Y made the same move": what the sentence before gave
    for row in context.rows:
        previous = before.get(row.ordinal)
        if row.ordinal in graded_rows or previous is None or previous.ordinal not in stated_in:
            continue
        given = stated_in[previous.ordinal]
        for fact in [
            *same_grade(row.sentence.text, given),
            *same_change(row.sentence.text, given),
        ]:
            by = grader(row.sentence.text) or grader(previous.sentence.text)
            _add_grading(gradings, fact, by, row.ordinal)
            _add_grading(gradings, fact, by, previous.ordinal)
    _listed_gradings(gradings, context.rows)
    known = KnownItems(g.item for g in gradings)
    for row in graded:
        _restatement(gradings, known, row.sentence.text, row.ordinal)
    for term in _all_key_terms(context):
        ordinal = context.ordinal(term.sentence)
        if ordinal is not None:
            _key_term_restatement(gradings, term.term, term.definition, ordinal)
    return gradings


def _edition_leads(rows: list[StatementRow]) -> dict[int, tuple[StatementRow, ListLead]]:
    """List items under a lead that names an edition and no grade, with that lead."""
    found: dict[int, tuple[StatementRow, ListLead]] = {}
    lead: tuple[StatementRow, ListLead] | None = None
    for row in rows:
        kind = row.sentence.kind
        if lead is not None and kind == Kind.LIST_ITEM and row.section_slug == lead[0].section_slug:
            found[row.ordinal] = lead
            continue
        given = list_lead(row.sentence.text) if row.body and kind == Kind.PROSE else None
        lead = (row, given) if given is not None and given.grade is None else None
    return found


def _listed_gradings(gradings: list[Grading], rows: list[StatementRow]) -> None:
    """Gradings of a list under a lead that names the grade (`grading_lists`): each points at
    the lead and at its list item."""
    lead: tuple[StatementRow, ListLead] | None = None
    for index, row in enumerate(rows):
        kind = row.sentence.kind
        if lead is not None and kind == Kind.LIST_ITEM and row.section_slug == lead[0].section_slug:
            fact = listed_item(row.sentence.text, lead[1])
            if fact is not None:
                by = grader(lead[0].sentence.text)
                _add_grading(gradings, fact, by, row.ordinal)
                _add_grading(gradings, fact, by, lead[0].ordinal)
            continue
        found = list_lead(row.sentence.text) if row.body and kind == Kind.PROSE else None
        if found is None and row.body and kind == Kind.PROSE:
            found = _counted_lead(row, rows, index + 1)
        lead = (row, found) if found is not None else None


def _counted_lead(row: StatementRow, rows: list[StatementRow], start: int) -> ListLead | None:
    """A lead that counts the list after it (`grading_lists.counted_lead`), when exactly that
    many list items of its section follow it."""
    following = 0
    for later in islice(rows, start, None):
        if later.sentence.kind != Kind.LIST_ITEM or later.section_slug != row.section_slug:
            break
        following += 1
    counted = counted_lead(row.sentence.text) if following else None
    if counted is None:
        return None
    lead, count = counted
    return lead if following == count else None


def _previous_rows(rows: list[StatementRow]) -> dict[int, StatementRow]:
    """Each prose row's prose predecessor in the same section: where an anaphor's item may be."""
    before: dict[int, StatementRow] = {}
    for first, second in pairwise(rows):
        same = first.section_slug == second.section_slug and first.heading == second.heading
        if same and first.sentence.kind in _PROSE and second.sentence.kind in _PROSE:
            before[second.ordinal] = first
    return before


def _add_grading(
    gradings: list[Grading],
    fact: Stated,
    by: Node | None,
    ordinal: int,
) -> None:
    """One grading per item, grade, context set and edition: a sentence naming no context or no
    edition joins the trail of a grading that names them; two editions stay two gradings."""
    fact = current_item(fact)  # also for a grade dated by a list's lead or read through an anaphor
    edition, year = fact.edition, fact.year
    for grading in gradings:
        if grading.item == fact.item and grading.grade == fact.grade:
            same = set(grading.contexts) == set(fact.contexts)
            same_edition = edition is None or grading.edition == edition
            if (same or not fact.contexts) and same_edition:
                _add(grading.statements, ordinal)
                return
    gradings.append(Grading(fact.item, fact.grade, fact.contexts, by, [ordinal], edition, year))


def _restatement(gradings: list[Grading], known: KnownItems, text: str, ordinal: int) -> None:
    """A sentence repeating a grade joins gradings of items named in the same clause."""
    for clause in _clauses(text):
        grades = {grade_of(m) for m in GRADE_RE.finditer(clause)}
        for item in known.in_text(clause) if grades else []:
            _join(gradings, item, grades, ordinal)


def _clauses(text: str) -> list[str]:
    return _CLAUSE_BREAK.split(text)


def _key_term_restatement(
    gradings: list[Grading], term: str, definition: str, ordinal: int
) -> None:
    grades = {grade_of(m) for m in GRADE_RE.finditer(definition)}
    if not grades:
        return
    name = term.strip().casefold()
    for kind, table in (("element", ELEMENT_ALIASES), ("adaptation", ADAPTATION_ALIASES)):
        canonical = canonical_name(name, table) or name
        _join(gradings, Node(kind, slugify(canonical), canonical), grades, ordinal)


def _join(gradings: list[Grading], item: Node, grades: set[str], ordinal: int) -> None:
    for grading in gradings:
        if grading.grade in grades and grading.item == item:  # the cheap test first
            _add(grading.statements, ordinal)


# ------------------------------------------------------------------------------------------
# Scope, problems, SMART objectives, key terms
# ------------------------------------------------------------------------------------------


def _scope(context: _Context) -> list[Scope]:
    merged: dict[Node, Scope] = {}
    for row in context.rows_in("population", "indication"):
        for item in scope_items(row.sentence.text):
            _add(merged.setdefault(item, Scope(item, [])).statements, row.ordinal)
    return list(merged.values())


def _problems(context: _Context, known: KnownItems) -> list[Problem]:
    merged: dict[Node, Problem] = {}
    for row in context.rows_in("problem"):
        for node, predicate in problems_of(row.sentence.text):
            problem = merged.setdefault(node, Problem(node, (), []))
            named = known.in_text(predicate) if predicate else []
            problem.elements = tuple(dict.fromkeys([*problem.elements, *named]))
            _add(problem.statements, row.ordinal)
    return list(merged.values())


def _smart(context: _Context, known: KnownItems) -> list[Smart]:
    objectives = []
    for section in context.article.sections:
        for row in section.smart_rows:
            ordinal = context.ordinal(row.sentence)
            if ordinal is None:
                continue
            mechanisms = tuple(known.mechanism(row.mechanism))
            objectives.append(Smart(row.goal, row.objective, row.mechanism, mechanisms, ordinal))
    return objectives


def _key_terms(context: _Context) -> list[KeyTerm]:
    terms = []
    for entry in _all_key_terms(context):
        ordinal = context.ordinal(entry.sentence)
        if ordinal is not None:
            terms.append(KeyTerm(entry.term, entry.definition, ordinal))
    return terms


def _all_key_terms(context: _Context) -> list[KeyTermEntry]:
    return [entry for section in context.article.sections for entry in section.key_terms]


def _add(statements: list[StatementId], ordinal: StatementId) -> None:
    if ordinal not in statements:
        statements.append(ordinal)
