"""The Article model: the seam between reading a format and understanding it.

Every reader (plain text, Markdown, HTML) produces an `Article`; extraction consumes only this
model and never looks at the format. All text is Unicode as written (curly quotes kept), with the
provenance tag removed from `Sentence.text` and kept, as written, in `Tag.raw`.

A `Sentence` is one *provenance unit*: the text up to and including a trailing tag (`… outcome 1.`,
`… package LLM.`, `… [2][7]`), or, where no tag follows (the lead summary, an image's alt text), one
orthographic sentence. An illustrative-example block is one unit even when it holds several
orthographic sentences, and a SMART table row is one unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from therapykg.loaders.formats import ArticleFormat


class Kind(StrEnum):
    """What part of the article a sentence belongs to."""

    LEAD = "lead"  # the summary under the title
    IMAGE_ALT = "image_alt"  # the figure's alt text
    CAPTION = "caption"  # the figure's caption
    PROSE = "prose"  # an ordinary sentence in a section
    EXAMPLE = "example"  # an "LLM-generated illustrative example" block
    SMART_ROW = "smart_row"  # one row of the SMART-objectives table
    FRAMING = "framing"  # the "Therapeutic framing." line after the SMART table
    KEY_TERM = "key_term"  # "Term: definition"
    QUESTION = "question"  # a reflective / supervision question
    LIST_ITEM = "list_item"  # any other list item that carries a tag


@dataclass(frozen=True, slots=True)
class Tag:
    """A provenance tag as written, and what it means.

    raw: the tag exactly as written (`LLM`, `1`, `23`, `[2][7]`, `(LLM)`), or None when untagged.
    llm: True when the tag is the LLM tag (machine-written, no source).
    sources: the source numbers it cites, resolved against the article's source list
        (`23` is (2, 3) when the list has no source 23). Empty for LLM and untagged.
    """

    raw: str | None = None
    llm: bool = False
    sources: tuple[int, ...] = ()

    @property
    def untagged(self) -> bool:
        return self.raw is None


UNTAGGED = Tag()


@dataclass(slots=True)
class Sentence:
    """One provenance unit with its tag, where it sits, and what kind it is."""

    text: str
    tag: Tag
    line: int  # 1-based line in the source file where the unit starts
    kind: Kind = Kind.PROSE
    # a table row's header cells, when its table has a header ("Element | 2011 | 2019"), so
    # that a cell can be read with its column's name; the row's own text is `text`
    columns: tuple[str, ...] | None = None


@dataclass(slots=True)
class KeyTermEntry:
    term: str
    definition: str
    sentence: Sentence


@dataclass(slots=True)
class SmartRow:
    goal: str
    objective: str
    mechanism: str  # the mechanism cell without its tag, e.g. "Alliance; goal consensus"
    sentence: Sentence  # the whole row as one unit (kind SMART_ROW)


@dataclass(slots=True)
class SourceEntry:
    number: int
    raw: str  # the citation as written, without the link text and tier
    tier: str | None  # "T1", "T2", "T3", or None when the entry has no tier
    line: int


@dataclass(slots=True)
class Section:
    heading: str  # as written, e.g. "Creators & Lineage" (without a section number or edit link)
    line: int
    sentences: list[Sentence] = field(default_factory=list)  # every unit, in order
    key_terms: list[KeyTermEntry] = field(default_factory=list)
    smart_rows: list[SmartRow] = field(default_factory=list)


@dataclass(slots=True)
class Provenance:
    """The article's own provenance line."""

    model: str | None = None
    version: str | None = None
    generated: str | None = None  # ISO date as written, e.g. "2026-06-04"
    reading_minutes: int | None = None
    declared_sources: int | None = None
    raw: str | None = None
    line: int | None = None


@dataclass(slots=True)
class Article:
    """A wiki article, independent of the format it was read from."""

    path: str  # the file it was read from
    format: ArticleFormat  # a str: "text", "markdown" or "html"
    title: str
    title_line: int
    approach_type: str | None = None  # first field of the type line, e.g. "framework", "therapy"
    discipline: str | None = None
    subfield: str | None = None
    lead: list[Sentence] = field(default_factory=list)  # kind LEAD
    figure: list[Sentence] = field(default_factory=list)  # kinds IMAGE_ALT and CAPTION
    sections: list[Section] = field(default_factory=list)  # in order, "Sources" excluded
    sources: list[SourceEntry] = field(default_factory=list)
    provenance: Provenance = field(default_factory=Provenance)
    see_also: list[str] = field(default_factory=list)  # link titles
    warnings: list[str] = field(default_factory=list)  # things a reader noticed but accepted

    def section(self, heading_prefix: str) -> Section | None:
        """The first section whose heading starts with `heading_prefix` (case-insensitive)."""
        want = heading_prefix.casefold()
        for section in self.sections:
            if section.heading.casefold().startswith(want):
                return section
        return None

    def all_sentences(self) -> list[Sentence]:
        """Every unit in article order: lead, figure, then each section's."""
        units = [*self.lead, *self.figure]
        for section in self.sections:
            units.extend(section.sentences)
        return units

    def source(self, number: int) -> SourceEntry | None:
        for entry in self.sources:
            if entry.number == number:
                return entry
        return None
