"""Reading the shape of a SPARQL request without running it.

The endpoint must refuse SERVICE (both Oxigraph and rdflib follow it to any URL), LOAD and updates
before anything executes, and must know whether a query names its own dataset (FROM, FROM NAMED),
because Oxigraph's union-default-graph flag silently overrides FROM. A substring test would be
fooled by `"SERVICE"` in a string or `<http://x/SERVICE>` in an IRI, and would miss `\\u0053ERVICE`
(SPARQL unescapes codepoints before parsing), so the text is tokenised the way the grammar reads it:
codepoint escapes first, then comments, strings, IRIs, variables and prefixed names are skipped
and only bare keywords are looked at. A prefixed name is read as the grammar reads it (PN_LOCAL),
escapes included (`tkg:a\'` is one name: the quote does not start a string).
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
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


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
    """What the endpoint needs to know about a request's text before it runs it."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE; None when not a query
    is_update: bool
    uses_service: bool
    uses_load: bool
    names_dataset: bool  # FROM or FROM NAMED


def shape(text: str) -> Shape:
    """The form of a query or update, and whether it reaches out (SERVICE, LOAD)."""
    words = keywords(text)
    form = next((w for w in words if w in QUERY_FORMS), None)
    first = next((w for w in words if w not in ("BASE", "PREFIX")), None)
    return Shape(
        form=form if first in QUERY_FORMS else None,
        is_update=first in UPDATE_WORDS,
        uses_service="SERVICE" in words,
        uses_load="LOAD" in words,
        names_dataset="FROM" in words,
    )
