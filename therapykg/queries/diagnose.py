"""SPARQL syntax errors a person can act on: the line with a caret, and a hint for common mistakes.

Oxigraph says where a query stopped parsing ("error at 3:17") and what its grammar expected
there, which for an undeclared prefix is a page of Unicode ranges. `explain` keeps the position,
shows the line, and adds at most one hint, read from the query's own tokens:

- an undeclared prefix, with the prefixes every query here may use without declaring them;
- an unbalanced bracket, with where the unclosed one opened (or the stray closer);
- a keyword typo ("SELCT", "FILTR"), with the keyword it is closest to;
- a placeholder such as `SELECT ...` where variables or `*` belong.

The protocol's own error body stays Oxigraph's plain message; this is for the CLI and the HTML
pages.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from therapykg.ontology.vocab import PREFIXES

KEYWORDS = frozenset(
    {
        "SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS",
        "GRAPH", "BIND", "VALUES", "PREFIX", "BASE", "DISTINCT", "REDUCED", "GROUP", "ORDER",
        "HAVING", "LIMIT", "OFFSET", "EXISTS", "NOT", "FROM", "NAMED", "AS", "BY", "ASC", "DESC",
    }
)  # fmt: skip
# Oxigraph says "error at 3:17"; rdflib's parser (the endpoint's guard) "at line 3, column 17".
_POSITION = re.compile(r"error at (\d+):(\d+)|at line (\d+), column (\d+)")
_TOKEN = re.compile(
    r"""(?P<skip>\#[^\n]*|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"
         |<[^<>"{}|^`\\\s]*>|[?$]\w+)
      | (?P<pname>[A-Za-z][\w.-]*?:)(?=[^\s]|$)
      | (?P<word>[A-Za-z_]\w*)
      | (?P<open>[({\[])
      | (?P<close>[)}\]])""",
    re.VERBOSE | re.DOTALL,
)
_PAIRS = {")": "(", "}": "{", "]": "["}


@dataclass(frozen=True, slots=True)
class Where:
    line: int
    column: int


def explain(query: str, message: str) -> str:
    """The error as a person reads it: position, the line with a caret, and a hint if one fits."""
    where = position(message)
    hint = _hint(query, message, where)
    # With a hint, the grammar's list of what it expected there is noise (often misleading).
    parts = [_headline(message, where, with_expected=hint is None)]
    if where is not None:
        parts.append(_caret(query, where))
    if hint:
        parts.append(f"hint: {hint}")
    return "\n".join(parts)


def position(message: str) -> Where | None:
    """Where a parser's message says the query went wrong, if it says."""
    found = _POSITION.search(message)
    if found is None:
        return None
    line, column = (int(g) for g in found.groups() if g is not None)
    return Where(line, column)


def _headline(message: str, where: Where | None, *, with_expected: bool) -> str:
    place = f"line {where.line}, column {where.column}" if where else "an unknown place"
    text = f"the query is not valid SPARQL at {place}"
    if not with_expected or "expected" not in message:
        return text
    expected = message.split("expected", 1)[1].strip().removeprefix("one of").strip()
    # Character classes ("['A' ..= 'Z' | …]") say nothing to a person: keep the named tokens.
    items = [t.strip() for t in re.split(r",\s*(?![^\[]*\])", expected)]
    named = [t for t in items if t and not t.startswith("[") and "not found" not in t]
    return f"{text}: expected {', '.join(named[:8])}" if named else text


def _caret(query: str, where: Where) -> str:
    lines = query.splitlines() or [""]
    line = lines[min(where.line, len(lines)) - 1]
    return f"  {line}\n  {' ' * max(where.column - 1, 0)}^"


def _hint(query: str, message: str, where: Where | None) -> str | None:
    return (
        _undeclared_prefix(query)
        or _unbalanced(query)
        or _placeholder(query, where)
        or _typo(query, where)
    )


def _tokens(query: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) of each token that matters here; strings, IRIs and comments skipped."""
    return [
        (m.lastgroup or "", m.group(), m.start())
        for m in _TOKEN.finditer(query)
        if m.lastgroup != "skip"
    ]


def _undeclared_prefix(query: str) -> str | None:
    declared = {p.lower() for p in re.findall(r"PREFIX\s+([\w.-]*):", query, flags=re.I)}
    known = set(PREFIXES) | declared
    for kind, text, _ in _tokens(query):
        prefix = text[:-1]
        if kind == "pname" and prefix not in known:
            listed = ", ".join(f"{p}:" for p in sorted(PREFIXES))
            return (
                f"the prefix '{prefix}:' is not declared; declare it (PREFIX {prefix}: <…>) "
                f"or use one that every query may use without declaring: {listed}"
            )
    return None


def _unbalanced(query: str) -> str | None:
    stack: list[tuple[str, int]] = []
    for kind, text, offset in _tokens(query):
        if kind == "open":
            stack.append((text, offset))
        elif kind == "close":
            line, column = _line_column(query, offset)
            if not stack:
                return f"'{text}' at line {line}, column {column} closes nothing that is open"
            if stack[-1][0] != _PAIRS[text]:
                opener, at = stack[-1]
                o_line, o_column = _line_column(query, at)
                return (
                    f"the '{opener}' opened at line {o_line}, column {o_column} is still open"
                    f" at the '{text}' on line {line}, column {column}"
                )
            stack.pop()
    if stack:
        text, offset = stack[-1]
        line, column = _line_column(query, offset)
        closer = {v: k for k, v in _PAIRS.items()}[text]
        return (
            f"the '{text}' opened at line {line}, column {column} is never closed with '{closer}'"
        )
    return None


def _placeholder(query: str, where: Where | None) -> str | None:
    if where is None:
        return None
    line = (query.splitlines() or [""])[min(where.line, max(len(query.splitlines()), 1)) - 1]
    if "..." in line or "…" in line:
        return "'...' stands for what you fill in: variables (?x ?y) or *, then WHERE { … }"
    return None


def _typo(query: str, where: Where | None) -> str | None:
    words = [(text, offset) for kind, text, offset in _tokens(query) if kind == "word"]
    if where is not None:
        stop = _offset(query, where)
        before = [w for w in words if w[1] <= stop]
        words = before[-3:] if before else words[:1]
    for text, _ in reversed(words):
        if text.upper() in KEYWORDS or len(text) < 3:
            continue
        close = difflib.get_close_matches(text.upper(), sorted(KEYWORDS), n=1, cutoff=0.75)
        if close:
            return f"'{text}' is no SPARQL keyword; did you mean {close[0]}?"
    return None


def _line_column(query: str, offset: int) -> tuple[int, int]:
    line = query.count("\n", 0, offset) + 1
    return line, offset - (query.rfind("\n", 0, offset) + 1) + 1


def _offset(query: str, where: Where) -> int:
    lines = query.split("\n")
    return sum(len(x) + 1 for x in lines[: where.line - 1]) + where.column - 1
