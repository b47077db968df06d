"""Format-independent reading: from a neutral sequence of blocks to an `Article`.

Each format reader (plain text, Markdown, HTML) turns its file into `Block`s (headings,
paragraphs, list items, table rows, images) whose content is a list of text `Run`s and `TagMark`s.
Everything that does not depend on the format lives here, so the three readers cannot drift apart:

- finding the plain trailing markers (`… 1.`, `… 23.`, `… LLM.`) for all three formats, and cutting
  paragraphs into provenance units at tag marks, resolving tags against the Sources list
  (`23` = sources 2 and 3 when no source 23 is listed; a number the list cannot account for is
  never a citation);
- recognising the title, the type line, the lead, the figure, sections, the Sources list, See also,
  the provenance line and page furniture;
- the special units: illustrative examples, the "Therapeutic framing." line, SMART rows (including
  splitting a row that plain text ran together), key terms and reflective questions;
- plain-text tag finding and orthographic sentence splitting (for the text reader and the lead).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from therapykg.errors import ArticleError
from therapykg.loaders.formats import ArticleFormat
from therapykg.loaders.model import (
    UNTAGGED,
    Article,
    KeyTermEntry,
    Kind,
    Provenance,
    Section,
    Sentence,
    SmartRow,
    SourceEntry,
    Tag,
)
from therapykg.loaders.warning import warning

# --------------------------------------------------------------------------------------------
# The neutral block model
# --------------------------------------------------------------------------------------------


class BlockKind(StrEnum):
    """The few block shapes every format can be reduced to."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    IMAGE = "image"


@dataclass(frozen=True, slots=True)
class Run:
    """Text as written, starting on `line` (1-based); may hold newlines (each one a new line)."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class TagMark:
    """A provenance tag found by a reader, not yet resolved against the Sources list.

    numbers: the cited numbers as digit strings. split_digits: a digit run that may be several
    sources written together (plain text `23`); bracketed Markdown `[23]` never is.
    plain: a bare number (or `LLM`) after a sentence's last word, found by the shared plain-marker
    search, or a bare number in an element: only a candidate, which the Sources list confirms.
    written: the text the mark took from the page (its whitespace and period included), put back
    when the mark turns out to be no marker.
    """

    raw: str
    line: int
    llm: bool = False
    numbers: tuple[str, ...] = ()
    split_digits: bool = False
    plain: bool = False
    written: str = ""


Inline = Run | TagMark


@dataclass(slots=True)
class Block:
    """One block of the article. Table rows carry `cells` when the format separates them;
    a plain-text row run together keeps everything in `inlines` with `cells` None."""

    kind: BlockKind
    line: int
    inlines: list[Inline] = field(default_factory=list)
    level: int = 0  # headings: 1 = title, 2 = section, 3+ = sub-heading
    number: int | None = None  # numbered list items
    cells: list[list[Inline]] | None = None
    header: bool = False  # a table header row
    _text: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The visible text without tag marks, whitespace collapsed.

        Worked out once, on first use: readers complete their blocks before `build_article`,
        the only reader of `text`, sees them.
        """
        if self._text is None:
            self._text = inline_text(self.items())
        return self._text

    @property
    def has_tag(self) -> bool:
        return any(isinstance(item, TagMark) for item in self.items())

    def items(self) -> list[Inline]:
        """The inline content, a table row's cells joined by a space."""
        return self.inlines if self.cells is None else _join_cells(self.cells)


def _join_cells(cells: Sequence[Sequence[Inline]]) -> list[Inline]:
    joined: list[Inline] = []
    for cell in cells:
        line = next((i.line for i in cell), 0)
        if joined:
            joined.append(Run(" ", line))
        joined.extend(cell)
    return joined


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def clean(text: str) -> str:
    """Collapse runs of ASCII whitespace (line breaks included) to one space; keep other Unicode."""
    # Stripping first leaves the same interior, so sub() only runs when the interior needs it:
    # most text is already clean, and six substring scans are several times cheaper than a sub()
    # that rewrites every single space (a hot path: profiled in docs/benchmarks.md).
    text = text.strip()
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        return _SPACE.sub(" ", text)
    return text


# Characters that show nothing: a soft hyphen (`&shy;` in a word processor's export), zero-width
# spaces and joiners, a word joiner, a BOM inside the text. A word split by one is one word.
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))


def visible(text: str) -> str:
    """`text` without the characters that show nothing (`_INVISIBLE_CHARS`)."""
    if any(char in text for char in _INVISIBLE_CHARS):
        return text.translate(_INVISIBLE)
    return text


def inline_text(items: Iterable[Inline]) -> str:
    return clean("".join(item.text for item in items if isinstance(item, Run)))


def written_text(items: Iterable[Inline]) -> str:
    """The visible text with bare-number candidates put back (where no tag is expected)."""
    return clean(
        "".join(
            item.text if isinstance(item, Run) else item.written if item.plain else ""
            for item in items
        )
    )


# Abbreviations whose period never ends a sentence (lower case, without the final period).
_ABBREVIATIONS = frozenset(
    re.split(
        r"\s+",
        """
        e.g i.e vs dr mr mrs ms prof st al cf approx fig figs vol vols ed eds jr sr inc
        ltd co p pp ch sec ca viz u.s u.k ph.d m.d mt dept univ esp ibid repr
        """.strip(),
    )
)
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s)")
_OPENERS = "\"“‘'([—–-"
_INITIAL = re.compile(r"[A-Z]")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


def split_sentences(text: str) -> list[str]:
    """Split untagged text into orthographic sentences.

    Initials (`John C. Norcross`, `J. C.`) and common abbreviations (`e.g.`, `vs.`, `Dr.`) never
    end a sentence, and neither does a question or exclamation mark inside quotation marks.
    """
    return [clean(text[start:end]) for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the orthographic sentences in `text`, which may hold line breaks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _ends_sentence(text, match) and text[start : match.end()].strip():
            spans.append((start, match.end()))
            start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in spans]


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    mark = match.group()
    word = text[: match.start()].split()[-1] if text[: match.start()].split() else ""
    if mark[0] in "?!" and mark[-1] in "\"”’'":
        return False
    if mark.startswith(".") and not mark.startswith("..") and _is_abbreviation(word):
        return False
    following = text[match.end() :].lstrip()
    following = following.lstrip(_OPENERS)
    return bool(following) and (following[0].isupper() or following[0].isdigit())


def _is_abbreviation(word: str) -> bool:
    word = word.lstrip("\"“‘'([")
    if _INITIAL.fullmatch(word):  # an initial
        return True
    if _DOTTED.fullmatch(word):  # e.g, i.e, U.S
        return True
    return word.casefold() in _ABBREVIATIONS


# --------------------------------------------------------------------------------------------
# Plain trailing markers: `… outcome 1.`, `… 23.`, `… protocol LLM.` in every format
#
# The wiki writes a sentence's tag after its last word. Plain text has nothing else; Markdown and
# HTML pages use the same bare form beside their bracketed, superscript and backticked ones. A
# bare number is a candidate only: whether it is a marker is decided against the Sources list
# (`read_source_number`), never guessed. One pattern and one decision serve all three readers.
# --------------------------------------------------------------------------------------------

# whitespace, then LLM or a number, then '.' + whitespace/end, or the end of the line; the
# whitespace must follow a non-space, which `plain_marker_matches` checks: a pattern that starts
# with its character class is searched several times faster than one that starts with (?<=\S)
# Two more spellings a browser's copy of a page with superscripts gives: the number glued to the
# sentence's period (`… the clinician.1 Feedback …`), and Unicode superscript digits (`…outcome.¹`).
_PLAIN_MARKER = re.compile(
    # the lookahead lets every position that cannot start a marker fail at once
    r"(?=[ \t\u00a0\d⁰¹²³⁴⁵⁶⁷⁸⁹ᴸL])(?:"
    # "… outcome 1.", "… 2, 3.", "… 2 3." (two sources written apart), "… 23."
    r"[ \t\u00a0]+(?P<tag>LLM|\d{1,2}(?:(?:,[ \u00a0]?|[ \u00a0])\d{1,2}){1,3}|\d{1,4})"
    r"(?:(?P<dot>\.)(?=\s|$)|(?=[ \t\u00a0]*(?:\n|$)))"
    r"|(?:(?<=[^\W\d_]\.)|(?<=[”’\")]\.))(?P<glued>\d{1,2}(?:,\d{1,2}){0,3})(?=[ \t\u00a0]|\n|$)"
    # a superscript before the period, where the wiki puts its markers: `… curriculum1.`,
    # `… ground34.` (after a lowercase letter or a closing quote: `GAD7.` is a name)
    # or at the end of a line (a table's last cell: `… Bottom-up regulation2`)
    r"|(?<=[a-zß-öø-ÿ”’\")])(?P<pre>\d{1,2}(?:,\d{1,2}){0,3}|LLM)"
    r"(?:\.(?=\s|$)|(?=[ \t\u00a0]*(?:\n|$)))"
    # the LLM tag glued to a question's or exclamation's mark: `… that matter?LLM`
    r"|(?<=[?!])(?P<asked>LLM)(?=[ \t\u00a0]|\n|$)"
    # superscripts: `…outcome¹.`, `¹,¹¹` (two sources), `ᴸᴸᴹ` (the LLM tag in small capitals)
    r"|(?<=\S)(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:,[⁰¹²³⁴⁵⁶⁷⁸⁹]+)*(?![⁰¹²³⁴⁵⁶⁷⁸⁹])|ᴸᴸᴹ)"
    # after the sentence's own period, before the next sentence: `… an expert. 2 Its …`,
    # `… experience. 4 5 The …` (kept only after a period: `plain_marker_matches`)
    r"|[ \t\u00a0]+(?P<post>LLM|\d{1,2}(?:(?:,[ \u00a0]?|[ \u00a0])\d{1,2}){0,3}|\d{1,4})"
    r"(?=[ \t\u00a0]+[A-Z“\"‘(]|[ \t\u00a0]*(?:\n|$)))"
)
# what ends the sentence before a marker written after it: a period, maybe a closing quote
_SENTENCE_END_BEFORE = re.compile(r"[.!?][”’\")]?$")
_DIGIT = re.compile(r"\d")
# where a marker can be: a digit, LLM's first letter, or a superscript (see `_marker_scan`)
_MARKER_CHAR = re.compile(r"[\dL⁰¹²³⁴⁵⁶⁷⁸⁹ᴸ]")
_MARKER_DIGIT = re.compile(r"[\d⁰¹²³⁴⁵⁶⁷⁸⁹ᴸ]")  # a marker without `LLM` holds one of these
_NUMBER = re.compile(r"\d+")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_GLUED_END = re.compile(r"(?:(?<=[^\W\d_]\.)|(?<=[”’\")]\.))(\d{1,2})$")
_TAG_SPACE = " \t\u00a0"
# After a marker that ends a line without a period, what starts the next line when the marker
# ends its sentence there (Markdown and HTML hard-wrap sentences; plain text never does).
_NEXT_UNIT = re.compile(r"[ \t\u00a0]*\n\s*(?:[A-Z“\"‘'(*_\[]|LLM-generated)")


