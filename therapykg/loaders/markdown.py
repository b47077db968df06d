"""Markdown reader: CommonMark (+ pipe tables) → neutral blocks → `Article`.

markdown-it-py parses the file; this module walks its tokens. `#` is the title, `##` a section,
deeper headings sub-headings. Tags are `[n]` (several in a row, `[2][7]`, cite several sources),
`` `LLM` `` (inline code), `(LLM)`, `<sup>n</sup>`, and the plain text's bare trailing `1`, `23`,
`LLM` (found by `segment.find_plain_markers`, confirmed against the Sources list by the builder)
in paragraphs, list items, blockquotes and a table row's last cell; never in headings, Sources or
See also; the footnote forms `[^1]`, `[^LLM]`, with the Sources as footnote definitions
(`[^1]: …`). A YAML front-matter block is skipped. Emphasis markers are dropped, link text kept;
an image paragraph is the figure. Line numbers come from the token maps, plus one per soft line
break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from therapykg.loaders.formats import ArticleFormat
from therapykg.loaders.model import Article
from therapykg.loaders.segment import (
    Block,
    BlockKind,
    Inline,
    Run,
    SectionRole,
    TagMark,
    build_article,
    citation_numbers,
    clean,
    find_explicit_markers,
    find_plain_markers,
    inline_text,
    is_known_heading,
    last_line,
    mark_last_cell,
    section_role,
    visible,
)

_NO_MARKERS = (SectionRole.SOURCES, SectionRole.SEE_ALSO)


def read_markdown(path: str, text: str) -> Article:
    """Read decoded Markdown (newlines normalised to LF) into an Article."""
    parser = MarkdownIt("commonmark").enable("table")
    walker = _Walker()
    walker.walk(parser.parse(_without_front_matter(text)))
    return build_article(path, ArticleFormat.MARKDOWN, walker.blocks, last_line=last_line(text))


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:(?!---|\.\.\.)[^\n]*\n){0,200}?(?:---|\.\.\.)[ \t]*\n")


_FRONT_TITLE = re.compile(r"^title:[ \t]*[\"']?(?P<title>[^\"'\n]+?)[\"']?[ \t]*$", re.MULTILINE)
_H1 = re.compile(r"^#[ \t]+\S", re.MULTILINE)


def _without_front_matter(text: str) -> str:
    """A YAML front-matter block (`---` … `---` at the very start, as note apps and static site
    generators export) blanked line for line, so that it is no heading and line numbers stay;
    its `title:` becomes the title when the body has no `# Title` of its own."""
    found = _FRONT_MATTER.match(text)
    if found is None:
        return text
    blank = "\n" * found.group().count("\n")
    body = text[found.end() :]
    title = _FRONT_TITLE.search(found.group())
    if title is not None and not _H1.search(body):  # the title only in the front matter
        blank = f"# {title['title'].strip()}" + blank
    return blank + body


def inline_items(token: Token, line: int, *, plain: bool = False) -> list[Inline]:
    """An inline token's children → runs and tag marks, counting soft breaks as new lines;
    `plain`: find the bare trailing markers too."""
    items: list[Inline] = []
    open_html: list[tuple[str, int]] = []  # inline HTML elements: name, where their text starts
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            items.append(Run("\n", line))
            line += 1
        elif child.type == "code_inline":
            if child.content.strip() == "LLM":
                items.append(TagMark(child.markup + "LLM" + child.markup, line, llm=True))
            else:
                items.append(Run(child.content, line))
        elif child.type == "text":
            items.extend(text_tags(visible(child.content), line))
        elif child.type == "image":
            items.append(Run(plain_text(child), line))
        elif child.type == "html_inline":
            _html_inline(child.content, items, open_html, line)
    merged = _merge_runs(items)
    return find_plain_markers(merged) if plain else merged


_FIRST_TAG = re.compile(r"\s*<(?P<name>[A-Za-z][\w-]*)")
_CALLOUT_TAGS = frozenset({"aside", "details", "summary", "div", "p", "blockquote", "section"})
_TASK_BOX = re.compile(r"\[[ xX]\]\s+")
# A callout's icon before its text: "💡 LLM-generated illustrative example …", "⚠️ …"
_CALLOUT_ICON = re.compile(r"^[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]+\s*")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^>]*?(/?)>")
# "1", "2,3", "7 8", "4; 5", "1–3"
_CITATION = re.compile(r"\s*\d{1,3}(?:(?:\s*[,;]\s*|\s+|\s*[–-]\s*)\d{1,3})*\s*")


def _html_inline(
    markup: str, items: list[Inline], open_html: list[tuple[str, int]], line: int
) -> None:
    """Inline HTML in Markdown: `<sup>1</sup>` cites, an element reading `LLM` is the LLM tag."""
    found = _HTML_TAG.match(markup)
    if found is None:
        return
    closing, name, self_closing = found.group(1), found.group(2).casefold(), found.group(3)
    if name == "br":
        items.append(Run(" ", line))
    elif not closing and not self_closing:
        open_html.append((name, len(items)))
    elif closing and open_html and open_html[-1][0] == name:
        _, start = open_html.pop()
        inner = items[start:]
        if not all(isinstance(i, Run) or i.plain for i in inner):
            return  # a bracketed tag inside: already read
        # the text as written: a bare "7 8" inside may have been taken for plain-marker candidates
        text = "".join(i.text if isinstance(i, Run) else i.written for i in inner)
        if text.strip() == "LLM":
            items[start:] = [TagMark(f"<{name}>LLM</{name}>", line, llm=True)]
        elif name == "sup" and _CITATION.fullmatch(text):
            numbers = citation_numbers(text)
            items[start:] = [
                TagMark(f"<sup>{text.strip()}</sup>", line, numbers=numbers, split_digits=True)
            ]


def plain_text(token: Token) -> str:
    """The visible text of an inline token (an image's alt text), without markup."""
    return "".join(
        c.content if c.type in ("text", "code_inline") else plain_text(c) if c.children else ""
        for c in token.children or []
    )


def text_tags(text: str, line: int) -> list[Inline]:
    """Find `[n]`, `(LLM)` and `[LLM]` in a Markdown text run."""
    return find_explicit_markers(text, line)


def _merge_runs(items: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for item in items:
        last = merged[-1] if merged else None
        if isinstance(item, Run) and isinstance(last, Run) and "\n" not in last.text:
            merged[-1] = Run(last.text + item.text, last.line)
        elif not (isinstance(item, Run) and not item.text):
            merged.append(item)
    return merged


def _bold_heading(token: Token) -> str | None:
    """A paragraph that is one bold (or bold italic) phrase naming a usual section, as an editor
    without heading styles writes one (`**Core Principles**`): its text, else None."""
    children = [c for c in token.children or [] if c.type != "text" or c.content.strip()]
    ends = (children[0].type, children[-1].type) if children else ()
    if len(children) < 3 or ends != ("strong_open", "strong_close"):
        return None
    if any(c.type not in ("text", "em_open", "em_close") for c in children[1:-1]):
        return None
    text = clean("".join(c.content for c in children[1:-1]))
    if not text or len(text) > 80:
        return None
    known = is_known_heading(text) or section_role(text) is not SectionRole.PROSE
    return text if known else None


def _image_only(token: Token) -> Token | None:
    """The image of a paragraph that holds nothing else (the figure)."""
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image":
        return children[0]
    return None


def _leading_image(token: Token) -> tuple[Token, Token] | None:
    """A paragraph that opens with an image on a line of its own and goes on below it (the
    figure and its caption): the image, and the paragraph's inline token without that line."""
    children = list(token.children or [])
    if len(children) < 3 or children[0].type != "image":
        return None
    if children[1].type not in ("softbreak", "hardbreak"):
        return None
    rest = token.copy()
    rest.children = children[2:]
    rest.content = token.content.split("\n", 1)[-1]
    return children[0], rest


@dataclass(slots=True)
class _Row:
    line: int
    header: bool
    cells: list[list[Inline]] = field(default_factory=list)


@dataclass(slots=True)
class _Walker:
    """Walks the token stream, keeping the open list items and table row."""

    blocks: list[Block] = field(default_factory=list)
    items: list[Block] = field(default_factory=list)  # open list items, innermost last
    lists: list[int | None] = field(default_factory=list)  # open lists: next number or None
    row: _Row | None = None
    in_head: bool = False
    skip_inline: bool = False
    plain: bool = True  # whether bare trailing markers are looked for (not in Sources, See also)

    def walk(self, tokens: list[Token]) -> None:
        for index, token in enumerate(tokens):
            handler = getattr(self, "_" + token.type, None)
            if handler is not None:
                handler(token, tokens, index)

    @staticmethod
    def _line(token: Token) -> int:
        return token.map[0] + 1 if token.map else 0

    def _heading_open(self, token: Token, tokens: list[Token], index: int) -> None:
        level = int(token.tag[1])
        line = self._line(token)
        items = inline_items(tokens[index + 1], line)
        if level <= 2:
            self.plain = section_role(inline_text(items)) not in _NO_MARKERS
        self.blocks.append(Block(BlockKind.HEADING, line, items, level=level))

    def _inline(self, token: Token, tokens: list[Token], index: int) -> None:
        previous = tokens[index - 1].type if index else ""
        if previous == "heading_open":
            return
        line = self._line(token)
        if self.row is not None:
            self.row.cells.append(inline_items(token, line))
            return
        image = _image_only(token)
        if image is not None and not self.items:
            alt = Run(plain_text(image), line)
            self.blocks.append(Block(BlockKind.IMAGE, line, [alt]))
            return
        bold = None if self.items else _bold_heading(token)
        if bold is not None:  # "**Core Principles**" on a line of its own
            self.plain = section_role(bold) not in _NO_MARKERS
            self.blocks.append(Block(BlockKind.HEADING, line, [Run(bold, line)], level=2))
            return
        split = None if self.items else _leading_image(token)
        if split is not None:  # `![alt](…)` with its caption on the next line: one paragraph
            image, token = split
            self.blocks.append(Block(BlockKind.IMAGE, line, [Run(plain_text(image), line)]))
            line += 1
        items = inline_items(token, line, plain=self.plain)
        if self.items:
            item = self.items[-1]
            if item.inlines:
                item.inlines.append(Run("\n", line))
            elif items and isinstance(items[0], Run):
                box = _TASK_BOX.match(items[0].text)
                if box is not None:  # a task list's box ("- [ ] Which …?"): no part of the item
                    items = [Run(items[0].text[box.end() :], items[0].line), *items[1:]]
            item.inlines.extend(items)
            return
        self.blocks.append(Block(BlockKind.PARAGRAPH, line, items))

    def _html_block(self, token: Token, tokens: list[Token], index: int) -> None:
        """Text inside a block of HTML (a notes app's `<aside>` callout, a `<details>` toggle):
        read as a paragraph, the callout's icon left out; the tags themselves are no text."""
        line = self._line(token)
        opening = _FIRST_TAG.match(token.content)
        if opening is None or opening["name"].casefold() not in _CALLOUT_TAGS:
            return  # a table, a script, a comment …: not a callout's text
        text = _HTML_TAG.sub("", token.content)
        if not text.strip():
            return
        lead = len(text) - len(text.lstrip())
        line += text.count("\n", 0, lead)
        body = _CALLOUT_ICON.sub("", text.strip())
        items = _merge_runs(text_tags(visible(body), line))
        items = find_plain_markers(items) if self.plain else items
        self.blocks.append(Block(BlockKind.PARAGRAPH, line, items))

    def _bullet_list_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self.lists.append(None)

    def _ordered_list_open(self, token: Token, tokens: list[Token], index: int) -> None:
        start = token.attrGet("start")
        self.lists.append(
            int(start) if isinstance(start, int | str) and str(start).isdigit() else 1
        )

    def _bullet_list_close(self, token: Token, tokens: list[Token], index: int) -> None:
        if self.lists:
            self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Token, tokens: list[Token], index: int) -> None:
        number: int | None = None
        if self.lists and self.lists[-1] is not None:
            number = int(token.info) if token.info.isdigit() else self.lists[-1]
            self.lists[-1] = number + 1
        block = Block(BlockKind.LIST_ITEM, self._line(token), number=number)
        self.blocks.append(block)
        self.items.append(block)

    def _list_item_close(self, token: Token, tokens: list[Token], index: int) -> None:
        if self.items:
            self.items.pop()

    def _thead_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self.in_head = True

    def _thead_close(self, token: Token, tokens: list[Token], index: int) -> None:
        self.in_head = False

    def _tr_open(self, token: Token, tokens: list[Token], index: int) -> None:
        self.row = _Row(self._line(token), self.in_head)

    def _tr_close(self, token: Token, tokens: list[Token], index: int) -> None:
        if self.row is not None:
            row = self.row
            if not row.header and self.plain:
                mark_last_cell(row.cells)
            block = Block(BlockKind.TABLE_ROW, row.line, cells=row.cells, header=row.header)
            self.blocks.append(block)
        self.row = None
