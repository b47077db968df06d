"""Plain-text reader: a browser's copy of a wiki page → neutral blocks → `Article`.

Plain text has no markup, so this reader recognises structure from lines: a heading is a short line
on its own between blank lines (or one of the known headings, anywhere), bullets start with `•`,
Sources entries with `1.`, the SMART table is the `Goal SMART objective (example) Mechanism` header
and the lines after it (run together, tab- or ` | `-separated, or one cell per line). Lines that
end without a tag run on into the next line (hard-wrapped prose); a line that ends with a tag
ends its paragraph. Tags are found by `segment.find_text_tags`, the search the Markdown and HTML
readers share; whether a line's closing number is a tag is decided against the Sources list,
which is read first (`23` ends a line as a tag only when the list has 23, or 2 and 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from therapykg.loaders.formats import ArticleFormat
from therapykg.loaders.model import Article
from therapykg.loaders.segment import (
    Block,
    BlockKind,
    Inline,
    Run,
    SectionRole,
    build_article,
    clean,
    ends_with_tag,
    find_text_tags,
    is_example,
    is_framing,
    is_furniture,
    is_known_heading,
    is_provenance_line,
    is_site_name,
    last_line,
    numbered_prefix,
    parse_type_line,
    section_role,
    starts_revision_chrome,
)

_BULLET = re.compile(r"^\s*[•▪‣◦●○∙\-*–]\s+(?=\S)")
_TABLE_HEADER = re.compile(r"^\s*Goal\b.*\bMechanism\s*$", re.IGNORECASE)
_HEADER_CELL = re.compile(r"^(?:smart\s+)?objectives?\b|^mechanisms?\b")
_CELL_WORD = re.compile(r"[^\W\d_][\w’'-]*\s*\w")  # a first cell of words, not a bullet
_TAB = re.compile(r"\s*(?:\t|(?<=\s)\|(?=\s))\s*")  # tabs, or ` | ` between cells
_BARE_TAG = re.compile(r"LLM\.?|\d{1,3}\.?")
_FIGURE_LABEL = re.compile(r"^\s*\[(?:Figure|Image|Fig\.?)\]", re.IGNORECASE)
_UPVOTES = re.compile(r"^\s*\d+\s+upvotes?\s*$", re.IGNORECASE)
_CLOSED = (SectionRole.SOURCES, SectionRole.SEE_ALSO, SectionRole.RESOURCES)


def read_text(path: str, text: str) -> Article:
    """Read decoded plain text (newlines normalised to LF) into an Article."""
    lines = text.split("\n")
    if "\f" in text or _PAGE_NUMBER_LINE.search(text):
        lines = _without_page_furniture(lines, paged="\f" in text)
    if "-\n" in text:
        lines = _words_rejoined(lines)
    reader = _TextReader(lines, _listed_sources(lines))
    return build_article(path, ArticleFormat.TEXT, reader.blocks(), last_line=last_line(text))


# A page's number on a line of its own, as a PDF viewer's copy has it: "– page 2 of 5 –", "3"
_PAGE_NUMBER_LINE = re.compile(
    r"^[ \t]*[–—-]?[ \t]*(?:page[ \t]+)?\d{1,3}(?:[ \t]+of[ \t]+\d{1,3})?[ \t]*[–—-]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _without_page_furniture(lines: list[str], *, paged: bool) -> list[str]:
    """Text copied from a paged document (a PDF) without its pages' furniture, each such line
    left blank so that line numbers stay: form feeds, page numbers on lines of their own (a bare
    number only in a text with form feeds, else "page 2" or "– 2 –"), and a running header (the
    first line of a page, when every page that has one begins with it)."""
    out = [line.replace("\f", "") for line in lines]
    pages = [0] + [i for i, line in enumerate(lines) if "\f" in line]
    firsts = [_first_written(out, start) for start in pages]
    heads = [out[i].strip() for i in firsts if i is not None]
    if len(heads) > 1 and len(set(heads)) == 1 and not is_known_heading(clean(heads[0])):
        for i in firsts:
            if i is not None:
                out[i] = ""
    for i, line in enumerate(out):
        if not line.strip() or not _PAGE_NUMBER_LINE.match(line) or _in_list(out, i):
            continue
        if paged or not line.strip().isdigit():  # a lone "3" may be a tag a copy put apart
            out[i] = ""
    return out


def _first_written(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)


def _in_list(lines: list[str], index: int) -> bool:
    """Whether a lone number sits among a numbered list's entries (a Sources entry's number on
    a line of its own), not between paragraphs."""
    near = [lines[i] for i in (index - 1, index + 1) if 0 <= i < len(lines)]
    return any(numbered_prefix(line) for line in near)


# A word hyphenated across a line break: "con-" at a line's end, "ditions" opening the next
_SPLIT_WORD_END = re.compile(r"(?<=[a-z])-$")
_WORD_START = re.compile(r"^([a-z]+)([,;:.!?)\]”’'\"]*)(?:[ \t]+|$)")


def _words_rejoined(lines: list[str]) -> list[str]:
    """Hard-wrapped text with each word hyphenated across a line end put back together on the
    first line ("con-" + "ditions" → "conditions"); the lines keep their count."""
    out = list(lines)
    for i in range(len(out) - 1):
        if not _SPLIT_WORD_END.search(out[i]):
            continue
        rest = out[i + 1].lstrip()
        word = _WORD_START.match(rest)
        if word is None:
            continue
        out[i] = out[i][:-1] + word.group(1) + word.group(2)
        out[i + 1] = rest[word.end() :]
    return out


def _listed_sources(lines: list[str]) -> frozenset[int] | None:
    """The numbers of the entries after the last Sources heading, read before anything else:
    whether a line ends with a tag depends on them (`23` is a tag only when the list has 23, or
    2 and 3). None when there is no such list (the builder then refuses the article)."""
    start = max(
        (
            i
            for i, line in enumerate(lines)
            if len(line) < 40 and section_role(clean(line)) is SectionRole.SOURCES
        ),
        default=None,
    )
    if start is None:
        return None
    found = {entry[0] for line in lines[start + 1 :] if (entry := numbered_prefix(line))}
    return frozenset(found) or None


@dataclass(frozen=True, slots=True)
class _Line:
    """One non-blank line, read once: as written, stripped, cleaned, and whether it is one of
    the known headings. The line predicates of `segment` read `text`; tags are found in `raw`."""

    number: int  # 1-based
    raw: str
    stripped: str
    text: str  # clean(raw)
    known_heading: bool


@dataclass(slots=True)
class _Group:
    """Consecutive non-blank lines; `start` is the 0-based index of the first."""

    start: int
    lines: list[_Line] = field(default_factory=list)


def _groups(lines: list[str]) -> list[_Group]:
    """Blank-line separated groups; a known heading always stands in a group of its own."""
    groups: list[_Group] = []
    current: _Group | None = None
    for i, raw in enumerate(lines):
        text = clean(raw)
        if not text:
            current = None
            continue
        line = _Line(i + 1, raw, raw.strip(), text, is_known_heading(text))
        if line.known_heading:
            groups.append(_Group(i, [line]))
            current = None
        else:
            if current is None:
                current = _Group(i)
                groups.append(current)
            current.lines.append(line)
    return groups


class _TextReader:
    def __init__(self, lines: list[str], listed: frozenset[int] | None) -> None:
        self.lines = lines
        self.listed = listed
        self.out: list[Block] = []
        self.has_title = False
        self.in_section = False
        self.role = SectionRole.PROSE
        self.in_chrome = False
        self.cells: list[_Line] = []  # a SMART row's cells copied one per line, so far
        self.grid = False  # inside a tab- or ` | `-separated table of another section
        self.header_parts: list[_Line] = []  # a SMART header copied one cell per line
        self.header_done = False
        self.continued: set[int] = set()  # lines whose next line continues their sentence
        self.figure_next = False  # the group after `0 upvotes` on its own

    def blocks(self) -> list[Block]:
        for group in _groups(self.lines):
            for line, following in zip(group.lines, group.lines[1:], strict=False):
                if following.stripped[:1].islower():
                    self.continued.add(line.number)  # "… randomised 68" / "adults with …"
            if self._heading(group):
                continue
            if not self.has_title and not self.in_section:
                self._header(group)
            elif not self.in_section:
                self._preamble(group)
            else:
                self._body(group)
        return self.out

    def _ends_with_tag(self, line: _Line) -> bool:
        if line.number in self.continued and not line.raw.rstrip().endswith((".", "]", ")")):
            return False  # a number at a wrapped line's end, its sentence going on below
        return ends_with_tag(line.raw, self.listed)

    def _tags(self, text: str, number: int) -> list[Inline]:
        """The runs and tag marks of one line's `text`: a bare number at its end is no tag when
        the sentence goes on on the next line, which opens in lowercase (hard-wrapped text)."""
        return find_text_tags(text + "\n", number, line_ends=number not in self.continued)

    # -- headings ----------------------------------------------------------------------------

    def _heading(self, group: _Group) -> bool:
        if len(group.lines) != 1:
            return False
        line = group.lines[0]
        known = line.known_heading
        if not known and (self.role in _CLOSED or self.in_chrome or not _heading_like(line)):
            return False
        if self._ends_with_tag(line):
            return False
        if not self.has_title and not self.in_section and not known:
            if is_site_name(line.text):
                return False
            self.has_title = True
            self.out.append(_plain_block(BlockKind.HEADING, line, level=1))
            return True
        self.in_section = True
        self.in_chrome = False
        self.role = section_role(line.text)
        self.out.append(_plain_block(BlockKind.HEADING, line, level=2))
        return True

    # -- before the title and between title and first section --------------------------------

    def _header(self, group: _Group) -> None:
        """Lines before the title: site name, banner, type line; a title may close the group."""
        for line in group.lines:
            if is_furniture(line.text):
                continue
            if not self.has_title and self._title_like(line):
                self.has_title = True
                self.out.append(_plain_block(BlockKind.HEADING, line, level=1))
            elif parse_type_line(line.text):
                self._plain(BlockKind.PARAGRAPH, line)
            else:
                self._tagged(BlockKind.PARAGRAPH, line.raw, line.number)

    def _title_like(self, line: _Line) -> bool:
        return (
            _heading_like(line)
            and not is_site_name(line.text)
            and not line.known_heading
            and not self._ends_with_tag(line)
        )

    def _preamble(self, group: _Group) -> None:
        """Lead paragraphs and the figure: after `0 upvotes`, or as the last two lines of a group
        ending in a tagged caption, an untagged line is the image's alt text."""
        lines = group.lines
        upvotes = next((k for k, line in enumerate(lines) if _UPVOTES.match(line.raw)), None)
        kept = [line for line in lines if not is_furniture(line.text)]
        tagged_last = bool(kept) and self._ends_with_tag(kept[-1])
        figure_next, self.figure_next = self.figure_next, False
        if kept and (_FIGURE_LABEL.match(kept[0].raw) or (figure_next and not tagged_last)):
            # the image's alt text, hard-wrapped over the whole group ("[Figure] Four …")
            text = " ".join(line.stripped for line in kept)
            self.out.append(Block(BlockKind.IMAGE, kept[0].number, [Run(text, kept[0].number)]))
            return
        if self.out and self.out[-1].kind is BlockKind.IMAGE and upvotes is None:
            self._paragraph(kept)  # the caption after an alt text of its own group
            return
        if upvotes is not None and upvotes == len(lines) - 1:
            self._paragraph([line for line in lines[:upvotes] if not is_furniture(line.text)])
            self.figure_next = True  # `0 upvotes` alone ends its group: the figure comes next
            return
        if upvotes is not None:
            self._paragraph([line for line in lines[:upvotes] if not is_furniture(line.text)])
            self._figure([line for line in lines[upvotes + 1 :] if not is_furniture(line.text)])
        elif len(kept) >= 2 and tagged_last and not self._ends_with_tag(kept[-2]):
            self._paragraph(kept[:-2])
            self._figure(kept[-2:])
        else:
            self._paragraph(kept)

    def _figure(self, lines: list[_Line]) -> None:
        if not lines:
            return
        alt = lines[0]
        if self._ends_with_tag(alt):
            self._paragraph(lines)
            return
        self.out.append(_plain_block(BlockKind.IMAGE, alt))
        self._paragraph(lines[1:])

    def _paragraph(self, lines: list[_Line]) -> None:
        if not lines:
            return
        first = lines[0]
        if len(lines) == 1 and (is_provenance_line(first.text) or parse_type_line(first.text)):
            self._plain(BlockKind.PARAGRAPH, first)
            return
        items: list[Inline] = []
        for line in lines:
            items.extend(self._tags(line.raw, line.number))
        self.out.append(Block(BlockKind.PARAGRAPH, first.number, items))

    # -- section bodies ----------------------------------------------------------------------

    def _body(self, group: _Group) -> None:
        current: Block | None = None  # an open paragraph or list item that may run on
        table = False
        for line in group.lines:
            current, table = self._body_line(line, current, table)
        self._flush_cells()

    def _body_line(
        self, line: _Line, current: Block | None, table: bool
    ) -> tuple[Block | None, bool]:
        text = line.text
        if starts_revision_chrome(text):
            self.in_chrome = True
        provenance = is_provenance_line(text)
        if self.in_chrome and not provenance:
            return None, table
        if is_furniture(text):
            return None, table
        if provenance:
            self._plain(BlockKind.PARAGRAPH, line)
            return None, table
        if self.role is SectionRole.SOURCES:
            return self._source_line(line, current), table
        if self.role is SectionRole.SEE_ALSO:
            self._plain(BlockKind.LIST_ITEM, line)
            return None, table
        raw = line.raw
        if _TABLE_HEADER.match(raw) and ("SMART" in raw or self.role is SectionRole.SMART):
            self.out.append(_plain_block(BlockKind.TABLE_ROW, line, header=True))
            return None, True
        if not table and self.role is SectionRole.SMART and self._header_part(line):
            return None, self.header_done
        if table and not is_framing(text):
            self._table_line(line)
            return None, True
        self._flush_cells()
        if self._grid_line(line):
            return None, False
        return self._flow_line(line, current), False

    def _grid_line(self, line: _Line) -> bool:
        """A line of a table outside the SMART section, its cells apart by tabs or ` | `
        (`Element<TAB>2011<TAB>2019`): the first untagged line is its header; each line a row
        whose last cell holds its tag. False for any other line, which ends the table."""
        stripped = line.stripped
        if "\t" not in stripped and " | " not in stripped:
            self.grid = False  # the common case: no cell separator, no table (one test)
            return False
        parts = [p for p in _TAB.split(stripped.strip("|").strip()) if p]
        if len(parts) < 2 or self.role is SectionRole.SMART or not _CELL_WORD.match(parts[0]):
            self.grid = False  # "•<TAB>a question", "1.<TAB>a source": a list, no table
            return False
        tagged = self._ends_with_tag(line)
        if not self.grid and tagged:
            return False  # a tagged line with a tab is no table until a header opens one
        if not self.grid:
            header: list[list[Inline]] = [[Run(part, line.number)] for part in parts]
            self.out.append(Block(BlockKind.TABLE_ROW, line.number, cells=header, header=True))
            self.grid = True
            return True
        self.out.append(Block(BlockKind.TABLE_ROW, line.number, cells=_tagged_cells(parts, line)))
        return True

    # -- the SMART table ---------------------------------------------------------------------

    def _header_part(self, line: _Line) -> bool:
        """A header whose cells a browser copied one per line: `Goal`, `SMART objective …`,
        `Mechanism`."""
        key = line.text.casefold()
        self.header_done = False
        if key in ("goal", "goals"):
            self.header_parts = [line]
            return True
        if self.header_parts and _HEADER_CELL.match(key):
            self.header_parts.append(line)
            if key.startswith("mechanism"):
                first = self.header_parts[0]
                text = " ".join(part.stripped for part in self.header_parts)
                self.out.append(
                    Block(BlockKind.TABLE_ROW, first.number, [Run(text, first.number)], header=True)
                )
                self.header_parts = []
                self.header_done = True
            return True
        self.header_parts = []
        return False

    def _table_line(self, line: _Line) -> None:
        """One row on one line (run together or tab-separated), or one cell of a row whose
        cells were copied one per line: untagged goal and objective lines wait for the tagged
        mechanism line that ends the row."""
        will = " will " in f" {line.text} "
        if len(self.cells) == 1 and will:
            self.cells.append(line)  # the objective cell: its closing number is its time bound
            return
        if not self._ends_with_tag(line):
            if not self.cells and will:
                self._row([line])  # a whole row without a tag: kept, the builder warns
            elif len(self.cells) < 2:
                self.cells.append(line)
            else:
                self._flush_cells()
                self.cells.append(line)
            return
        self._row([*self.cells, line])
        self.cells = []

    def _flush_cells(self) -> None:
        for cell in self.cells:
            self._row([cell])
        self.cells = []

    def _row(self, lines: list[_Line]) -> None:
        first, last = lines[0], lines[-1]
        cells: list[list[Inline]]
        if len(lines) == 1:
            parts = [p for p in _TAB.split(first.stripped.strip("|").strip()) if p]
            if len(parts) > 3 and _BARE_TAG.fullmatch(parts[-1]):
                parts[-2:] = [f"{parts[-2]} {parts[-1]}"]  # the tag in a column of its own
            if len(parts) < 3:
                self._tagged(BlockKind.TABLE_ROW, first.raw, first.number)
                return
            cells = _tagged_cells(parts, first)
        else:
            cells = [[Run(line.stripped, line.number)] for line in lines[:-1]]
            cells.append(find_text_tags(last.stripped + "\n", last.number))
        self.out.append(Block(BlockKind.TABLE_ROW, first.number, cells=cells))

    def _flow_line(self, line: _Line, current: Block | None) -> Block | None:
        """Bullets, numbered items, labelled blocks and prose; untagged lines run on."""
        raw, number = line.raw, line.number
        bullet = _BULLET.match(raw)
        numbered = numbered_prefix(raw)
        starts_new = bool(bullet or numbered or is_example(line.text) or is_framing(line.text))
        if current is not None and not starts_new:
            current.inlines.extend(self._tags(raw, number))
        elif bullet:
            current = self._tagged(BlockKind.LIST_ITEM, raw[bullet.end() :], number)
        elif numbered:
            current = self._tagged(BlockKind.LIST_ITEM, numbered[1], number, numbered[0])
        else:
            current = self._tagged(BlockKind.PARAGRAPH, raw, number)
        return None if self._ends_with_tag(line) else current

    def _source_line(self, line: _Line, current: Block | None) -> Block | None:
        number = line.number
        prefixed = numbered_prefix(line.raw)
        if prefixed is not None:
            block = Block(
                BlockKind.LIST_ITEM, number, [Run(prefixed[1], number)], number=prefixed[0]
            )
            self.out.append(block)
            return block
        if current is not None:  # a wrapped entry
            current.inlines.append(Run(" " + line.raw, number))
            return current
        self._plain(BlockKind.PARAGRAPH, line)
        return None

    # -- block makers ------------------------------------------------------------------------

    def _plain(self, kind: BlockKind, line: _Line) -> None:
        self.out.append(_plain_block(kind, line))

    def _tagged(self, kind: BlockKind, text: str, number: int, item: int | None = None) -> Block:
        block = Block(kind, number, self._tags(text, number), number=item)
        self.out.append(block)
        return block


def _tagged_cells(parts: list[str], line: _Line) -> list[list[Inline]]:
    """A row's cells on one line, its tag in the last."""
    cells: list[list[Inline]] = [[Run(part, line.number)] for part in parts[:-1]]
    cells.append(find_text_tags(parts[-1] + "\n", line.number))
    return cells


def _plain_block(kind: BlockKind, line: _Line, *, level: int = 0, header: bool = False) -> Block:
    """A block of one untagged line, its text as written but stripped."""
    return Block(kind, line.number, [Run(line.stripped, line.number)], level=level, header=header)


def _heading_like(line: _Line) -> bool:
    """A short line that reads as a heading: no terminal punctuation, not a list entry."""
    stripped = line.stripped
    return (
        0 < len(stripped) <= 80
        and len(stripped.split()) <= 10
        and not stripped.endswith((".", ",", ";", ":", "!", "…"))
        and (stripped[0].isupper() or stripped[0].isdigit())
        and not _BULLET.match(stripped)
        and numbered_prefix(stripped) is None
        and parse_type_line(line.text) is None
        and not is_furniture(line.text)
        and not is_provenance_line(line.text)
        and not _TABLE_HEADER.match(stripped)
    )