def plain_marker_matches(text: str, *, line_ends: bool = True) -> Iterator[re.Match[str]]:
    r"""The plain markers of `text`, left to right: `LLM` or a number after whitespace, before
    a sentence's period or the end of a line.

    A candidate whose whitespace starts the text or follows other whitespace is no marker.
    `line_ends`: every line end can end a unit (plain text, one paragraph a line); otherwise a
    marker without a period ends a unit only at the end of the text or before a line that starts
    a new sentence (a hard-wrapped Markdown or HTML paragraph).
    """
    for match in _marker_scan(text):
        start = match.start()
        if match.group("tag") is not None and (start == 0 or text[start - 1].isspace()):
            continue
        if match.group("post") is not None and not _SENTENCE_END_BEFORE.search(text, 0, start):
            continue
        if not line_ends and match.group("tag") is not None and match.group("dot") is None:
            rest = text[match.end() :]
            if rest.strip(_TAG_SPACE) and not _NEXT_UNIT.match(rest):
                continue
        yield match


def _marker_scan(text: str) -> Iterator[re.Match[str]]:
    """`_PLAIN_MARKER.finditer(text)`, found about twice as fast.

    Every marker holds a character of `_MARKER_CHAR` where it starts (a superscript, a glued
    number) or just after the whitespace it starts with (`LLM` or a number), so the pattern is
    tried only there: at the start of the whitespace run before that character, then at it.
    A run start that fails fails for every later start in the run (the tag must follow the run).
    Every match is non-empty, so the scan resumes at its end, as finditer does.
    """
    pos = 0
    while (found := _MARKER_CHAR.search(text, pos)) is not None:
        char = found.start()
        start = char
        while start > pos and text[start - 1] in _TAG_SPACE:
            start -= 1
        match = _PLAIN_MARKER.match(text, start) if start < char else None
        if match is None:
            match = _PLAIN_MARKER.match(text, char)
        if match is None:
            pos = char + 1
            continue
        yield match
        pos = match.end()


def _plain_mark(match: re.Match[str], line: int) -> TagMark:
    sup = match.group("sup")
    if sup is not None:  # explicit: a superscript is always meant as a tag
        if sup == "ᴸᴸᴹ":
            return TagMark(sup, line, llm=True)
        numbers = tuple(sup.translate(_SUPERSCRIPTS).split(","))
        return TagMark(sup, line, numbers=numbers, split_digits=len(numbers) == 1)
    raw = (
        match.group("tag")
        or match.group("glued")
        or match.group("pre")
        or match.group("post")
        or match.group("asked")
    )
    if raw == "LLM":
        return TagMark(raw, line, llm=True, plain=True, written=match.group())
    numbers = tuple(_NUMBER.findall(raw))  # `2, 3`: a copied `<sup>2,3</sup>`
    # numbers written apart (`2 3`) are each one source; one run (`23`) may be several
    split = len(numbers) == 1
    return TagMark(
        raw, line, numbers=numbers, split_digits=split, plain=True, written=match.group()
    )


def find_text_tags(line_text: str, line: int, *, line_ends: bool = True) -> list[Inline]:
    """Runs and tag marks of one line of plain text.

    A tag is whitespace, then `LLM` or a number, then `.` or the end of the line; the period
    after a tag belongs to the tag; or a number in parentheses before the period (`… (2).`).
    A number is only a candidate, which the article's Sources list confirms or turns back into
    text (`TagResolver.settle`). `line_ends`: as in `plain_marker_matches` (False: a number
    without a period that ends the line is no tag, the sentence going on below).
    """
    items: list[Inline] = []
    pos = 0
    for match in plain_marker_matches(line_text, line_ends=line_ends):
        items.extend(_parenthesised(line_text[pos : match.start()], line, line_text[:pos]))
        items.append(_plain_mark(match, line))
        pos = match.end()
    if pos < len(line_text):
        items.extend(_parenthesised(line_text[pos:], line, line_text[:pos]))
    return items


def _paren_mark(match: re.Match[str], line: int) -> TagMark:
    """`(2)` or `(2, 3)` before a sentence's end: a candidate the Sources list confirms (a year
    or a number it does not have turns back into the text as written)."""
    numbers = citation_numbers(match.group("paren"))
    return TagMark(match.group().strip(), line, numbers=numbers, plain=True, written=match.group())


def _parenthesised(text: str, line: int, before: str = "") -> list[Inline]:
    """A plain-text run with its `(n)` candidates before a sentence's end, its bracketed `[n]`
    candidates (before a sentence's end, or after it: `… 2002. {10} Next`; `before` is the line's
    text before the run), and `(LLM)` and `[LLM]`, found."""
    if "(" not in text and "[" not in text and "{" not in text:
        return [Run(text, line)]
    items: list[Inline] = []
    pos = 0
    for match in _EXPLICIT.finditer(text):
        cited = _cited(match)
        if match.group("paren"):
            mark = _paren_mark(match, line)
        elif cited is None:  # "(LLM)", "[LLM]", "{LLM}"
            mark = TagMark(match.group(), line, llm=True)
        else:  # "[3].", "[1, 6].", "[2–4].", ". {2} Next": candidates, as "(2)" is
            ends = _AT_SENTENCE_END.match(text, match.end())
            if not ends and not _SENTENCE_END_BEFORE.search(
                (before + text[: match.start()]).rstrip()
            ):
                continue  # "on a scale [0–10] of effort": inside its sentence, text
            numbers = citation_numbers(cited)
            mark = TagMark(match.group(), line, numbers=numbers, plain=True, written=match.group())
        items.append(Run(text[pos : match.start()], line))
        items.append(mark)
        pos = match.end()
    items.append(Run(text[pos:], line))
    return [i for i in items if not (isinstance(i, Run) and not i.text)]


def find_plain_markers(items: Sequence[Inline], *, line_ends: bool = False) -> list[Inline]:
    """A Markdown or HTML block's inline content with its plain markers found.

    The runs between explicit marks are searched as one text, so a marker after emphasis
    (`**strong** claim 1.`) or split across text nodes is found; line numbers are kept. A
    candidate at the end of a stretch of runs counts only at the end of the block.
    """
    out: list[Inline] = []
    index = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, TagMark):
            out.append(item)
            index += 1
            continue
        end = index
        while end < len(items) and isinstance(items[end], Run):
            end += 1
        runs = [i for i in items[index:end] if isinstance(i, Run)]
        out.extend(_plain_in_runs(runs, at_end=end == len(items), line_ends=line_ends))
        index = end
    return out


def _plain_in_runs(runs: list[Run], *, at_end: bool, line_ends: bool) -> list[Inline]:
    text = "".join(run.text for run in runs)
    if "LLM" not in text and _MARKER_DIGIT.search(text) is None:
        return list(runs)
    starts: list[int] = []
    offset = 0
    for run in runs:
        starts.append(offset)
        offset += len(run.text)
    out: list[Inline] = []
    pos = 0
    for match in plain_marker_matches(text, line_ends=line_ends):
        if not at_end and match.group("dot") is None and not text[match.end() :].strip():
            continue  # the stretch ends at an explicit mark, not at the end of the block
        out.extend(_slice(runs, starts, pos, match.start()))
        out.append(_plain_mark(match, _line_at(runs, starts, match.start("tag"))))
        pos = match.end()
    out.extend(_slice(runs, starts, pos, len(text)))
    return out


def _line_at(runs: list[Run], starts: list[int], offset: int) -> int:
    for run, start in zip(reversed(runs), reversed(starts), strict=True):
        if start <= offset:
            return run.line + run.text.count("\n", 0, offset - start)
    return runs[0].line if runs else 0


def _slice(runs: list[Run], starts: list[int], a: int, b: int) -> list[Run]:
    """The runs' text between offsets a and b, as runs that keep their lines."""
    out: list[Run] = []
    for run, start in zip(runs, starts, strict=True):
        end = start + len(run.text)
        if end <= a or start >= b:
            continue
        lo, hi = max(a, start) - start, min(b, end) - start
        if lo == 0 and hi == len(run.text):
            out.append(run)
        elif hi > lo:
            out.append(Run(run.text[lo:hi], run.line + run.text.count("\n", 0, lo)))
    return out


