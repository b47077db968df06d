"""Guessing a query's form from its text, to choose the result formats to offer (the web
endpoint) and the media types to ask a SPARQL server for (the remote store).

This is a tokeniser, and a tokeniser can be fooled (`FILTER(1<2)SERVICE#>` reads to it as one
IRI): nothing here decides what a request may do. SERVICE, LOAD, updates and FROM are decided from
a real parse (therapykg.web.sparqlparse) where the query runs. A wrong guess of the form only
changes which media types `Accept` is matched against: the result is what the query gives, read
by the media type it comes in.

The text is tokenised the way the grammar mostly reads it: codepoint escapes first, then
comments, strings, IRIs, variables and prefixed names (PN_LOCAL, escapes included) are skipped and
only bare keywords are looked at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<name>(?:[^\W\d_][\w.\-\u00B7\u0300-\u036F\u203F-\u2040]*)?:
        (?:[\w:.\-\u00B7\u0300-\u036F\u203F-\u2040]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*
      |_:[\w.\-]+)
  | (?P<word>[^\W\d_][\w]*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


def unescape_codepoints(text: str) -> str:
    """Replace `\\uXXXX` and `\\UXXXXXXXX` as SPARQL does before it tokenises anything."""

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)

    return _CODEPOINT.sub(replace, text)


def keywords(text: str) -> list[str]:
    """The bare words of a SPARQL text, upper-cased, in order; everything quoted is skipped."""
    found: list[str] = []
    for match in _TOKEN.finditer(unescape_codepoints(text)):
        if match.lastgroup == "word":
            found.append(match.group().upper())
    return found


@dataclass(frozen=True, slots=True)
class Shape:
    """The form a query's text seems to have, for content negotiation only."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE; None when it does not start with one


def shape(text: str) -> Shape:
    """The form of a query, guessed from its first keyword after the prologue."""
    words = keywords(text)
    first = next((w for w in words if w not in ("BASE", "PREFIX")), None)
    return Shape(form=first if first in QUERY_FORMS else None)


def split_leading_bases(text: str) -> tuple[str, str]:
    """The query's opening BASE declarations (with the comments among them) and the rest: a
    store that puts its own PREFIX lines first can put these before them, where every engine
    reads a BASE (Virtuoso refuses one after a PREFIX, which the grammar allows)."""
    end = 0
    tokens = _TOKEN.finditer(text)
    for match in tokens:
        if match.lastgroup == "comment":
            continue
        if match.lastgroup != "word" or match.group().upper() != "BASE":
            break
        iri = next(tokens, None)
        if iri is None or iri.lastgroup != "iri":
            break
        end = iri.end()
    return text[:end], text[end:]
