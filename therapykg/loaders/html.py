"""HTML reader: a wiki page's HTML → neutral blocks → `Article`.

BeautifulSoup (with Python's forgiving html.parser, which records source lines) parses the page;
this module walks the element tree. `<h1>` is the title, `<h2>` a section, deeper headings
sub-headings; `<p>`, `<li>`, `<tr>`, `<dt>`/`<dd>` and `<img alt>` become blocks; other containers
are walked through, and bare text inside them becomes a paragraph. A citation is `<sup>n</sup>`
(several in a row cite several sources; `<sup>2,3</sup>` too); the LLM tag is any element whose
whole text is `LLM`, such as `<span class="tag llm">LLM</span>` or `<sup>LLM</sup>`.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, Tag

from therapykg.errors import ArticleError
from therapykg.loaders.model import Article
from therapykg.loaders.segment import (
    Block,
    BlockKind,
    Inline,
    Run,
    TagMark,
    build_article,
    last_line,
)

_SKIP = frozenset(
    {"head", "script", "style", "template", "noscript", "svg", "math", "button", "form", "iframe"}
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_PARAGRAPHS = frozenset({"p", "figcaption", "summary", "address", "caption", "pre"})
_LISTS = frozenset({"ul", "ol", "menu"})
_BREAKS = frozenset({"br", "hr"})
_BLOCKS = frozenset(
    {*_HEADINGS, *_PARAGRAPHS, *_LISTS, "dl", "table", "img", "li", "tr", "dt", "dd", "hr"}
)
_CONTAINERS = frozenset(
    {
        "html", "body", "main", "article", "section", "div", "header", "footer", "aside", "nav",
        "figure", "blockquote", "details", "center", "fieldset", "thead", "tbody", "tfoot",
    }
)  # fmt: skip
_CITATION = re.compile(r"[\s\[\](),;]*\d{1,3}(?:[\s\[\](),;]+\d{1,3})*[\s\[\](),;]*")
_LLM_TEXT = frozenset({"LLM", "(LLM)", "[LLM]"})
MAX_DEPTH = 200  # deeper elements are read as inline content, which is walked without recursion


def read_html(path: str, text: str) -> Article:
    """Read decoded HTML (newlines normalised to LF) into an Article."""
    try:
        with warnings.catch_warnings():
            # "looks like a URL / a filename / XML": advice for interactive use, not our case
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(text, "html.parser")
    except Exception as err:  # the parser's own failures on malformed markup
        raise ArticleError(path, f"cannot be parsed as HTML: {err}", expected="HTML") from None
    walker = _Walker()
    walker.container(soup, 0)
    return build_article(path, "html", walker.blocks, last_line=last_line(text))


def _line(element: Any, default: int) -> int:
    line = getattr(element, "sourceline", None)
    return line if isinstance(line, int) else default


def _is_text(node: Any) -> bool:
    """Plain text, not a comment, doctype, CDATA or processing instruction."""
    return type(node) is NavigableString


def _tag_mark(element: Tag, line: int) -> TagMark | None:
    """A citation `<sup>n</sup>` or an element whose whole text is the LLM tag."""
    text = _short_text(element)
    if text is None:
        return None
    if text.strip() in _LLM_TEXT:
        return TagMark(text.strip(), line, llm=True)
    if element.name == "sup" and _CITATION.fullmatch(text):
        numbers = tuple(re.findall(r"\d+", text))
        return TagMark(f"<sup>{text.strip()}</sup>", line, numbers=numbers, split_digits=True)
    return None


def _short_text(element: Tag, limit: int = 24) -> str | None:
    """The element's text if it is short (a tag is), else None; stops early, so that checking
    every element of a deeply nested page stays linear."""
    parts: list[str] = []
    stack: list[Any] = [element]
    visited = 0
    while stack:
        node = stack.pop()
        visited += 1
        if visited > 8:
            return None
        if isinstance(node, Tag):
            stack.extend(reversed(node.contents))
        elif _is_text(node):
            parts.append(str(node))
            if sum(map(len, parts)) > limit:
                return None
    return "".join(parts)


@dataclass(slots=True)
class _Inline:
    """Collects the runs and tag marks of one block, tracking the source line."""

    line: int
    items: list[Inline] = field(default_factory=list)
    images: list[tuple[str, int]] = field(default_factory=list)

    def text(self, text: str) -> None:
        self.items.append(Run(text, self.line))
        self.line += text.count("\n")

    def children(self, element: Tag) -> None:
        """Collect all under `element` iteratively, so nesting depth cannot exhaust the stack."""
        stack = [iter(element.children)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
            elif _is_text(child):
                self.text(str(child))
            elif isinstance(child, Tag) and not self._leaf(child):
                if child.name in _BLOCKS or child.name in _CONTAINERS:
                    self.items.append(Run(" ", self.line))
                stack.append(iter(child.children))

    def _leaf(self, element: Tag) -> bool:
        """Handle an element that is read whole (a tag mark, image, break, skipped element)."""
        self.line = _line(element, self.line)
        name = element.name
        if name in _SKIP:
            return True
        if name == "img":
            alt = element.get("alt")
            if isinstance(alt, str) and alt.strip():
                self.images.append((alt, self.line))
            return True
        if name in _BREAKS:
            self.items.append(Run("\n", self.line))
            return True
        mark = _tag_mark(element, self.line)
        if mark is not None:
            self.items.append(mark)
            self.line += (_short_text(element) or "").count("\n")
            return True
        return False


@dataclass(slots=True)
class _Walker:
    blocks: list[Block] = field(default_factory=list)

    def container(self, element: Tag, depth: int) -> None:
        """Walk a container's children: blocks become blocks, loose inline content a paragraph."""
        loose: _Inline | None = None
        for child in element.children:
            if _is_text(child) or (isinstance(child, Tag) and self._is_inline(child, depth)):
                if loose is None:
                    loose = _Inline(_line(child, _line(element, 0)))
                if isinstance(child, Tag) and not loose._leaf(child):
                    loose.children(child)
                elif not isinstance(child, Tag):
                    loose.text(str(child))
                continue
            self._flush(loose)
            loose = None
            if isinstance(child, Tag):
                self.block(child, depth + 1)
        self._flush(loose)

    @staticmethod
    def _is_inline(child: Tag, depth: int) -> bool:
        name = child.name
        return depth >= MAX_DEPTH or not (
            name in _BLOCKS or name in _CONTAINERS or name in _SKIP or name == "br"
        )

    def _flush(self, loose: _Inline | None) -> None:
        if loose is not None and any(isinstance(i, TagMark) or i.text.strip() for i in loose.items):
            line = _content_line(loose.items, loose.line)
            self.blocks.append(Block(BlockKind.PARAGRAPH, line, loose.items))

    def block(self, element: Tag, depth: int) -> None:
        name = element.name
        if name in _SKIP or name in _BREAKS:
            return
        if name in _HEADINGS:
            self._emit(BlockKind.HEADING, element, level=_HEADINGS[name])
        elif name in _PARAGRAPHS:
            self._emit(BlockKind.PARAGRAPH, element)
        elif name == "img":
            alt = element.get("alt")
            if isinstance(alt, str) and alt.strip():
                line = _line(element, 0)
                self.blocks.append(Block(BlockKind.IMAGE, line, [Run(alt, line)]))
        elif name in _LISTS:
            self._list(element, depth)
        elif name == "li":
            self._emit(BlockKind.LIST_ITEM, element)
        elif name == "dl":
            self._definitions(element)
        elif name == "table":
            self._table(element)
        elif name == "tr":
            self._row(element, header=False)
        else:  # containers, and dt/dd outside a <dl>
            self.container(element, depth)

    def _emit(
        self, kind: BlockKind, element: Tag, level: int = 0, number: int | None = None
    ) -> None:
        collected = _Inline(_line(element, 0))
        collected.children(element)
        for alt, line in collected.images:
            self.blocks.append(Block(BlockKind.IMAGE, line, [Run(alt, line)]))
        line = _content_line(collected.items, _line(element, 0))
        self.blocks.append(Block(kind, line, collected.items, level=level, number=number))

    def _list(self, element: Tag, depth: int) -> None:
        ordered = element.name == "ol"
        start = element.get("start")
        number = int(start) if isinstance(start, str) and start.strip().isdigit() else 1
        for child in element.children:
            if not isinstance(child, Tag) or child.name != "li":
                continue
            value = child.get("value")
            if isinstance(value, str) and value.strip().isdigit():
                number = int(value)
            nested = list(child.find_all(list(_LISTS), recursive=False))
            if depth >= MAX_DEPTH:
                nested = []  # read as part of the item: no unbounded recursion
            for sub in nested:
                sub.extract()
            self._emit(BlockKind.LIST_ITEM, child, number=number if ordered else None)
            for sub in nested:
                self._list(sub, depth + 1)
            number += 1

    def _definitions(self, element: Tag) -> None:
        """`<dt>Term</dt><dd>definition</dd>` → one `Term: definition` paragraph per pair."""
        term: _Inline | None = None
        for child in element.find_all(["dt", "dd"]):
            if child.name == "dt":
                term = _Inline(_line(child, 0))
                term.children(child)
                continue
            collected = term or _Inline(_line(child, 0))
            if term is not None and not _ends_with_colon(term.items):
                collected.items.append(Run(":", collected.line))
            collected.items.append(Run(" ", collected.line))
            collected.line = _line(child, collected.line)
            collected.children(child)
            line = _content_line(collected.items, _line(child, 0))
            self.blocks.append(Block(BlockKind.PARAGRAPH, line, collected.items))
            term = None

    def _table(self, element: Tag) -> None:
        for row in element.find_all("tr"):
            in_head = row.find_parent("thead") is not None
            header = in_head or not row.find("td")
            self._row(row, header=header)

    def _row(self, row: Tag, header: bool) -> None:
        cells: list[list[Inline]] = []
        for cell in row.find_all(["td", "th"], recursive=False):
            collected = _Inline(_line(cell, _line(row, 0)))
            collected.children(cell)
            cells.append(collected.items)
        if cells:
            line = _line(row, 0)
            self.blocks.append(Block(BlockKind.TABLE_ROW, line, cells=cells, header=header))


def _ends_with_colon(items: list[Inline]) -> bool:
    text = "".join(i.text for i in items if isinstance(i, Run)).rstrip()
    return text.endswith(":")


def _content_line(items: list[Inline], default: int) -> int:
    """The line of a block's first visible character (a <p> tag may sit on the line before)."""
    for item in items:
        if isinstance(item, TagMark):
            return item.line
        stripped = item.text.lstrip()
        if stripped:
            return item.line + item.text[: len(item.text) - len(stripped)].count("\n")
    return default
