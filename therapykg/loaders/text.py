"""Plain-text reader: a browser's copy of a wiki page → neutral blocks → `Article`.

Plain text has no markup, so this reader recognises structure from lines: a heading is a short line
on its own between blank lines (or one of the known headings, anywhere), bullets start with `•`,
Sources entries with `1.`, the SMART table is the `Goal SMART objective (example) Mechanism` header
and the lines after it. Lines that end without a tag run on into the next line (hard-wrapped
prose); a line that ends with a tag ends its paragraph. Tags are found by `segment.find_text_tags`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from therapykg.loaders.model import Article
from therapykg.loaders.segment import (
    Block,
    BlockKind,
    Inline,
    Run,
    SectionRole,
    build_article,
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
_UPVOTES = re.compile(r"^\s*\d+\s+upvotes?\s*$", re.IGNORECASE)
_CLOSED = (SectionRole.SOURCES, SectionRole.SEE_ALSO, SectionRole.RESOURCES)


def read_text(path: str, text: str) -> Article:
    """Read decoded plain text (newlines normalised to LF) into an Article."""
    lines = text.split("\n")
    reader = _TextReader(lines, 3 if _count_sources(lines) >= 100 else 2)
    return build_article(path, "text", reader.blocks(), last_line=last_line(text))


def _count_sources(lines: list[str]) -> int:
    """How many numbered entries follow the last 'Sources' line (to allow 3-digit tags)."""
    start = max((i for i, line in enumerate(lines) if line.strip() == "Sources"), default=None)
    if start is None:
        return 0
    return sum(1 for line in lines[start + 1 :] if numbered_prefix(line))


@dataclass(slots=True)
class _Group:
    """Consecutive non-blank lines; `start` is the 0-based index of the first."""

    start: int
    lines: list[str] = field(default_factory=list)


def _groups(lines: list[str]) -> list[_Group]:
    """Blank-line separated groups; a known heading always stands in a group of its own."""
    groups: list[_Group] = []
    current: _Group | None = None
    for i, line in enumerate(lines):
        if not line.strip():
            current = None
        elif is_known_heading(line):
            groups.append(_Group(i, [line]))
            current = None
        else:
            if current is None:
                current = _Group(i)
                groups.append(current)
            current.lines.append(line)
    return groups


class _TextReader:
    def __init__(self, lines: list[str], max_digits: int) -> None:
        self.lines = lines
        self.max_digits = max_digits
        self.out: list[Block] = []
        self.has_title = False
        self.in_section = False
        self.role = SectionRole.PROSE
        self.in_chrome = False

    def blocks(self) -> list[Block]:
        for group in _groups(self.lines):
            if self._heading(group):
                continue
            if not self.has_title and not self.in_section:
                self._header(group)
            elif not self.in_section:
                self._preamble(group)
            else:
                self._body(group)
        return self.out

    # -- headings ----------------------------------------------------------------------------

    def _heading(self, group: _Group) -> bool:
        if len(group.lines) != 1:
            return False
        line = group.lines[0].strip()
        known = is_known_heading(line)
        if not known and (self.role in _CLOSED or self.in_chrome or not _heading_like(line)):
            return False
        if ends_with_tag(line, self.max_digits):
            return False
        if not self.has_title and not self.in_section and not known:
            if is_site_name(line):
                return False
            self.has_title = True
            self.out.append(
                Block(BlockKind.HEADING, group.start + 1, [Run(line, group.start + 1)], level=1)
            )
            return True
        self.in_section = True
        self.in_chrome = False
        self.role = section_role(line)
        self.out.append(
            Block(BlockKind.HEADING, group.start + 1, [Run(line, group.start + 1)], level=2)
        )
        return True

    # -- before the title and between title and first section --------------------------------

    def _header(self, group: _Group) -> None:
        """Lines before the title: site name, banner, type line; a title may close the group."""
        for i, line in enumerate(group.lines):
            number = group.start + i + 1
            if is_furniture(line):
                continue
            if not self.has_title and self._title_like(line):
                self.has_title = True
                self.out.append(
                    Block(BlockKind.HEADING, number, [Run(line.strip(), number)], level=1)
                )
            elif parse_type_line(line):
                self._plain(BlockKind.PARAGRAPH, line, number)
            else:
                self._tagged(BlockKind.PARAGRAPH, line, number)

    def _title_like(self, line: str) -> bool:
        line = line.strip()
        return (
            _heading_like(line)
            and not is_site_name(line)
            and not is_known_heading(line)
            and not ends_with_tag(line, self.max_digits)
        )

    def _preamble(self, group: _Group) -> None:
        """Lead paragraphs and the figure: after `0 upvotes`, or as the last two lines of a group
        ending in a tagged caption, an untagged line is the image's alt text."""
        lines = [(group.start + i + 1, line) for i, line in enumerate(group.lines)]
        upvotes = next((k for k, (_, line) in enumerate(lines) if _UPVOTES.match(line)), None)
        kept = [(n, line) for n, line in lines if not is_furniture(line)]
        tagged_last = bool(kept) and ends_with_tag(kept[-1][1], self.max_digits)
        if upvotes is not None:
            before = [(n, s) for n, s in lines[:upvotes] if not is_furniture(s)]
            after = [(n, s) for n, s in lines[upvotes + 1 :] if not is_furniture(s)]
            self._paragraph(before)
            self._figure(after)
        elif len(kept) >= 2 and tagged_last and not ends_with_tag(kept[-2][1], self.max_digits):
            self._paragraph(kept[:-2])
            self._figure(kept[-2:])
        else:
            self._paragraph(kept)

    def _figure(self, lines: list[tuple[int, str]]) -> None:
        if not lines:
            return
        number, alt = lines[0]
        if ends_with_tag(alt, self.max_digits):
            self._paragraph(lines)
            return
        self.out.append(Block(BlockKind.IMAGE, number, [Run(alt.strip(), number)]))
        self._paragraph(lines[1:])

    def _paragraph(self, lines: list[tuple[int, str]]) -> None:
        if not lines:
            return
        if len(lines) == 1 and (is_provenance_line(lines[0][1]) or parse_type_line(lines[0][1])):
            self._plain(BlockKind.PARAGRAPH, lines[0][1], lines[0][0])
            return
        items: list[Inline] = []
        for number, line in lines:
            items.extend(find_text_tags(line + "\n", number, self.max_digits))
        self.out.append(Block(BlockKind.PARAGRAPH, lines[0][0], items))

    # -- section bodies ----------------------------------------------------------------------

    def _body(self, group: _Group) -> None:
        current: Block | None = None  # an open paragraph or list item that may run on
        table = False
        for i, line in enumerate(group.lines):
            number = group.start + i + 1
            current, table = self._body_line(line, number, current, table)

    def _body_line(
        self, line: str, number: int, current: Block | None, table: bool
    ) -> tuple[Block | None, bool]:
        if starts_revision_chrome(line):
            self.in_chrome = True
        if self.in_chrome and not is_provenance_line(line):
            return None, table
        if is_furniture(line):
            return None, table
        if is_provenance_line(line):
            self._plain(BlockKind.PARAGRAPH, line, number)
            return None, table
        if self.role is SectionRole.SOURCES:
            return self._source_line(line, number, current), table
        if self.role is SectionRole.SEE_ALSO:
            self._plain(BlockKind.LIST_ITEM, line, number)
            return None, table
        if _TABLE_HEADER.match(line) and ("SMART" in line or self.role is SectionRole.SMART):
            self.out.append(
                Block(BlockKind.TABLE_ROW, number, [Run(line.strip(), number)], header=True)
            )
            return None, True
        if table and not is_framing(line):
            self._tagged(BlockKind.TABLE_ROW, line, number)
            return None, True
        return self._flow_line(line, number, current), False

    def _flow_line(self, line: str, number: int, current: Block | None) -> Block | None:
        """Bullets, numbered items, labelled blocks and prose; untagged lines run on."""
        bullet = _BULLET.match(line)
        numbered = numbered_prefix(line)
        starts_new = bool(bullet or numbered or is_example(line) or is_framing(line))
        if current is not None and not starts_new:
            current.inlines.extend(find_text_tags(line + "\n", number, self.max_digits))
        elif bullet:
            current = self._tagged(BlockKind.LIST_ITEM, line[bullet.end() :], number)
        elif numbered:
            current = self._tagged(BlockKind.LIST_ITEM, numbered[1], number, numbered[0])
        else:
            current = self._tagged(BlockKind.PARAGRAPH, line, number)
        return None if ends_with_tag(line, self.max_digits) else current

    def _source_line(self, line: str, number: int, current: Block | None) -> Block | None:
        prefixed = numbered_prefix(line)
        if prefixed is not None:
            block = Block(
                BlockKind.LIST_ITEM, number, [Run(prefixed[1], number)], number=prefixed[0]
            )
            self.out.append(block)
            return block
        if current is not None:  # a wrapped entry
            current.inlines.append(Run(" " + line, number))
            return current
        self._plain(BlockKind.PARAGRAPH, line, number)
        return None

    # -- block makers ------------------------------------------------------------------------

    def _plain(self, kind: BlockKind, text: str, number: int) -> None:
        self.out.append(Block(kind, number, [Run(text.strip(), number)]))

    def _tagged(self, kind: BlockKind, text: str, number: int, item: int | None = None) -> Block:
        block = Block(
            kind, number, find_text_tags(text + "\n", number, self.max_digits), number=item
        )
        self.out.append(block)
        return block


def _heading_like(line: str) -> bool:
    """A short line that reads as a heading: no terminal punctuation, not a list entry."""
    return (
        0 < len(line) <= 80
        and len(line.split()) <= 10
        and not line.endswith((".", ",", ";", ":", "!", "…"))
        and (line[0].isupper() or line[0].isdigit())
        and not _BULLET.match(line)
        and numbered_prefix(line) is None
        and parse_type_line(line) is None
        and not is_furniture(line)
        and not is_provenance_line(line)
        and not _TABLE_HEADER.match(line)
    )