_BARE_CELL = re.compile(r"LLM|\d{1,3}")


def mark_last_cell(cells: list[list[Inline]]) -> None:
    """A row's tag ends its last cell that holds anything (the Mechanism cell of a SMART row):
    the bare trailing marker is looked for there only, so an objective's `by session 3` is text."""
    if any(isinstance(i, TagMark) for cell in cells for i in cell):
        return  # the row's tag is written out already (`<sup>2</sup>` in the mechanism cell)
    for index in range(len(cells) - 1, -1, -1):
        text = inline_text(cells[index])
        if text or any(isinstance(i, TagMark) for i in cells[index]):
            if _BARE_CELL.fullmatch(text) and not any(isinstance(i, TagMark) for i in cells[index]):
                # a column that holds only the tag: `| 4 |`, `<td>LLM</td>`
                line = cells[index][0].line
                llm = text == "LLM"
                cells[index] = [
                    TagMark(text, line, llm=llm, numbers=() if llm else (text,),
                            split_digits=not llm, plain=True, written=text)
                ]  # fmt: skip
            else:
                cells[index] = find_plain_markers(cells[index])
            return


_YEARS = range(1800, 2100)


def read_source_number(
    digits: str, listed: frozenset[int], *, split: bool
) -> tuple[int, ...] | None:
    """The sources a number written as a tag cites, or None when the list says it cites none.

    `12` is source 12 when the list has it; else, when `split` (a bare or superscript number,
    never a bracketed one), sources 1 and 2 when both are listed: each digit once, so `11` is no
    pair. A longer run may hold one two-digit source (`110` = 1 and 10) when exactly one reading
    fits. A year (1800–2099) is never read as several sources.
    """
    whole = int(digits)
    if whole in listed and not digits.startswith("0"):
        return (whole,)
    if not split or len(digits) < 2 or (len(digits) == 4 and whole in _YEARS):
        return None
    singles = [int(d) for d in digits]
    if len(set(singles)) == len(singles) and all(d in listed for d in singles):
        return tuple(singles)
    options = [
        (int(digits[:i]), int(digits[i:]))
        for i in range(1, len(digits))
        if not digits[i:].startswith("0")
        and int(digits[:i]) in listed
        and int(digits[i:]) in listed
        and int(digits[:i]) != int(digits[i:])
    ]
    return options[0] if len(options) == 1 else None


def marker_digits(listed: Iterable[int]) -> int:
    """How long a bare number may be and still be a marker: 2 digits, 3 from source 10 on (a
    one-digit and a two-digit source run together, `310` = sources 3 and 10, as from source 100
    on a three-digit source)."""
    return 3 if any(n >= 10 for n in listed) else 2


def ends_with_tag(line_text: str, listed: frozenset[int] | None = None) -> bool:
    """Whether a plain-text line ends a provenance unit: its last item is `LLM` or a number the
    Sources list confirms (`listed`; None when the list is not known yet: any 1–2 digits)."""
    text = line_text.rstrip()
    if text[-1:] in tuple("⁰¹²³⁴⁵⁶⁷⁸⁹") or text.endswith("ᴸᴸᴹ"):
        return True
    if text.endswith(("]", "].")):  # "… outcome [3].", "[1, 6]", "[LLM]"
        bracket = _BRACKET_END.search(text)
        if bracket is None:
            return False
        if bracket.group(1) is None or listed is None:
            return True
        return all(int(n) in listed for n in citation_numbers(bracket.group(1)))
    glued = _GLUED_END.search(text) if text[-1:].isdigit() else None
    if glued is not None:
        return listed is None or read_source_number(glued[1], listed, split=True) is not None
    if not text or not (text[-1].isdigit() or text[-1] in "M."):
        return False  # a tag ends in a digit, `LLM` or its period: nothing to search for
    # What `plain_marker_matches` would find at the end, read backwards: an optional period,
    # `LLM` or decimal digits (`\d`), one or more of [ \t\u00a0] after a non-space character.
    end = len(text) - 1 if text[-1] == "." else len(text)
    if text.endswith("LLM", 0, end):
        start = end - 3
    else:
        start = end
        while start > 0 and text[start - 1].isdecimal():
            start -= 1
        length = end - start
        if not 0 < length <= (2 if listed is None else marker_digits(listed)):
            return False
        if listed is not None and read_source_number(text[start:end], listed, split=True) is None:
            return False
    if start > 0 and _GLUED_BEFORE.match(text[start - 1]):
        return True  # `… curriculum1.`, a last cell's `… regulation2`, `… relationshipLLM.`
    if start > 0 and text[start - 1] in "?!" and text.endswith("LLM"):
        return True  # `… matter?LLM`
    space = start
    while space > 0 and text[space - 1] in _TAG_SPACE:
        space -= 1
    return 0 < space < start and not text[space - 1].isspace()


_GLUED_BEFORE = re.compile(r"[a-zß-öø-ÿ”’\")]")


_AT_SENTENCE_END = re.compile(r"[ \t\u00a0]*(?:[.!?]|\n|$)")
# The numbers one bracketed citation names: "3", "1, 6", "2–4", "1; 5"
_CITED = r"\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*"
_BRACKET_END = re.compile(rf"\[(?:LLM|({_CITED}))\]\.?$")
_EXPLICIT = re.compile(
    # "[1]", "[1, 3]", "[2–4]", "[^1]" and the same in braces ("{1,3}", a word processor's copy)
    rf"\[\^?({_CITED})\]|\{{({_CITED})\}}"
    r"|\((LLM)\)|\[\^?(LLM)\]|\{(LLM)\}"
    # "… the alliance (2)." / "(2, 5)" right before a sentence's end: a candidate (a year or a
    # number the Sources list does not have stays text)
    r"|(?<=[^\s(])[ \t\u00a0]*\((?P<paren>\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\)"
    r"(?=[ \t\u00a0]*(?:[.!?]|$|\n))"
)
_RANGE = re.compile(r"(\d{1,3})\s*[–-]\s*(\d{1,3})")


def citation_numbers(text: str) -> tuple[str, ...]:
    """The numbers a citation's text names; a short range `1–3` names each number in it."""
    numbers: list[str] = []
    pos = 0
    for found in _RANGE.finditer(text):
        numbers.extend(re.findall(r"\d+", text[pos : found.start()]))
        low, high = int(found.group(1)), int(found.group(2))
        if low < high <= low + 9:
            numbers.extend(str(n) for n in range(low, high + 1))
        else:
            numbers.extend((found.group(1), found.group(2)))
        pos = found.end()
    numbers.extend(re.findall(r"\d+", text[pos:]))
    return tuple(numbers)


def _cited(match: re.Match[str]) -> str | None:
    """The numbers an `_EXPLICIT` match cites in brackets or braces, or None (`LLM`, `(2)`)."""
    return match.group(1) or match.group(2)


def find_explicit_markers(text: str, line: int) -> list[Inline]:
    """Bracketed tags in a text run: `[n]` (adjacent ones cite several), `[n, m]`, `[n–m]`,
    `(LLM)`, `[LLM]`, the footnote forms `[^n]`, `[^LLM]`, and the same in braces (`{1,3}`,
    `{LLM}`)."""
    if "[" not in text and "(" not in text and "{" not in text:
        return [Run(text, line)]
    items: list[Inline] = []
    pos = 0
    for match in _EXPLICIT.finditer(text):
        items.append(Run(text[pos : match.start()], line + text.count("\n", 0, pos)))
        at = line + text.count("\n", 0, match.start())
        cited = _cited(match)
        if cited is not None:
            items.append(TagMark(match.group(), at, numbers=citation_numbers(cited)))
        elif match.group("paren"):  # "(2)" at a sentence's end: a candidate the list confirms
            items.append(_paren_mark(match, at))
        else:
            items.append(TagMark(match.group(), at, llm=True))
        pos = match.end()
    items.append(Run(text[pos:], line + text.count("\n", 0, pos)))
    return items


# --------------------------------------------------------------------------------------------
# Recognising lines: headings, furniture, type line, provenance, sources
#
# These predicates read text that `clean` has already cleaned (a block's `text` is; the text
# reader cleans each line once): cleaning again on every question was most of their cost.
# --------------------------------------------------------------------------------------------

KNOWN_HEADINGS = (
    "Type & Discipline",
    "Creators & Lineage",
    "Core Principles",
    "Interventions & Techniques",
    "Evidence Base",
    "Populations & Indications",
    "Problems-for-Work",
    "Treatment-Plan Suggestions & SMART Objectives",
    "Common Misconceptions",
    "Training & Certification",
    "Key Terms",
    "Resources & Further Reading",
    "Reflective / Supervision Questions",
    "Sources",
    "See also",
)
_KNOWN = frozenset(h.casefold() for h in KNOWN_HEADINGS)
_KNOWN_PREFIXES = ("contraindications",)
# casefold() maps each character on its own to one or more characters, so a text longer than
# every known heading cannot fold to one, and the first len(prefix) characters decide a prefix
_KNOWN_LONGEST = max(map(len, _KNOWN))
_PREFIX_LONGEST = max(map(len, _KNOWN_PREFIXES))


_HEADING_NUMBER = re.compile(
    r"^\s*(?:(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})[.)]|\d{1,3}(?:\.\d{1,3})*|§\s*\d{1,3})\s+"
)
_HEADING_HASHES = re.compile(r"^\s*#{1,6}\s+")  # "## Sources" in a plain-text file
_EDIT_LINK = re.compile(r"\s*(?:\[\s*edit\s*\]|\(\s*edit\s*\)|\|\s*edit)\s*$", re.IGNORECASE)


