"""The facts extraction finds in an Article, each pointing at the statement(s) it came from.

These are plain dataclasses, the seam between understanding an article (`extract`) and writing
quads (`therapykg.graph.build`). A fact never holds a sentence's text or tag, only the ordinals
of its statements, so the trail to the source or to the `LLM` tag is the statement's own and
cannot be copied wrongly onto the fact.

Statement ordinals are 1-based positions in `Article.all_sentences()` (lead, figure, then each
section); `statement_table` is the one place that numbers them, for extraction and build alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from therapykg.loaders.model import Article, Sentence
from therapykg.ontology.iri import slugify

StatementId = int  # 1-based ordinal of a unit in Article.all_sentences()


@dataclass(frozen=True, slots=True)
class Node:
    """A shared node: `{base}{kind}/{slug}`. Equal when kind and slug are equal.

    `cls` names the tkg class when the kind alone does not fix it (a framework can be a
    Framework, a PsychotherapyApproach or a Theory).
    """

    kind: str
    slug: str
    label: str = field(compare=False)
    cls: str | None = field(default=None, compare=False)
    exact_match: str | None = field(default=None, compare=False)


@dataclass(slots=True)
class StatementRow:
    """Where one unit sits: its ordinal, section and position in that section."""

    ordinal: StatementId
    sentence: Sentence
    section_slug: str
    heading: str
    index: int  # 1-based within its section
    section_ordinal: int  # 1-based position of its section in the article (lead and figure too)
    body: bool  # in a body section (not the lead or the figure)


@dataclass(slots=True)
class Grading:
    item: Node  # kind "element" or "adaptation"
    grade: str  # a slug of vocab.GRADES
    contexts: tuple[Node, ...]
    graded_by: Node | None
    statements: list[StatementId]
    edition: int | None = None  # the task-force edition the sentence names: 2002, 2011 or 2019
    year: int | None = None  # the year the sentence gives for the grading, as written


@dataclass(slots=True)
class Role:
    person: Node
    role: str  # a role individual, e.g. "ChairRole" (one per attribution)
    role_name: str  # the role as the text words it, e.g. "chaired"
    statements: list[StatementId]


@dataclass(slots=True)
class Lineage:
    subject: Node
    object: Node
    relation: str  # a slug of the lineage vocabulary: "rooted-in", "influenced-by", …
    statements: list[StatementId]


@dataclass(slots=True)
class Scope:
    item: Node  # kind "format", "population" or "condition"
    statements: list[StatementId]


@dataclass(slots=True)
class Problem:
    problem: Node
    elements: tuple[Node, ...]
    statements: list[StatementId]


@dataclass(slots=True)
class Smart:
    goal: str
    objective: str
    mechanism_text: str
    mechanisms: tuple[Node, ...]
    statement: StatementId


@dataclass(slots=True)
class KeyTerm:
    term: str
    definition: str
    statement: StatementId


@dataclass(slots=True)
class Work:
    node: Node  # kind "work"
    title: str
    authors: tuple[Node, ...] = ()
    editors: tuple[Node, ...] = ()
    venue: str | None = None
    publisher: str | None = None
    year: str | None = None
    edition: str | None = None
    raw: str | None = None
    part_of: Work | None = None  # the edited book a chapter appears in


@dataclass(slots=True)
class Reference:
    number: int
    tier: str | None
    raw: str
    work: Work | None


@dataclass(slots=True)
class Facts:
    """Everything extraction found in one article."""

    framework: Node
    people: list[Node] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    lineage: list[Lineage] = field(default_factory=list)
    gradings: list[Grading] = field(default_factory=list)
    scope: list[Scope] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    smart: list[Smart] = field(default_factory=list)
    key_terms: list[KeyTerm] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    questions: list[StatementId] = field(default_factory=list)
    examples: list[StatementId] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self) -> int:
        """How many fact nodes these facts become (the `facts` count of a build)."""
        return sum(
            len(group)
            for group in (
                self.roles,
                self.lineage,
                self.gradings,
                self.scope,
                self.problems,
                self.smart,
                self.key_terms,
                self.questions,
                self.examples,
            )
        )


def statement_table(article: Article) -> list[StatementRow]:
    """Every unit of the article in order, numbered as the graph numbers statements.

    Section slugs are `lead`, `figure` and `slugify(heading)`; a heading that repeats gets
    `-2`, `-3` … so that two sections never share statement IRIs (`s-{section}-{n}`).
    """
    rows: list[StatementRow] = []
    for section in section_table(article):
        for index, sentence in enumerate(section.sentences, start=1):
            rows.append(
                StatementRow(
                    len(rows) + 1,
                    sentence,
                    section.slug,
                    section.heading,
                    index,
                    section.ordinal,
                    section.body,
                )
            )
    return rows


@dataclass(slots=True)
class SectionRow:
    slug: str
    heading: str
    ordinal: int  # 1-based, in article order, counting the lead and figure when present
    body: bool
    sentences: list[Sentence]


def section_table(article: Article) -> list[SectionRow]:
    """The article's sections in order: `lead` and `figure` (when they hold units), then each
    body section, numbered from 1 in article order."""
    seen: dict[str, int] = {}
    groups = [
        ("lead", "Summary", False, article.lead),
        ("figure", "Figure", False, article.figure),
    ]
    groups = [g for g in groups if g[3]]
    for section in article.sections:
        slug = _unique(slugify(section.heading), seen)
        groups.append((slug, section.heading, True, section.sentences))
    return [
        SectionRow(slug, heading, ordinal, body, sentences)
        for ordinal, (slug, heading, body, sentences) in enumerate(groups, start=1)
    ]


def _unique(slug: str, seen: dict[str, int]) -> str:
    seen[slug] = seen.get(slug, 0) + 1
    return slug if seen[slug] == 1 else f"{slug}-{seen[slug]}"
