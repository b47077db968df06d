"""HTML reader: a wiki page's HTML → neutral blocks → `Article`.

BeautifulSoup (with Python's forgiving html.parser, which records source lines) parses the page;
this module walks the element tree. `<h1>` is the title, `<h2>` a section, deeper headings
sub-headings; `<p>`, `<li>`, `<tr>`, `<dt>`/`<dd>` and `<img alt>` become blocks; other containers
are walked through, and bare text inside them becomes a paragraph. A citation is `<sup>n</sup>`
(several in a row cite several sources; `<sup>2,3</sup>`, `<sup>[1]</sup>`, `<sup><a>1</a></sup>`
too), `[n]` in the text, or any element whose whole text is a bracketed or bare number
(`<span class="cite">23</span>`, `<a href="#ref-2">[2]</a>`); the LLM tag is any element whose
whole text is `LLM` or `(LLM)`, such as `<span class="tag llm">LLM</span>` or `<code>LLM</code>`,
or `(LLM)` in the text. The plain text's bare trailing `1`, `23`, `LLM` are found as in the other
formats (`segment.find_plain_markers`) in paragraphs, list items and a row's last cell. A bare
number is only a candidate, confirmed against the Sources list by the builder.

A page saved from a browser carries chrome: navigation, site header and footer, cookie banners,
sidebars, scripts. Only the page's main content is read (`<main>`, else `<article>`, holding the
title and the Sources heading), and chrome inside it (`<nav>`, `<aside>`, hidden elements, ARIA
landmarks other than main, cookie/consent/sidebar/share/comment boxes) is skipped.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, Tag

from therapykg.errors import ArticleError
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

_SKIP = frozenset(
    {
        "head", "script", "style", "template", "noscript", "svg", "math", "button", "form",
        "iframe", "nav", "dialog", "select", "input", "textarea", "label", "canvas",
        "video", "audio", "object", "embed",
    }
)  # fmt: skip
_CHROME_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
     "menu", "menubar", "toolbar", "alert"}
)  # fmt: skip
_CHROME_NAMES = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|gdpr|sidebar|side-bar|breadcrumbs?|newsletter|share|sharing"
    r"|social|comments?|advert\w*|ads|promo|toolbar|navbar|nav|menu|skip-link|site-header"
    r"|site-footer|page-header|page-footer|masthead|subscribe|modal|popup|overlay|toc"
    r"|backlink)(?:$|[\s_-])",  # a reference list's "^ a b" links back to the citing sentences
    re.I,
)
_COMMENT_ID = re.compile(r"cmnt(?:_ref)?\d+|comment-?\d+|cmt\d+")  # Google Docs, word processors
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_NO_MARKERS = (SectionRole.SOURCES, SectionRole.SEE_ALSO)
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
_CITATION = re.compile(r"[\s\[\](),;]*\d{1,3}(?:(?:[\s\[\](),;]+|\s*[–-]\s*)\d{1,3})*[\s\[\](),;]*")
_BRACKETED = re.compile(r"\s*(?:\[\s*\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\s*\]\s*)+")
_BARE_NUMBER = re.compile(r"\s*\d{1,3}\s*")
_LLM_TEXT = frozenset({"LLM", "(LLM)", "[LLM]", "`LLM`"})
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
    root, outside = _content_root(soup)
    walker.container(root, 0)
    for element in outside:
        walker.block(element, 1)
    return build_article(path, ArticleFormat.HTML, walker.blocks, last_line=last_line(text))


def _content_root(soup: BeautifulSoup) -> tuple[Tag | BeautifulSoup, list[Tag]]:
    """The page's main content: the outermost `<main>` (or `role="main"`), else `<article>`,
    that holds both the title and the Sources heading; else the whole page. And the provenance
    lines outside it (a page footer's). One walk over the tree: bs4's searches are slow."""
    mains: list[Tag] = []
    articles: list[Tag] = []
    provenance: list[Tag] = []
    for node in soup.descendants:
        if isinstance(node, Tag):
            if node.name == "main" or node.get("role") == "main":
                mains.append(node)
            elif node.name == "article":
                articles.append(node)
        elif _is_text(node) and _PROVENANCE.match(str(node)):
            element = node.parent
            while element is not None and element.name not in _BLOCKISH:
                element = element.parent
            if isinstance(element, Tag) and element not in provenance:
                provenance.append(element)
    for candidate in (*mains, *articles):
        if candidate.find("h1") is not None and _has_sources(candidate):
            outside = [p for p in provenance if p is not candidate and candidate not in p.parents]
            return candidate, outside
    return soup, []


def _has_sources(element: Tag) -> bool:
    for heading in element.find_all(list(_HEADINGS)):
        if section_role(clean(heading.get_text(" "))) is SectionRole.SOURCES:
            return True
    return False


_PROVENANCE = re.compile(r"^\s*Provenance\s*[.:]", re.I)
_BLOCKISH = frozenset({"p", "div", "footer", "section", "li", "small", "aside"})


def _line(element: Any, default: int) -> int:
    line = getattr(element, "sourceline", None)
    return line if isinstance(line, int) else default


def _is_text(node: Any) -> bool:
    """Plain text, not a comment, doctype, CDATA or processing instruction."""
    return type(node) is NavigableString


def _tag_mark(element: Tag, line: int) -> TagMark | None:
    """A citation (`<sup>n</sup>`, an element whose whole text is `[n]` or a bare number) or an
    element whose whole text is the LLM tag."""
    if element.name in _INLINE_NEVER_TAGS:
        return None
    text = _short_text(element)
    if text is None or not text.strip():
        return None
    if text.strip() in _LLM_TEXT:
        return TagMark(text.strip(), line, llm=True)
    apart = _separate_numbers(element)
    if apart is not None:  # `<span><a>1</a><a>2</a></span>`: two links, sources 1 and 2
        return TagMark(", ".join(apart), line, numbers=apart)
    if element.name == "sup" and _CITATION.fullmatch(text):
        numbers = citation_numbers(text)
        return TagMark(f"<sup>{text.strip()}</sup>", line, numbers=numbers, split_digits=True)
    if _BRACKETED.fullmatch(text):
        return TagMark(text.strip(), line, numbers=citation_numbers(text))
    if _BARE_NUMBER.fullmatch(text):
        # `<span class="cite">23</span>`: a candidate, as a bare number in plain text is
        number = text.strip()
        return TagMark(number, line, numbers=(number,), split_digits=True, plain=True, written=text)
    return None


_INLINE_NEVER_TAGS = frozenset({"td", "th", "li", "p", "dd", "dt", "caption"})


def _separate_numbers(element: Tag) -> tuple[str, ...] | None:
    """The numbers of an element made of two or more child elements that each hold one number,
    with nothing but spaces or commas between them (`<a href="#src-1">1</a><a …>2</a>`): each
    its own source, however the text runs them together."""
    children = [c for c in element.children if isinstance(c, Tag)]
    if len(children) < 2:
        return None
    between = [c for c in element.children if not isinstance(c, Tag)]
    if any(str(c).strip(" ,;\n\t") for c in between):
        return None
    numbers = [c.get_text().strip() for c in children]
    if not all(_BARE_NUMBER.fullmatch(n) for n in numbers):
        return None
    return tuple(numbers)


def _is_chrome(element: Tag) -> bool:
    """Page chrome: hidden elements, ARIA landmarks other than the main content, cookie and
    consent banners, sidebars, share and comment boxes (by role, class or id)."""
    attrs = element.attrs
    if not attrs:
        return False
    if "hidden" in attrs or str(attrs.get("aria-hidden", "")).casefold() == "true":
        return True
    style = attrs.get("style")
    if isinstance(style, str) and _HIDDEN_STYLE.search(style):
        return True
    role = attrs.get("role")
    if isinstance(role, str) and role.strip().casefold() in _CHROME_ROLES:
        return True
    element_id = attrs.get("id")
    if isinstance(element_id, str) and _COMMENT_ID.fullmatch(element_id):
        return True  # a document's reviewer comment, or its "[a]" anchor in the text
    names = [element_id, attrs.get("class")]
    text = " ".join(n if isinstance(n, str) else " ".join(n) for n in names if n)
    return bool(text) and bool(_CHROME_NAMES.search(text))


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
        self.items.extend(find_explicit_markers(visible(text), self.line))
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
        if name in _SKIP or _is_chrome(element):
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
    plain: bool = True  # whether bare trailing markers are looked for (not in Sources, See also)

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
            self.blocks.append(Block(BlockKind.PARAGRAPH, line, self._markers(loose.items)))

    def _markers(self, items: list[Inline]) -> list[Inline]:
        items = _inline_numbers_as_text(_bracketed_links(items))
        return find_plain_markers(items) if self.plain else items

    def block(self, element: Tag, depth: int) -> None:
        name = element.name
        if name in _SKIP or name in _BREAKS or (_is_chrome(element) and not _holds_body(element)):
            return
        if name in ("header", "footer") and not _holds_article_parts(element):
            return  # a site header or footer: the article's own hold a heading or provenance
        if name == "aside" and not _holds_tags(element):
            return  # a sidebar; an aside that carries tags is a callout (an example block)
        if _opens_with_comment(element):
            return  # a reviewer comment's text, after its anchor ("[a] Is this the …?")
        if name in _HEADINGS:
            self._emit(BlockKind.HEADING, element, level=_HEADINGS[name])
        elif name == "p" and (level := _pseudo_heading(element)) is not None:
            self._emit(BlockKind.HEADING, element, level=level)
        elif name == "p" and _is_list_paragraph(element):
            self._emit(BlockKind.LIST_ITEM, element)
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
        items = collected.items
        if kind is BlockKind.LIST_ITEM and element.name == "p":
            items, typed = _without_list_mark(items)
            number = number if typed is None else typed
        if kind is BlockKind.HEADING:
            if level <= 2:
                self.plain = section_role(inline_text(items)) not in _NO_MARKERS
        else:
            items = self._markers(items)
        self.blocks.append(Block(kind, line, items, level=level, number=number))

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
            self.blocks.append(Block(BlockKind.PARAGRAPH, line, self._markers(collected.items)))
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
            if not header and self.plain:
                mark_last_cell(cells)
            self.blocks.append(Block(BlockKind.TABLE_ROW, line, cells=cells, header=header))


_TITLE_CLASSES = frozenset({"msotitle", "title"})
_BOLD = ("b", "strong")


def _opens_with_comment(element: Tag) -> bool:
    """A block whose first element is a comment's own anchor (`<a id="cmnt1">[a]</a>`)."""
    first = next((c for c in element.children if isinstance(c, Tag) or str(c).strip()), None)
    if not isinstance(first, Tag) or first.name != "a":
        return False
    anchor = first.get("id")
    return isinstance(anchor, str) and _COMMENT_ID.fullmatch(anchor) is not None


def _pseudo_heading(element: Tag) -> int | None:
    """A heading written as a paragraph, as a word processor exports one: the title paragraph's
    class (`<p class=MsoTitle>`), or a paragraph all in bold whose text names one of the usual
    sections (`<p><b>Type &amp; Discipline</b></p>`); None for any other paragraph."""
    if any(name.casefold() in _TITLE_CLASSES for name in _classes(element)):
        return 1
    bold = element.find(_BOLD)
    if bold is None:
        return None
    text = clean(element.get_text(" "))
    if not text or len(text) > 80:
        return None
    outer = [b for b in element.find_all(_BOLD) if b.find_parent(_BOLD) is None]
    if clean(" ".join(b.get_text(" ") for b in outer)) != text:
        return None  # a bold lead-in before the paragraph's own text
    known = is_known_heading(text) or section_role(text) is not SectionRole.PROSE
    return 2 if known else None


def _is_list_paragraph(element: Tag) -> bool:
    """A list item written as a paragraph, as Word exports one (`<p class=MsoListParagraph…>`,
    its bullet or number typed into the text)."""
    return any(name.startswith("MsoListParagraph") for name in _classes(element))


def _classes(element: Tag) -> list[str]:
    classes = element.get("class")
    return [classes] if isinstance(classes, str) else list(classes or [])


# The bullet or number a word processor types before a list paragraph's text
_LIST_MARK = re.compile(r"^\s*(?:[·•▪◦‣o§–-]|(?P<number>\d{1,2})[.)])[\s\u00a0]+")


def _without_list_mark(items: list[Inline]) -> tuple[list[Inline], int | None]:
    """A list paragraph's items without the bullet or number typed before its text (perhaps
    spread over several runs: `·` and its spaces in spans of their own), and that number."""
    lead = 0
    while lead < len(items) and isinstance(items[lead], Run):
        lead += 1
    text = "".join(item.text for item in items[:lead] if isinstance(item, Run))
    mark = _LIST_MARK.match(text)
    if mark is None:
        return items, None
    out: list[Inline] = []
    cut = mark.end()  # characters still to drop from the leading runs
    for item in items:
        if cut and isinstance(item, Run):
            taken = min(cut, len(item.text))
            cut -= taken
            if taken < len(item.text):
                out.append(Run(item.text[taken:], item.line))
        else:
            out.append(item)
    return out, int(mark["number"]) if mark["number"] else None


def _holds_body(element: Tag) -> bool:
    """Whether an element holds the article itself (its title or a usual section heading): a
    wrapper named `has-sidebar` or `nav-offset` is no chrome."""
    if element.find("h1") is not None:
        return True
    return any(is_known_heading(clean(h.get_text(" "))) for h in element.find_all(["h2", "h3"]))


_OPEN_BRACKET = re.compile(r"\s*\[\s*$")
_BETWEEN_NUMBERS = re.compile(r"\s*[,;–-]\s*")
_CLOSE_BRACKET = re.compile(r"^\s*\]")


def _bracketed_links(items: list[Inline]) -> list[Inline]:
    """`[<a>3</a>, <a>10</a>]`: brackets in the text around numbers in elements of their own,
    one marker citing each number (as `[3, 10]` written in the text is)."""
    items = list(items)
    out: list[Inline] = []
    index = 0
    while index < len(items):
        found = _bracketed_at(items, index)
        if found is None:
            out.append(items[index])
            index += 1
        else:  # the text after "]" is read again: another bracket may open in it
            before, marker, rest, index = found
            out.extend((before, marker))
            items[index] = rest
    return out


def _bracketed_at(items: list[Inline], index: int) -> tuple[Run, TagMark, Run, int] | None:
    """The text before `[`, the marker, the text after `]` and the index of the item that held
    it, when a bracketed list of linked numbers starts at items[index]; else None."""
    first = items[index]
    if not isinstance(first, Run):
        return None
    opened = _OPEN_BRACKET.search(first.text)
    if opened is None:
        return None
    written = "["  # the citation as the page shows it: "[4–7]" names 4, 5, 6 and 7
    at = index + 1
    while at + 1 < len(items):
        mark, after = items[at], items[at + 1]
        if not (isinstance(mark, TagMark) and mark.plain and len(mark.numbers) == 1):
            return None
        if not isinstance(after, Run):
            return None
        written += mark.numbers[0]
        closed = _CLOSE_BRACKET.match(after.text)
        if closed is not None:
            written += "]"
            marker = TagMark(written, first.line, numbers=citation_numbers(written))
            before = Run(first.text[: opened.start()], first.line)
            rest = Run(after.text[closed.end() :], after.line)
            return before, marker, rest, at + 1
        if not _BETWEEN_NUMBERS.fullmatch(after.text):
            return None
        written += after.text.strip()
        at += 2
    return None


def _inline_numbers_as_text(items: list[Inline]) -> list[Inline]:
    """A bare number in an element (`<span>4</span>`) is a tag only where a sentence ends: one
    followed by a word ("rated <span>4</span> times") is text."""
    out: list[Inline] = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if (
            isinstance(item, TagMark)
            and item.plain
            and isinstance(following, Run)
            and following.text.lstrip()[:1].isalnum()
        ):
            out.append(Run(item.written or item.raw, item.line))
        else:
            out.append(item)
    return out


def _holds_article_parts(element: Tag) -> bool:
    """Whether a header or footer holds the article's own parts: a heading or its provenance."""
    if element.find(list(_HEADINGS)) is not None:
        return True
    return any(_PROVENANCE.match(s) for s in element.find_all(string=True))


_TAG_TEXT = re.compile(r"\bLLM\b|\[\d{1,3}\]|\S\s+\d{1,3}\.(?:\s|$)")


def _holds_tags(element: Tag) -> bool:
    """Whether an element carries provenance tags: a superscript, `LLM`, `[n]`, a bare `n.`."""
    if element.find("sup") is not None:
        return True
    return bool(_TAG_TEXT.search(element.get_text(" ")))


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