def heading_name(text: str) -> str:
    """A heading's name without its section number or an edit link: "15. Sources", "IV. Key
    Terms", "Sources [edit]" → "Sources"."""
    name = _EDIT_LINK.sub(
        "", _HEADING_NUMBER.sub("", _HEADING_HASHES.sub("", text, count=1), count=1)
    )
    name = name.strip().rstrip(":").strip()
    return name or text


_CANONICAL = {h.casefold(): h for h in KNOWN_HEADINGS}


def canonical_heading(text: str) -> str:
    """A heading's name, a usual one in the wiki's own spelling whatever its case ("CORE
    PRINCIPLES", "Core principles" → "Core Principles"): one section, however a tool wrote it."""
    name = heading_name(text)
    return _CANONICAL.get(name.casefold(), name)


def is_known_heading(text: str) -> bool:
    """One of the usual headings; `Contraindications…` by prefix, if it reads as a heading."""
    text = heading_name(text)
    if len(text) > _KNOWN_LONGEST and not text[:_PREFIX_LONGEST].casefold().startswith(
        _KNOWN_PREFIXES
    ):
        return False
    key = text.casefold()
    if key in _KNOWN:
        return True
    return (
        key.startswith(_KNOWN_PREFIXES)
        and len(key.split()) <= 10
        and not key.endswith((".", "?", "!", ":", ";", ","))
        and not ends_with_tag(text)
    )


class SectionRole(StrEnum):
    """What a section's heading says about how to read its blocks."""

    PROSE = "prose"
    SOURCES = "sources"
    SEE_ALSO = "see_also"
    RESOURCES = "resources"
    KEY_TERMS = "key_terms"
    QUESTIONS = "questions"
    SMART = "smart"


_SOURCES_HEADINGS = frozenset(
    ["sources", "references", "bibliography", "works cited", "sources cited", "cited sources",
     "reference list", "literature cited", "notes and sources", "sources and notes"]
)  # fmt: skip
_SOURCES_COUNTED = re.compile(r"(?:sources|references)\s*\(\d{1,3}\)")  # "Sources (12)"


@lru_cache(maxsize=1024)  # asked of every line that may be a heading: a few headings, many lines
def section_role(heading: str) -> SectionRole:
    key = heading_name(heading).casefold()
    if key in _SOURCES_HEADINGS or _SOURCES_COUNTED.fullmatch(key):
        return SectionRole.SOURCES
    if key == "see also":
        return SectionRole.SEE_ALSO
    if key.startswith("resources"):
        return SectionRole.RESOURCES
    if key.startswith(("key terms", "glossary")):
        return SectionRole.KEY_TERMS
    if key.startswith("reflective") or key.endswith("supervision questions"):
        return SectionRole.QUESTIONS
    if "smart" in key or key.startswith("treatment-plan"):
        return SectionRole.SMART
    return SectionRole.PROSE


_FURNITURE = re.compile(
    r"^(?:⚠|▶|\d+\s+upvotes?$|suggest a revision\b|public credit preference$)", re.IGNORECASE
)
_SITE_NAME = re.compile(r"\bwiki$", re.IGNORECASE)


def is_furniture(text: str) -> bool:
    """Page furniture, never a unit: banners, `0 upvotes`, `▶ Watch` lines, revision chrome."""
    return bool(_FURNITURE.match(text))


def is_site_name(text: str) -> bool:
    return bool(_SITE_NAME.search(text))


_REVISION = "suggest a revision"


def starts_revision_chrome(text: str) -> bool:
    # casefold() maps each character on its own: the first len(_REVISION) characters decide
    return text[: len(_REVISION)].casefold().startswith(_REVISION)


def parse_type_line(text: str) -> tuple[str, str | None, str | None] | None:
    """`framework · Clinical psychology · Psychotherapy integration / common factors` → fields."""
    if len(text) > 200 or text.casefold().startswith("provenance"):
        return None
    fields = [f.strip() for f in text.split(" · ")]
    if not 2 <= len(fields) <= 4 or not all(fields) or text.endswith("."):
        return None
    return fields[0], fields[1], (fields[2] if len(fields) > 2 else None)


_PROV_START = re.compile(r"^provenance\s*[.:]", re.IGNORECASE)


def is_provenance_line(text: str) -> bool:
    return bool(_PROV_START.match(text))


def parse_provenance(text: str, line: int) -> Provenance:
    """The article's own provenance line, field by field; a field it lacks stays None."""
    text = clean(text)
    raw = re.match(r".*?\d+\s+sources?\.", text)

    def find(pattern: str) -> str | None:
        found = re.search(pattern, text, re.IGNORECASE)
        return found.group(1).strip() if found else None

    minutes = find(r"(\d+)\s*min(?:ute)?s?\.?\s+read")
    declared = find(r"(\d+)\s+sources?\b")
    version = find(r"\bversion\s+([\w.\-]+)")
    return Provenance(
        model=find(r"\bmodel:\s*([^)·]+?)\s*(?:\)|·|$)"),
        version=version.rstrip(".") if version else None,
        generated=find(r"\blast generated\s+([^·]+?)\s*(?:·|$)")
        or find(r"(?<!-)\bgenerated\s+(\d{4}-\d{2}-\d{2})"),
        reading_minutes=int(minutes) if minutes else None,
        declared_sources=int(declared) if declared else None,
        raw=raw.group() if raw else text,
        line=line,
    )


# "1. Citation", "1) Citation", "[1] Citation", a footnote definition "[^1]: Citation"
_NUMBERED = re.compile(r"^\s*(?:(\d{1,4})[.)]|\[\^?(\d{1,4})\]:?)\s+(?=\S)")
# what every entry of an unnumbered Sources list must hold to be read as one: a year or a tier
_CITATION_LIKE = re.compile(r"\b(?:1[89]|20)\d\d\b|\bT[123]\b|\b[Tt]ier\s*[123]\b")
# the LLM tag's own footnote ("[^LLM]: LLM-generated sentence; no source cited"): no source
_LLM_NOTE = re.compile(r"^\s*\[\^?LLM\]:?\s")
_TIERS = ("T1", "T2", "T3", "ier")
# "— linkT1", "… T2", "[T2]", "(T3)", "Tier 1", "(tier 2)" at the end of the entry
_TIER = re.compile(
    r"(?:(?<=\s)|(?<=link)|(?<=[\])]))(?P<open>[\[(])?(?:(?P<tier>T[123])|[Tt]ier\s*(?P<number>[123]))"
    r"(?(open)[\])])\s*\.?\s*$"
)
_LINK_TAIL = re.compile(r"\s*(?:[—–]\s*)?\[?link\]?(?:\([^)]*\))?\s*$")
_DASH_TAIL = re.compile(r"\s*[—–]\s*$")


def numbered_prefix(text: str) -> tuple[int, str] | None:
    """`  1. Citation`, `[1] Citation`, `[^1]: Citation` → (1, "Citation")."""
    found = _NUMBERED.match(text)
    if not found:
        return None
    return int(found.group(1) or found.group(2)), text[found.end() :]


def _entry_lines(block: Block) -> list[tuple[int | None, str, int]]:
    """A Sources block's entries: the block, or each of its lines when more than one line starts
    with a number (footnote definitions `[^1]: …` on consecutive lines make one paragraph)."""
    text = written_text(block.items())
    if block.number is None:
        raw = "".join(
            item.text if isinstance(item, Run) else item.written if item.plain else item.raw
            for item in block.items()
        )  # a footnote's label `[^1]` was read as a tag: put back as written
        lines = [clean(t) for t in raw.split("\n")]
        if sum(numbered_prefix(t) is not None for t in lines) > 1 or (
            len(lines) == 1 and numbered_prefix(lines[0]) and numbered_prefix(text) is None
        ):
            return [(None, t, block.line + i) for i, t in enumerate(lines) if t]
    return [(block.number, text, block.line)]


_BACKLINKS = re.compile(r"^\^\s*(?:[a-z]{1,2}\s+)*")


def parse_source(number: int, text: str, line: int) -> SourceEntry:
    """A Sources entry: the citation as written, without ' — link' and the tier."""
    text = clean(text)
    if text.startswith("^"):  # "^ a b c Keller, M. B. …": a wiki's links back to the citations
        text = _BACKLINKS.sub("", text, count=1)
    # each pattern needs its words ("T1", "link", a dash): looked for first, as they are rare
    tier_match = _TIER.search(text) if any(t in text for t in _TIERS) else None
    tier = None
    if tier_match:
        tier = tier_match["tier"] or f"T{tier_match['number']}"
        text = text[: tier_match.start()]
    if "link" in text:
        text = _LINK_TAIL.sub("", text)
    if "—" in text or "–" in text:
        text = _DASH_TAIL.sub("", text)
    return SourceEntry(number=number, raw=text.strip(), tier=tier, line=line)


# --------------------------------------------------------------------------------------------
# Cutting paragraphs into provenance units, and resolving tags
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Piece:
    """A provenance unit before its tag is resolved: text, start line, the tag marks after it."""

    text: str
    line: int
    marks: list[TagMark]
    raw: str = ""  # the text as written, line breaks kept; offsets count lines from `line`
    base_line: int = 0  # the line `raw` starts on


@dataclass(frozen=True, slots=True)
class Cut:
    """Where a unit ends at a number that looked like a tag but cites no listed source: the
    text it took is kept, and the unit before it stays untagged (nothing is invented for it)."""

    text: str
    line: int


Settled = Inline | Cut


