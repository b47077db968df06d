"""Variable substitution for stores that only accept query text (remote SPARQL servers).

The SPARQL 1.1 protocol has no way to send a value beside a query, so a remote store must put the
value in the text. This does it the way SEP-0007 defines substitution, never by string pasting:
the query is tokenised (strings, IRIs and comments are skipped whole), each occurrence of a bound
variable is replaced by the term's canonical N-Triples form (which pyoxigraph escapes), and a
projected variable becomes `(term AS ?var)` so the results still carry it. Appending a VALUES
block instead (what rdflib's SPARQLStore does) would join after GROUP BY and give other answers
than the embedded store: RDFLib issue 1772.

What SEP-0007 cannot bind goes in the same way, each term written in its N-Triples form by
pyoxigraph: a list of values into an empty `VALUES ?name {}` block (`with_values`) or `VALUES
(?a ?b) {}` block (`with_rows`), a list into an empty `?name NOT IN ()` (`with_list`), and the
quads of an update into its empty data or template block, `INSERT DATA {}` (`with_quads`). A text
of the code's own may bind a variable where SPARQL wants a term (`DROP SILENT GRAPH ?graph`): it
is a template, valid once substituted. So no SPARQL text is assembled from values by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

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
    """`query` with each of its empty `VALUES ?name {}` blocks holding `terms`, each written as
    `substitute` writes a value (its N-Triples form, which pyoxigraph escapes): for a list of
    values, which SEP-0007 cannot bind."""
    written = " ".join(_term_text(term) for term in terms)
    out: list[str] = []
    state = 0  # 1: after VALUES, 2: after VALUES ?name, 3: after its `{`
    done = False
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group()
        if not text.isspace():
            state = _values_state(state, kind, text, name)
            if state == 4:  # the block's `}`: the values go before it
                out.append(f" {written} ")
                done = True
        out.append(text)
    if not done:
        raise ValueError(f"the query has no empty VALUES ?{name} {{}} block")
    return "".join(out)


def with_rows(query: str, names: Sequence[str], rows: Iterable[Sequence[Term]]) -> str:
    """`query` with its empty `VALUES (?a ?b …) {}` block over `names` holding `rows`, one
    tuple of terms per row, each written as `with_values` writes one."""
    written = " ".join("(" + " ".join(_term_text(t) for t in row) + ")" for row in rows)
    tokens = _significant(query)
    wanted = ["VALUES", "(", *(f"?{n}" for n in names), ")", "{", "}"]
    for at in range(len(tokens) - len(wanted) + 1):
        window = [t.group() for t in tokens[at : at + len(wanted)]]
        if [w.upper() if w.isalpha() else w for w in window] == wanted:
            end = tokens[at + len(wanted) - 1].start()
            return f"{query[:end]} {written} {query[end:]}"
    listed = " ".join(f"?{n}" for n in names)
    raise ValueError(f"the query has no empty VALUES ({listed}) {{}} block")


def with_list(query: str, name: str, terms: Iterable[Term]) -> str:
    """`query` with its empty `?name NOT IN ()` (or `IN ()`) list holding `terms`, written as
    `with_values` writes them. With no terms the test is written as what it is, `true` (or
    `false`): Oxigraph answers `?x NOT IN ()` false."""
    written = ", ".join(_term_text(term) for term in terms)
    tokens = _significant(query)
    for at, token in enumerate(tokens):
        if token.group() != f"?{name}":
            continue
        rest = [t.group().upper() for t in tokens[at + 1 : at + 5]]
        negated = rest[:1] == ["NOT"]
        step = 2 if negated else 1
        if rest[step - 1 : step + 2] == ["IN", "(", ")"]:
            end = tokens[at + step + 2].start()
            if not written:
                empty = "true" if negated else "false"
                return f"{query[: token.start()]}{empty}{query[end + 1 :]}"
            return f"{query[:end]}{written}{query[end:]}"
    raise ValueError(f"the query has no empty ?{name} NOT IN () list")


def with_quads(update: str, quads: Iterable[ox.Quad]) -> str:
    """`update` with its first empty block (`INSERT DATA {}`, `DELETE DATA {}`, the template
    of `INSERT {} WHERE {}`) holding `quads`, one `GRAPH` block per graph in the order the
    graphs first come, each term in its N-Triples form (blank nodes as `_:id`: the caller puts
    them only where the engine takes them)."""
    tokens = _significant(update)
    for at in range(len(tokens) - 1):
        if tokens[at].group() == "{" and tokens[at + 1].group() == "}":
            end = tokens[at + 1].start()
            return f"{update[:end]}\n{_graph_blocks(quads)}\n{update[end:]}"
    raise ValueError("the update has no empty block for its quads")


def _graph_blocks(quads: Iterable[ox.Quad]) -> str:
    by_graph: dict[ox.NamedNode, list[str]] = {}
    for quad in quads:
        graph = quad.graph_name
        if not isinstance(graph, ox.NamedNode):
            raise ValueError(f"a quad of a named graph is wanted, not {quad}")
        lines = by_graph.get(graph)
        if lines is None:
            lines = by_graph[graph] = []
        lines.append(f"{quad.subject} {quad.predicate} {quad.object} .")
    return "\n".join(
        f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}" for graph, lines in by_graph.items()
    )


def _significant(query: str) -> list[re.Match[str]]:
    """The tokens of `query` that are neither white space nor comments."""
    found = _TOKEN.finditer(query)
    return [m for m in found if m.lastgroup != "comment" and not m.group().isspace()]


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
