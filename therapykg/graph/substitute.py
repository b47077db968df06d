"""Variable substitution for stores that only accept query text (remote SPARQL servers).

The SPARQL 1.1 protocol has no way to send a value beside a query, so a remote store must put the
value in the text. This does it the way SEP-0007 defines substitution, never by string pasting:
the query is tokenised (strings, IRIs and comments are skipped whole), each occurrence of a bound
variable is replaced by the term's canonical N-Triples form (which pyoxigraph escapes), and a
projected variable becomes `(term AS ?var)` so the results still carry it. Appending a VALUES
block instead (what rdflib's SPARQLStore does) would join after GROUP BY and give other answers
than the embedded store: RDFLib issue 1772.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_-]*)
    | (?P<open>[{(])
    | (?P<close>[})])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def _term_text(term: Term) -> str:
    if isinstance(term, ox.BlankNode):
        raise ValueError("a blank node cannot be substituted into query text")
    return str(term)


def substitute(query: str, bindings: Mapping[str, Term]) -> str:
    """`query` with each bound variable replaced by its value, as SEP-0007 substitution."""
    if not bindings:
        return query
    values = {name: _term_text(term) for name, term in bindings.items()}
    out: list[str] = []
    clause = ""  # the clause being read: SELECT, WHERE, GROUP, ORDER, HAVING, ...
    depth = select_depth = 0
    after_as = False
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind == "var" and text[1:] in values and not after_as:
            nested = depth > select_depth
            out.append(_replacement(text, values[text[1:]], clause, nested, select_depth > 0))
            continue
        if kind == "word":
            upper = text.upper()
            if upper in _CLAUSES:
                clause, select_depth = upper, depth
        elif kind == "open":
            depth += 1
            clause = "WHERE" if text == "{" else clause
        elif kind == "close":
            depth -= 1
            clause = "WHERE" if text == "}" and depth > 0 else clause
        if kind not in ("comment", "other") or not text.isspace():
            after_as = kind == "word" and text.upper() == "AS"
        out.append(text)
    return "".join(out)


_CLAUSES = frozenset({"SELECT", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET"})


def _replacement(var: str, value: str, clause: str, nested: bool, subquery: bool) -> str:
    if clause == "SELECT":
        if nested:  # inside an expression: (COUNT(?v) AS ?n)
            return value
        # The outermost projection keeps the variable, bound to the value; a subquery's drops it,
        # since the value is now a constant that the outer query may not rebind.
        return "" if subquery else f"({value} AS {var})"
    if clause in ("GROUP", "ORDER", "HAVING"):
        return f"({value})"
    return value


def with_values(query: str, name: str, terms: Iterable[Term]) -> str:
    """`query` with its empty `VALUES ?name {}` block holding `terms`, each written as
    `substitute` writes a value (its N-Triples form, which pyoxigraph escapes): for a list of
    values, which SEP-0007 cannot bind."""
    written = " ".join(_term_text(term) for term in terms)
    out: list[str] = []
    state = 0  # 1: after VALUES, 2: after VALUES ?name, 3: after its `{`
    done = False
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group()
        if not done and not text.isspace():
            state = _values_state(state, kind, text, name)
            if state == 4:  # the block's `}`: the values go before it
                out.append(f" {written} ")
                done = True
        out.append(text)
    if not done:
        raise ValueError(f"the query has no empty VALUES ?{name} {{}} block")
    return "".join(out)


def _values_state(state: int, kind: str | None, text: str, name: str) -> int:
    if kind == "word" and text.upper() == "VALUES":
        return 1
    if state == 1 and kind == "var" and text[1:] == name:
        return 2
    if state == 2 and text == "{":
        return 3
    if state == 3 and text == "}":
        return 4
    return 0