def cut_units(items: Sequence[Settled], warnings: list[str] | None = None) -> list[Piece]:
    """Cut inline content at tag marks. Marks separated only by whitespace form one tag
    (`[2][7]`); a period right after a tag belongs to it. Text after the last tag is an
    untagged piece (marks empty), and so is the text before a `Cut`."""
    pieces: list[Piece] = []
    texts: list[Run] = []
    marks: list[TagMark] = []
    after_cut = False
    for item in items:
        if isinstance(item, Cut):
            if marks:
                _flush(pieces, texts, marks, warnings)
                texts, marks = [], []
            texts.append(Run(item.text, item.line))
            _flush(pieces, texts, [], warnings)
            texts, after_cut = [], True
            continue
        if isinstance(item, TagMark):
            marks.append(item)
            after_cut = False
            continue
        if after_cut:
            item = _period_to_cut(pieces, item)
            after_cut = False
        if marks and not item.text.strip():
            continue
        if marks:
            _flush(pieces, texts, marks, warnings)
            texts, marks = [], []
            item = _without_leading_dot(item)
        texts.append(item)
    if marks:
        _flush(pieces, texts, marks, warnings)
    elif texts:
        _flush(pieces, texts, [], warnings)
    return pieces


def _period_to_cut(pieces: list[Piece], run: Run) -> Run:
    """The period after a bracketed number that is no tag ends the untagged unit before it."""
    if not run.text.startswith(".") or not pieces or pieces[-1].marks:
        return run
    last = pieces[-1]
    last.text += "."
    last.raw += "."
    return Run(run.text[1:], run.line)


def _without_leading_dot(run: Run) -> Run:
    """The run after a tag without the tag's period (`… 2. Next` → ` Next`), or without the
    comma or semicolon of a tag inside a sentence (`… trial [3], and the rule …` → ` and the
    rule …`): the punctuation closes the unit before."""
    rest = run.text.lstrip()  # strips what `\s` matches
    if not rest.startswith((".", ",", ";")):
        return run
    return Run(rest[1:], run.line)


def _flush(
    pieces: list[Piece], texts: list[Run], marks: list[TagMark], warnings: list[str] | None
) -> None:
    raw = texts[0].text if len(texts) == 1 else "".join([run.text for run in texts])
    text = clean(raw)
    if text:
        base = texts[0].line
        # the unit starts where its first character is: raw's first non-space, text[0]
        line = base + raw.count("\n", 0, raw.find(text[0]))
        pieces.append(Piece(text, line, marks, raw, base))
    elif marks and warnings is not None:
        tag = "".join(mark.raw for mark in marks)
        warnings.append(
            warning("stray-tag", f"line {marks[0].line}: tag {tag!r} follows no text; ignored")
        )


def _describe(numbers: Sequence[int]) -> str:
    """1,2,3,4,5,7 → '1–5, 7'."""
    if not numbers:
        return "no entries"
    ordered = sorted(set(numbers))
    spans: list[str] = []
    start = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        spans.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(spans)


_MarksKey = tuple[tuple[str, bool, tuple[str, ...], bool], ...]


_APART = re.compile(r"^(?P<before>.*\d)(?P<last>[ \u00a0]+\d{1,2}(?:\.|\s*)$)", re.DOTALL)


# A word after which a number belongs to the sentence ("aged 12", "session 6", "0 to 10")
_TAKES_A_NUMBER = re.compile(
    r"\b(?:to|of|from|and|or|than|aged|age|ages|by|at|in|on|over|under|about|around|phase|step"
    r"|stage|session|sessions|week|weeks|month|months|year|years|level|grade|score|scores|point"
    r"|points|item|items|number|no\.|p\.|pp\.|chapter|table|figure|vol\.|volume)\s*$",
    re.IGNORECASE,
)


def _text_of(item: Settled) -> str:
    return item.text if isinstance(item, Run) else ""


def _last_apart(item: TagMark) -> tuple[Run, TagMark] | None:
    """A plain mark of numbers written apart, as text for all but the last number and a mark
    for the last one; None for any other mark."""
    if not item.plain or len(item.numbers) < 2 or "," in item.raw or item.written is None:
        return None
    found = _APART.match(item.written)
    if found is None:
        return None
    number = item.numbers[-1]
    mark = TagMark(number, item.line, numbers=(number,), plain=True, written=found["last"])
    return Run(found["before"], item.line), mark


class TagResolver:
    """Resolves tag marks against the numbers the Sources list holds.

    `settle` decides first, mark by mark, which candidates are tags: a number the list cannot
    account for is never a citation (a bare one is text again; a bracketed or superscript one
    ends an untagged unit, its text kept), always with a warning. `resolve` then turns the marks
    that end a unit into its `Tag`.

    An article cites the same few tags again and again, so each spelling is resolved once: a
    `Tag` is immutable and depends on the marks only through their spelling (the line of a mark
    only goes into an error, and a tag that fails is never remembered).
    """

    def __init__(self, path: str, listed: Iterable[int]) -> None:
        self.path = path
        self.listed = frozenset(listed)
        self.digits = marker_digits(self.listed)
        self._resolved: dict[_MarksKey, Tag] = {}

    def numbers(self, mark: TagMark) -> tuple[list[int], list[str]]:
        """The listed sources a mark cites, and the numbers in it that cite none."""
        found: list[int] = []
        missing: list[str] = []
        for digits in mark.numbers:
            read = None
            if not (mark.plain and len(digits) > self.digits):
                read = read_source_number(digits, self.listed, split=mark.split_digits)
            if read is None:
                missing.append(digits)
            else:
                found.extend(read)
        return found, missing

    def settle(self, items: Sequence[Inline], warnings: list[str]) -> list[Settled]:
        """The items with every number mark confirmed, turned back into text, or made a `Cut`."""
        if not any(isinstance(i, TagMark) and not i.llm for i in items):
            return list(items)
        settled: list[Settled] = []
        for item in items:
            if not isinstance(item, TagMark) or item.llm:
                settled.append(item)
                continue
            last = _last_apart(item)
            if last is not None and (
                (settled and _ends_a_range(settled[-1]))
                or (settled and _TAKES_A_NUMBER.search(_text_of(settled[-1])))
            ):
                # "from 0 to 10 3.", "aged 12 3.": the first number is the sentence's own
                settled.append(last[0])
                item = last[1]
                last = None
            if item.plain and settled and _ends_a_range(settled[-1]):
                # "on a scale of 0 to 10." counts; a citation never follows "N to".
                settled.append(Run(item.written or item.raw, item.line))
                continue
            found, missing = self.numbers(item)
            if not missing:
                settled.append(item)
                continue
            if last is not None and not self.numbers(last[1])[1]:
                # "aged 12 3.": 12 is no source, 3 is; the 12 is the sentence's own
                settled.extend(last)
                continue
            have = _describe(sorted(self.listed))
            shown = ", ".join(missing)
            if found and not (item.plain and len(item.numbers) > 1):
                settled.append(item)
                warnings.append(
                    f"line {item.line}: tag {item.raw!r} cites {shown}, which the Sources list "
                    f"({have}) does not have; only its listed sources are kept"
                )
                continue
            text = item.written or item.raw
            if item.plain and any(len(d) > self.digits for d in missing):
                settled.append(Run(text, item.line))  # a year or a count: never a tag
            elif item.plain and text[:1].isspace() and not text.rstrip().endswith("."):
                settled.append(Run(text, item.line))
                warnings.append(
                    f"line {item.line}: {item.raw!r} after a sentence's last word is no source "
                    f"in the Sources list ({have}): read as text"
                )
            else:
                settled.append(Cut(text, item.line))
                warnings.append(
                    f"line {item.line}: {item.raw!r} ends a sentence but is no source in the "
                    f"Sources list ({have}): not read as a tag; the sentence is left untagged"
                )
        return settled

    def resolve(self, marks: Sequence[TagMark]) -> Tag:
        if not marks:
            return UNTAGGED
        key = tuple([(m.raw, m.llm, m.numbers, m.split_digits) for m in marks])
        tag = self._resolved.get(key)
        if tag is None:
            tag = self._resolved[key] = self._resolve(marks)
        return tag

    def _resolve(self, marks: Sequence[TagMark]) -> Tag:
        raw = "".join(mark.raw for mark in marks)
        llm = any(mark.llm for mark in marks)
        numbers: list[int] = []
        for mark in marks:
            numbers.extend(self.numbers(mark)[0])
        if llm and numbers:
            raise ArticleError(
                self.path,
                f"tag {raw!r} is both LLM and a source citation",
                line=marks[0].line,
                expected="either the LLM tag or source numbers on one sentence",
            )
        if not llm and not numbers:
            return UNTAGGED  # only marks that cite nothing listed: `settle` has said so
        return Tag(raw=raw, llm=llm, sources=tuple(dict.fromkeys(numbers)))


# --------------------------------------------------------------------------------------------
# SMART rows and key terms
# --------------------------------------------------------------------------------------------

_WILL = re.compile(r"(?<=\s)(will|shall)(?=\s)")
_CONNECTORS = frozenset({"and", "&", "or", "with", "plus"})
# Who an objective's "will" belongs to: the people of a treatment plan, lower or upper case.
_ACTOR_NOUNS = frozenset(
    re.split(
        r"\s+",
        """
        client clients therapist therapists clinician clinicians counselor counselors counsellor
        counsellors patient patients parent parents caregiver caregivers carer carers family
        families couple couples partner partners member members child children youth
        adolescent adolescents teen teens student students supervisee supervisees supervisor
        supervisors dyad team group participant participants mother father spouse individual
        individuals person veteran veterans practitioner practitioners provider providers we
        they he she both everyone
        """.strip(),
    )
)
_ACTOR_DETERMINERS = frozenset(
    {"the", "each", "both", "all", "every", "a", "an", "his", "her", "their", "our", "any"}
)
# Words that open a condition or a time frame before the actor: "If ready, client will …".
_CONDITION_OPENERS = frozenset(
    {
        "if", "when", "once", "after", "before", "by", "within", "until", "whenever", "as",
        "over", "during", "following", "in", "at", "unless", "where", "while", "for",
    }
)  # fmt: skip
_STRONG_OPENERS = frozenset(
    {"if", "when", "once", "after", "before", "by", "within", "until", "whenever", "unless"}
)
_FUNCTION_WORDS = frozenset(
    {
        "the", "a", "an", "of", "on", "in", "to", "with", "and", "or", "by", "for", "at", "from",
        "using", "via", "into", "per", "than", "their", "his", "her", "its", "&",
    }
)  # fmt: skip
_TIME_UNITS = frozenset(
    {
        "session", "sessions", "week", "weeks", "month", "months", "day", "days", "times",
        "minutes", "hours", "per", "each", "a", "points", "point", "%", "percent", "of", "the",
        "next", "consecutive", "weekly", "daily", "monthly",
    }
)  # fmt: skip


