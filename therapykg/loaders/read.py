"""`read_article`: any article file → `Article`, or an ArticleError that says where and why.

The format comes from the extension (.txt, .md/.markdown, .html/.htm), else from the content.
Decoding is strict: UTF-8 (a BOM is allowed), or UTF-16 with a BOM. Anything else, binary data
included, is refused with the line of the first offending byte, because guessing an encoding would
silently corrupt names and quotations that the graph must keep exactly as written.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from therapykg.errors import ArticleError
from therapykg.loaders.formats import ArticleFormat
from therapykg.loaders.model import Article
from therapykg.loaders.segment import visible

EXPECTED_FILE = "a UTF-8 article file (.txt, .md or .html)"
# C0 controls other than tab, LF, FF and CR, and DEL: never in an article, always in binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_article(path: str | Path) -> Article:
    """Read one article file in any supported format."""
    name = str(path)
    data = _read_bytes(Path(path), name)
    text = decode(data, name)
    fmt = detect_format(Path(path), text)
    return _reader(fmt)(name, text)


def read_article_text(
    text: str, path: str = "<string>", fmt: ArticleFormat | str = ArticleFormat.TEXT
) -> Article:
    """Read already-decoded article text in the given format ("text", "markdown" or "html")."""
    if fmt not in tuple(ArticleFormat):
        raise ValueError(f"unknown article format {fmt!r}")
    return _reader(ArticleFormat(fmt))(path, normalise(text, path))


def _reader(fmt: ArticleFormat) -> Callable[[str, str], Article]:
    # imported here so that each reader's dependencies load only when needed
    if fmt is ArticleFormat.MARKDOWN:
        from therapykg.loaders.markdown import read_markdown

        return read_markdown
    if fmt is ArticleFormat.HTML:
        from therapykg.loaders.html import read_html

        return read_html
    from therapykg.loaders.text import read_text

    return read_text


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(name, "no such file", expected=EXPECTED_FILE) from None
    except IsADirectoryError:
        raise ArticleError(name, "is a directory, not a file", expected=EXPECTED_FILE) from None
    except OSError as err:
        raise ArticleError(
            name, f"cannot be read: {err.strerror}", expected=EXPECTED_FILE
        ) from None


def decode(data: bytes, name: str) -> str:
    """Bytes → NFC text with LF line ends; refuse empty, binary and non-UTF-8 files."""
    if not data.strip():
        raise ArticleError(
            name,
            "the file is empty",
            line=1,
            expected="an article: a title, sections and a Sources list",
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        text = _decode_utf16(data, name)
    else:
        if b"\x00" in data:
            raise _binary(name, data[: data.index(b"\x00")])
        text = _decode_utf8(data, name)
    return normalise(text, name)


# Typographic ligatures a PDF's text holds ("ﬁrst", "chieﬂy"): the letters they join
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_LIGATURE_CHARS = "ﬀﬁﬂﬃﬄﬅﬆ"


def normalise(text: str, name: str) -> str:
    """Strip a BOM, unify line ends (CRLF, CR → LF), drop characters that show nothing (a soft
    hyphen, a zero-width space: `segment.visible`), NFC-normalise, spell out ligatures (`ﬁ`);
    refuse control characters."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise ArticleError(
            name,
            f"binary data: control character U+{ord(control.group()):04X}",
            line=line,
            expected=EXPECTED_FILE,
        )
    if not text.strip():
        raise ArticleError(
            name,
            "the file is empty",
            line=1,
            expected="an article: a title, sections and a Sources list",
        )
    text = unicodedata.normalize("NFC", visible(text))
    if any(ligature in text for ligature in _LIGATURE_CHARS):
        text = text.translate(_LIGATURES)
    return text


def _decode_utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = _line_of(data, err.start)
        column = err.start - max(data.rfind(b"\n", 0, err.start), data.rfind(b"\r", 0, err.start))
        hint = _encoding_hint(data)
        raise ArticleError(
            name,
            f"not UTF-8: byte 0x{data[err.start]:02X} cannot be decoded{hint}",
            line=line,
            column=column,
            expected="UTF-8 text (re-save the file as UTF-8)",
        ) from None


def _decode_utf16(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as err:
        raise ArticleError(
            name,
            f"not valid UTF-16 despite its byte-order mark (byte offset {err.start})",
            expected="UTF-8 text, or UTF-16 with a byte-order mark",
        ) from None


def _binary(name: str, before: bytes) -> ArticleError:
    return ArticleError(
        name, "binary data: NUL byte", line=_line_of(before, len(before)), expected=EXPECTED_FILE
    )


def _line_of(data: bytes, offset: int) -> int:
    head = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return head.count(b"\n") + 1


def _encoding_hint(data: bytes) -> str:
    """Say what the file probably is, so the user knows how to fix it."""
    high = sum(1 for b in data if b >= 0x80)
    controls = sum(1 for b in data if b < 0x09 or 0x0E <= b < 0x20)
    if controls > 0 or high > len(data) // 3:
        return "; the file looks binary, not like text"
    return "; it looks like Latin-1 or Windows-1252 text"


_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(?:h[1-6]|p|div|article|section|ul|ol|li|table|sup)\b[^>]*>", re.I)
_MD_SIGNS = re.compile(
    r"^(?:#{1,6}\s+\S|\|.*\|\s*$|\s*[-*]\s+\*\*|>\s)|\]\([^)]*\)|`LLM`|\[\d+\]", re.M
)


def detect_format(path: Path, text: str) -> ArticleFormat:
    """The reader for a file: by extension, else by what the content looks like."""
    by_suffix = ArticleFormat.from_extension(path.suffix.casefold()) if path.suffix else None
    if by_suffix:
        return by_suffix
    head = text[:20000]
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return ArticleFormat.HTML
    if len(_MD_SIGNS.findall(head)) >= 2:
        return ArticleFormat.MARKDOWN
    return ArticleFormat.TEXT