def split_smart_row(text: str) -> tuple[str, str, str] | None:
    """Split a run-together SMART row into goal, objective and mechanism, or None when unsure.

    Objectives start with an actor and "will" (`Client will`, `the client and therapist will`,
    `Group members will`), perhaps after a condition or time frame (`If ready, client will`,
    `By week 4, parents will`): the goal is the text before. The mechanism is the trailing phrase
    list, `Phrase; phrase`, which starts with a capital after the objective's last number (its
    time bound), or, without one, at the last capitalised word after "will" that does not
    continue a name or a phrase list; a lowercase mechanism is accepted only after a time bound.
    """
    for will in _WILL.finditer(text):
        split = _split_at(text, will)
        if split is not None:
            return split
    return None


def _split_at(text: str, will: re.Match[str]) -> tuple[str, str, str] | None:
    before = text[: will.start()].split()
    subject_start = _actor_start(before)
    if subject_start is None or subject_start == 0:
        return None
    goal = " ".join(before[:subject_start]).strip()
    after = text[will.end() :].split()
    mech_at = _mechanism_start(after)
    if mech_at is None or mech_at == 0:
        return None
    objective = " ".join([*before[subject_start:], will.group(1), *after[:mech_at]]).strip()
    mechanism = " ".join(after[mech_at:]).strip()
    if not _plausible_mechanism(mechanism) or objective.endswith((";", ",", ":")):
        return None
    if not goal or goal.endswith((",", ";", ":")):
        return None
    return goal, objective, mechanism


def _actor_start(words: list[str]) -> int | None:
    """Index of the objective's first word: the actor phrase before "will", and a condition or
    time frame before it; else the last capitalised word (`Marta will`)."""
    start = len(words)
    while start > 0:
        if start < len(words) and words[start][:1].isupper():
            break  # a capital starts the objective's sentence: "… client Client will"
        word = words[start - 1].casefold().strip("“”\"'")
        if word in _ACTOR_NOUNS or (start < len(words) and word in _ACTOR_DETERMINERS):
            start -= 1
        elif start < len(words) and word in _CONNECTORS and start >= 2:
            previous = words[start - 2].casefold()
            if previous in _ACTOR_NOUNS:
                start -= 1
            else:
                break
        else:
            break
    if start == len(words):
        owner = _possessive_actor(words)
        return _subject_start(words) if owner is None else _condition_start(words, owner)
    return _condition_start(words, start)


_POSSESSIVE_END = re.compile(r"(?:[’']s|s[’'])$")


def _possessive_actor(words: list[str]) -> int | None:
    """`Client’s PHQ-9 score will …`, `the parents’ reports will …`: an actor's possessive a few
    words before "will" starts the objective (with its determiner)."""
    for i in range(len(words) - 1, max(len(words) - 5, 0) - 1, -1):
        word = words[i].strip('“”"')
        if not _POSSESSIVE_END.search(word):
            continue
        noun = _POSSESSIVE_END.sub("", word).casefold()
        if noun not in _ACTOR_NOUNS and f"{noun}s" not in _ACTOR_NOUNS:
            return None
        if i and words[i - 1].casefold() in _ACTOR_DETERMINERS and not words[i][:1].isupper():
            i -= 1
        return i if i > 0 else None
    return None


def _condition_start(words: list[str], actor: int) -> int:
    """`Reduce panic If ready, client will …`: the objective starts at the condition's opener."""
    if actor == 0 or not words[actor - 1].endswith(","):
        return actor
    fallback = actor
    for i in range(actor - 1, max(actor - 10, 0) - 1, -1):
        if i == 0 or any(w.endswith(",") for w in words[i : actor - 1]):
            continue
        word = words[i]
        if word[:1].isupper() and word.casefold() in _CONDITION_OPENERS:
            return i  # "… When awake at night, client will": the capital opens the condition
        if fallback == actor and word in _STRONG_OPENERS:
            fallback = i  # a lowercase row: "… if ready, client will"
    return fallback


def _subject_start(words: list[str]) -> int | None:
    """Index of the actor phrase that precedes "will": the last capitalised word, extended over
    `X and Y` when both are capitalised; None when the phrase is implausibly long."""
    for i in range(len(words) - 1, -1, -1):
        if words[i][:1].isupper():
            start = i
            while start >= 2 and words[start - 1] in _CONNECTORS and words[start - 2][:1].isupper():
                start -= 2
            return start if len(words) - start <= 5 else None
        if words[i] not in _CONNECTORS and not words[i][:1].islower():
            return None
    return None


def _mechanism_start(words: list[str]) -> int | None:
    last_number = next((i for i in range(len(words) - 1, -1, -1) if _has_digit(words[i])), -1)
    starts = [
        i
        for i in range(max(last_number + 1, 1), len(words))
        if words[i][:1].isupper() and _starts_phrase(words, i)
    ]
    if last_number >= 0 and starts and starts[0] == last_number + 1:
        return starts[0]  # right after the time bound: "by week 6 Empathy; positive regard"
    for i in reversed(starts):
        if _plausible_mechanism(" ".join(words[i:])):
            return i
    if last_number >= 0:  # a lowercase mechanism after the time bound's unit words
        i = last_number + 1
        while i < len(words) and words[i].casefold().strip(",") in _TIME_UNITS:
            i += 1
        if last_number + 1 < i < len(words) and not words[i - 1].endswith((",", ";")):
            return i
    return None


def _starts_phrase(words: list[str], i: int) -> bool:
    """Whether word i can start the mechanism: it does not continue a capitalised name, a
    `;`/`,` phrase list or `X and Y`, and the objective would not end on a function word."""
    previous = words[i - 1]
    if previous.endswith((";", ",")) or previous.casefold() in _FUNCTION_WORDS:
        return False
    if previous[:1].isupper() and not _has_digit(previous):
        return False
    return not (previous.casefold() in _CONNECTORS and i >= 2 and words[i - 2][:1].isupper())


def _has_digit(text: str) -> bool:
    return any(map(str.isdigit, text))


def _plausible_mechanism(mechanism: str) -> bool:
    if not mechanism or len(mechanism.split()) > 10 or _has_digit(mechanism):
        return False
    return all(phrase.split() for phrase in mechanism.split(";"))


def split_key_term(text: str) -> tuple[str, str] | None:
    """`Term: definition` → (term, definition) when the term is short (at most six words)."""
    term, colon, definition = text.partition(":")
    if not colon:  # "Term — definition", "Term – definition"
        term, colon, definition = _TERM_DASH.partition(text)
    term, definition = term.strip(), definition.strip()
    if not colon or not term or not definition or len(term.split()) > 6:
        return None
    return term, definition


class _DashSplit:
    """`partition` at the first spaced em or en dash."""

    _DASH = re.compile(r"\s+[—–]\s+")

    def partition(self, text: str) -> tuple[str, str, str]:
        found = self._DASH.search(text)
        if found is None:
            return text, "", ""
        return text[: found.start()], found.group(), text[found.end() :]


_TERM_DASH = _DashSplit()


# --------------------------------------------------------------------------------------------
# Building the article
# --------------------------------------------------------------------------------------------

_RANGE_ENDS = ("to", "through", "of", "-", "–", "—")
_RANGE_START = re.compile(r"\b\d+(?:\.\d+)?\s*(?:to|through|out of|[-–—])\s*$|\bout of\s*$")


def _ends_a_range(item: Settled) -> bool:
    """Text ending in the start of a range or a count ("0 to", "3 out of"): the number that
    follows is its end, never a source number."""
    if not isinstance(item, Run):
        return False
    tail = item.text[-40:]
    # every match ends in one of these words or dashes, then whitespace only: a cheap test first
    return tail.rstrip().endswith(_RANGE_ENDS) and _RANGE_START.search(tail) is not None


_EXAMPLE_LABEL = re.compile(
    r"^LLM-generated illustrative example\s*(?:\(not a guideline\))?\s*:?\s*", re.IGNORECASE
)
_FRAMING_LABEL = re.compile(r"^Therapeutic framing\.\s*", re.IGNORECASE)


def is_example(text: str) -> bool:
    """Whether clean text starts with the illustrative-example label."""
    return bool(_EXAMPLE_LABEL.match(text))


def is_framing(text: str) -> bool:
    """Whether clean text starts with the "Therapeutic framing." label."""
    return bool(_FRAMING_LABEL.match(text))


@dataclass(slots=True)
class _RawSection:
    heading: Block
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class _Parts:
    """The article's blocks, sorted into the places they belong."""

    header: list[Block]  # before the title
    title: Block
    preamble: list[Block]  # between the title and the first section
    sections: list[_RawSection]
    provenance: Provenance


def _lift_headings(blocks: list[Block]) -> None:
    """Headings one level deeper than the wiki's, lifted in place: an export with no level-1
    heading whose title is its first, higher heading and whose usual sections sit one level
    below it (`## Title`, `### Core Principles`, as a page under a site's own `<h1>` writes)."""
    headings = [b for b in blocks if b.kind is BlockKind.HEADING]
    if not headings or any(b.level == 1 for b in headings):
        return
    top = min(b.level for b in headings)
    first = next(b for b in headings if b.level == top)
    if is_known_heading(first.text) or not any(
        b.level == top + 1 and is_known_heading(b.text) for b in headings
    ):
        return
    for block in headings:
        block.level = max(1, block.level - (top - 1))


def build_article(path: str, fmt: ArticleFormat, blocks: list[Block], last_line: int) -> Article:
    """Assemble an `Article` from a reader's blocks; raise ArticleError for what cannot be read."""
    builder = _Builder(path, fmt, last_line)
    return builder.build(blocks)


class _Builder:
    def __init__(self, path: str, fmt: ArticleFormat, last_line: int) -> None:
        self.columns: tuple[int, int, int] | None = None  # goal, objective, mechanism cells
        self.header_cells: tuple[str, ...] | None = None  # the current table's header row
        self.path = path
        self.fmt = fmt
        self.last_line = last_line
        self.warnings: list[str] = []
        self.resolver = TagResolver(path, ())

    # -- top level ---------------------------------------------------------------------------

    def build(self, blocks: list[Block]) -> Article:
        parts = self._sort(blocks)
        sources = self._sources(parts)
        self.resolver = TagResolver(self.path, (s.number for s in sources))
        article = Article(
            path=self.path,
            format=self.fmt,
            title=_HEADING_HASHES.sub("", parts.title.text),  # "# Title" in a plain-text file
            title_line=parts.title.line,
            sources=sources,
            provenance=parts.provenance,
            warnings=self.warnings,
        )
        self._type_line(article, [*parts.header, *parts.preamble])
        self._preamble(article, parts.preamble)
        for raw in parts.sections:
            self._section(article, raw)
        return article

    def _sort(self, blocks: list[Block]) -> _Parts:
        blocks, provenance = self._drop_furniture(blocks)
        _lift_headings(blocks)
        title_at = self._title_index(blocks)
        title = blocks[title_at]
        rest = blocks[title_at + 1 :]
        preamble: list[Block] = []
        sections: list[_RawSection] = []
        for block in rest:
            if block.kind is BlockKind.HEADING and block.level <= 2:
                sections.append(_RawSection(block))
            elif sections:
                sections[-1].blocks.append(block)
            else:
                preamble.append(block)
        return _Parts(blocks[:title_at], title, preamble, sections, provenance)

    def _drop_furniture(self, blocks: list[Block]) -> tuple[list[Block], Provenance]:
        kept: list[Block] = []
        provenance = Provenance()
        in_chrome = False
        for block in blocks:
            text = block.text
            if block.kind is BlockKind.HEADING:
                in_chrome = False
            if is_provenance_line(text) and block.kind is not BlockKind.HEADING:
                provenance = parse_provenance(text, block.line)
            elif starts_revision_chrome(text):
                in_chrome = True
            elif not in_chrome and not (is_furniture(text) and block.kind is not BlockKind.IMAGE):
                kept.append(block)
        return kept, provenance

    def _title_index(self, blocks: list[Block]) -> int:
        for i, block in enumerate(blocks):
            if (
                block.kind is BlockKind.HEADING
                and block.level == 1
                and not is_site_name(block.text)
            ):
                return i
        for i, block in enumerate(blocks):
            if block.kind is BlockKind.HEADING and is_known_heading(block.text):
                break
            if self._could_be_title(block):
                return i
        first = blocks[0] if blocks else None
        found = f": the article starts with {first.text[:60]!r}" if first else ""
        raise ArticleError(
            self.path,
            "no title" + found,
            line=first.line if first else 1,
            expected="a title line before the first section (Markdown '# Title', HTML <h1>)",
        )

    @staticmethod
    def _could_be_title(block: Block) -> bool:
        text = block.text
        return (
            block.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH)
            and 0 < len(text) <= 200
            and not block.has_tag
            and not text.endswith((".", ":", ";", ","))
            and parse_type_line(text) is None
            and not is_site_name(text)
        )

    # -- sources -----------------------------------------------------------------------------

    def _sources(self, parts: _Parts) -> list[SourceEntry]:
        heading: Block | None = None
        entries: list[SourceEntry] = []
        for raw in parts.sections:
            if section_role(raw.heading.text) is SectionRole.SOURCES:
                heading = heading or raw.heading
                entries.extend(self._source_entries(raw.blocks))
        if heading is None:
            raise self._no_sources(parts)
        if not entries:
            raise ArticleError(
                self.path,
                "the Sources section has no numbered entries",
                line=heading.line,
                expected="a 'Sources' heading followed by numbered entries",
            )
        return entries

    def _source_entries(self, blocks: list[Block]) -> list[SourceEntry]:
        entries: list[SourceEntry] = []
        seen: set[int] = set()
        lines = [entry for block in blocks for entry in _entry_lines(block)]
        listed = [(t, line) for _, t, line in lines if not _LLM_NOTE.match(t)]
        if (
            listed
            and not any(n is not None or numbered_prefix(t) for n, t, _ in lines)
            and all(_CITATION_LIKE.search(t) for t, _ in listed)
        ):
            # a bulleted list with no numbers at all ("- Norcross, J. C. (2011) …"): each entry
            # is numbered by its place, as an HTML <ol> numbers its items
            self.warnings.append(
                warning(
                    "unnumbered-source",
                    f"line {listed[0][1]}: the Sources list has no numbers; "
                    "its entries are numbered 1, 2, … in the order written",
                )
            )
            lines = [(i, t, line) for i, (t, line) in enumerate(listed, start=1)]
        for number, text, line in lines:
            self._source_entry(entries, seen, number, text, line)
        return entries

    def _source_entry(
        self, entries: list[SourceEntry], seen: set[int], number: int | None, text: str, line: int
    ) -> None:
        prefixed = numbered_prefix(text)
        if number is None and prefixed is not None:
            number, text = prefixed
        if number is None and _LLM_NOTE.match(text):
            return  # the legend of the LLM tag, written as a footnote
        if number is None or not text:
            self.warnings.append(
                warning("unnumbered-source", f"line {line}: unnumbered text in Sources ignored")
            )
            return
        if number in seen:
            self.warnings.append(
                warning("duplicate-source", f"line {line}: source {number} listed twice")
            )
            return
        seen.add(number)
        entries.append(parse_source(number, text, line))

    def _no_sources(self, parts: _Parts) -> ArticleError:
        message = "no Sources list"
        blocks = [b for raw in parts.sections for b in raw.blocks] or parts.preamble
        if blocks and _ends_mid_sentence(blocks[-1]):
            message += (
                f"; the text ends mid-sentence (line {blocks[-1].line}): is the file truncated?"
            )
        return ArticleError(
            self.path,
            message,
            line=self.last_line,
            expected="a 'Sources' heading followed by numbered entries",
        )

    # -- header, lead and figure -------------------------------------------------------------

    def _type_line(self, article: Article, blocks: list[Block]) -> None:
        for block in blocks:
            fields = parse_type_line(block.text) if block.kind is BlockKind.PARAGRAPH else None
            if fields is not None and not block.has_tag:
                article.approach_type, article.discipline, article.subfield = fields
                return

    def _preamble(self, article: Article, blocks: list[Block]) -> None:
        after_image = False
        caption_done = False
        for block in blocks:
            if block.kind is BlockKind.PARAGRAPH and parse_type_line(block.text) is not None:
                continue
            if block.kind is BlockKind.IMAGE:
                article.figure.extend(self._units(block.inlines, Kind.IMAGE_ALT))
                after_image = True
            elif after_image and not caption_done:
                article.figure.extend(self._units(block.inlines, Kind.CAPTION))
                caption_done = True
            else:
                article.lead.extend(self._units(block.inlines, Kind.LEAD))

    # -- sections ----------------------------------------------------------------------------

    def _section(self, article: Article, raw: _RawSection) -> None:
        role = section_role(raw.heading.text)
        if role is SectionRole.SOURCES:
            return
        if role is SectionRole.SEE_ALSO:
            article.see_also.extend(t for b in raw.blocks if (t := written_text(b.items())))
            return
        section = Section(heading=canonical_heading(raw.heading.text), line=raw.heading.line)
        smart_table = False
        self.columns = None
        self.header_cells = None
        for block in raw.blocks:
            lines = _text_table(block) if role is SectionRole.SMART else None
            if lines is not None:  # a run-together table in a Markdown or HTML paragraph
                smart_table = True
                for line in lines:
                    if is_framing(line.text):
                        self._block(section, line, role)
                    else:
                        smart_table = self._table_row(section, line, role, smart_table)
            elif block.kind is BlockKind.TABLE_ROW:
                smart_table = self._table_row(section, block, role, smart_table)
            else:
                self._block(section, block, role)
        article.sections.append(section)

    def _block(self, section: Section, block: Block, role: SectionRole) -> None:
        text = block.text
        if block.kind is BlockKind.HEADING:
            self.warnings.append(
                warning(
                    "sub-heading",
                    f"line {block.line}: sub-heading {text!r} read as part of {section.heading!r}",
                )
            )
        elif block.kind is BlockKind.IMAGE:
            section.sentences.extend(self._units(block.inlines, Kind.IMAGE_ALT))
        elif is_example(text):
            section.sentences.extend(self._labelled(block, _EXAMPLE_LABEL, Kind.EXAMPLE))
        elif is_framing(text):
            section.sentences.extend(self._labelled(block, _FRAMING_LABEL, Kind.FRAMING))
        elif role is SectionRole.RESOURCES and not block.has_tag:
            self.warnings.append(
                warning(
                    "untagged-resource",
                    f"line {block.line}: untagged resource line not read as a unit",
                )
            )
        else:
            for unit in self._units(block.inlines, self._kind(block, role)):
                self._add(section, unit, role)

    @staticmethod
    def _kind(block: Block, role: SectionRole) -> Kind:
        if role is SectionRole.KEY_TERMS:
            return Kind.KEY_TERM
        if role is SectionRole.QUESTIONS and block.kind is BlockKind.LIST_ITEM:
            return Kind.QUESTION
        if role is SectionRole.QUESTIONS and block.text.endswith(("?", "?”", '?"')):
            return Kind.QUESTION
        return Kind.LIST_ITEM if block.kind is BlockKind.LIST_ITEM else Kind.PROSE

    def _add(self, section: Section, unit: Sentence, role: SectionRole) -> None:
        if unit.kind is Kind.KEY_TERM:
            parsed = split_key_term(unit.text) if not unit.tag.untagged else None
            if parsed is None:
                unit.kind = Kind.PROSE
                self.warnings.append(
                    warning("key-term-shape", f"line {unit.line}: not read as 'Term: definition'")
                )
            else:
                section.key_terms.append(KeyTermEntry(parsed[0], parsed[1], unit))
        section.sentences.append(unit)

    def _labelled(self, block: Block, label: re.Pattern[str], kind: Kind) -> list[Sentence]:
        """An example block or framing line: one unit, its label kept out of the text."""
        units = self._units(block.inlines, kind)
        if units:
            units[0].text = label.sub("", units[0].text, count=1)
            units[0].line = block.line
            units = [u for u in units if u.text]
        if len(units) > 1:
            self.warnings.append(
                warning(
                    "several-tags",
                    f"line {block.line}: {kind.value} block holds several tags; "
                    "read as several units",
                )
            )
        return units

    def _table_row(
        self, section: Section, block: Block, role: SectionRole, smart_table: bool
    ) -> bool:
        """Add one table row as one unit; returns whether the table is a SMART table."""
        if not block.header and not block.has_tag and _looks_like_header(block.text):
            block.header = True  # a header row written with <td> cells
        if block.header:
            self.columns = _smart_columns(block)
            self.header_cells = self._cells(block) if block.cells is not None else None
            return "goal" in block.text.casefold() or "mechanism" in block.text.casefold()
        smart = smart_table or role is SectionRole.SMART
        kind = Kind.SMART_ROW if smart else Kind.LIST_ITEM
        settled = self.resolver.settle(block.items(), self.warnings)
        marks = [i for i in settled if isinstance(i, TagMark)]
        text = clean("".join(i.text for i in settled if not isinstance(i, TagMark)))
        if not text:
            return smart
        columns = None
        if not smart and block.cells is not None:
            text = self._cells_text(block) or text  # "Empathy | Demonstrably effective"
            columns = self._columns(block)
        tag = self.resolver.resolve(marks)
        unit = Sentence(text=text, tag=tag, line=block.line, kind=kind, columns=columns)
        if unit.tag.untagged:
            self.warnings.append(
                warning("untagged-row", f"line {block.line}: table row without a tag")
            )
        section.sentences.append(unit)
        if smart:
            self._smart(section, block, unit)
        return smart

    def _cells_text(self, block: Block) -> str:
        """A row's cells joined by " | ", so that the columns stay apart in its text."""
        return " | ".join(c for c in self._cells(block) if c)

    def _columns(self, block: Block) -> tuple[str, ...] | None:
        """The header cell above each non-empty cell of the row (the cells its text joins),
        when the row lines up with the table's header; a last cell that held only the tag is
        no column."""
        if self.header_cells is None:
            return None
        cells = list(self._cells(block))
        while len(cells) > len(self.header_cells) and not cells[-1]:
            cells.pop()
        if len(cells) != len(self.header_cells):
            return None
        return tuple(h for h, c in zip(self.header_cells, cells, strict=True) if c)

    def _cells(self, block: Block) -> tuple[str, ...]:
        """A row's cells as text, without their tags (an empty cell stays, in its column)."""
        return tuple(
            clean(
                "".join(i.text for i in self.resolver.settle(cell, []) if isinstance(i, Run | Cut))
            )
            for cell in block.cells or []
        )

    def _smart(self, section: Section, block: Block, unit: Sentence) -> None:
        parts: tuple[str, str, str] | None = None
        if block.cells is not None:
            cells = list(self._cells(block))
            while len(cells) > 3 and not cells[-1]:
                cells.pop()  # a column that held only the tag
            if self.columns is not None and max(self.columns) < len(cells):
                goal, objective, mechanism = (cells[i] for i in self.columns)
                parts = (goal, objective, mechanism)
            elif len(cells) == 3:
                parts = (cells[0], cells[1], cells[2])
            if parts is not None and not all(parts):
                parts = None
        if parts is None:
            parts = split_smart_row(unit.text)
        if parts is None:
            self.warnings.append(
                warning(
                    "smart-row-shape",
                    f"line {block.line}: SMART row not split into goal / objective / mechanism",
                )
            )
            return
        section.smart_rows.append(SmartRow(parts[0], parts[1], parts[2], unit))

    # -- units -------------------------------------------------------------------------------

    def _units(self, items: Sequence[Inline], kind: Kind) -> list[Sentence]:
        units: list[Sentence] = []
        for piece in cut_units(self.resolver.settle(items, self.warnings), self.warnings):
            if not piece.marks and units and _PUNCTUATION_ONLY.fullmatch(piece.raw):
                # "… graded [1]:" before a list: the colon after the tag ends the sentence
                if ":" in piece.raw and not units[-1].text.endswith(":"):
                    last = units[-1]
                    units[-1] = Sentence(last.text + ":", last.tag, last.line, last.kind)
                continue
            if piece.marks:
                tag = self.resolver.resolve(piece.marks)
                units.append(Sentence(text=piece.text, tag=tag, line=piece.line, kind=kind))
                continue
            if kind not in (Kind.LEAD, Kind.IMAGE_ALT):
                self.warnings.append(
                    warning("untagged-text", f"line {piece.line}: text without a provenance tag")
                )
            units.extend(self._untagged(piece, kind))
        return units

    @staticmethod
    def _untagged(piece: Piece, kind: Kind) -> list[Sentence]:
        """Orthographic sentences of untagged text, each on the line where it starts."""
        return [
            Sentence(
                text=clean(piece.raw[start:end]),
                tag=UNTAGGED,
                line=piece.base_line + piece.raw[:start].count("\n"),
                kind=kind,
            )
            for start, end in sentence_spans(piece.raw)
        ]


_PUNCTUATION_ONLY = re.compile(r"[\s:;,.!?…—–-]*")


def _smart_columns(header: Block) -> tuple[int, int, int] | None:
    """Which cells of a SMART table's rows hold the goal, the objective and the mechanism, from
    the header's cells (`Goal | SMART objective (example) | Mechanism`, in any order)."""
    if header.cells is None:
        return None
    names = [inline_text(cell).casefold() for cell in header.cells]
    found = []
    for word in ("goal", "objective", "mechanism"):
        index = next((i for i, name in enumerate(names) if word in name), None)
        if index is None:
            return None
        found.append(index)
    if len(set(found)) < 3:
        return None
    return found[0], found[1], found[2]


def _looks_like_header(text: str) -> bool:
    """`Goal | SMART objective | Mechanism`, in any order, written as an ordinary row."""
    key = text.casefold()
    return len(key.split()) <= 8 and "goal" in key and "mechanism" in key and "will" not in key


_TEXT_TABLE_HEADER = re.compile(r"^Goal\b.*\bMechanism$", re.IGNORECASE)


def _text_table(block: Block) -> list[Block] | None:
    """A paragraph that holds a SMART table as plain text does (`Goal SMART objective (example)
    Mechanism`, then one run-together row a line): its rows as table-row blocks."""
    if block.kind is not BlockKind.PARAGRAPH or block.text[:4].casefold() != "goal":
        return None
    lines: list[list[Inline]] = [[]]
    for item in block.inlines:
        if isinstance(item, Run) and "\n" in item.text:
            head, *rest = item.text.split("\n")
            lines[-1].append(Run(head, item.line))
            for offset, part in enumerate(rest, start=1):
                lines.append([Run(part, item.line + offset)])
        else:
            lines[-1].append(item)
    if len(lines) < 2 or not _TEXT_TABLE_HEADER.match(inline_text(lines[0])):
        return None
    rows = [Block(BlockKind.TABLE_ROW, _first_line(lines[0], block.line), lines[0], header=True)]
    for items in lines[1:]:
        if inline_text(items) or any(isinstance(i, TagMark) for i in items):
            kind = BlockKind.PARAGRAPH if is_framing(inline_text(items)) else BlockKind.TABLE_ROW
            rows.append(Block(kind, _first_line(items, block.line), items))
    return rows


def _first_line(items: Sequence[Inline], default: int) -> int:
    for item in items:
        if isinstance(item, TagMark) or item.text.strip():
            return item.line
    return default


def _ends_mid_sentence(block: Block) -> bool:
    """Whether a block's last words are untagged and lack closing punctuation (a cut-off file)."""
    items = [i for i in block.items() if isinstance(i, TagMark) or i.text.strip()]
    if not items or isinstance(items[-1], TagMark) or block.kind is BlockKind.HEADING:
        return False
    return not items[-1].text.rstrip().endswith((".", "?", "!", "”", '"', "’", ":", ")"))


def last_line(text: str) -> int:
    """The number of the file's last non-blank line."""
    return text.rstrip().count("\n") + 1
