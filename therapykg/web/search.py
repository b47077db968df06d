"""The search page: words in labels and sentences, ranked, linked to their entity pages."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, request

from therapykg.web.describe import link_for, local_name
from therapykg.web.searchindex import MARK_END, MARK_START, STATEMENT, Hit
from therapykg.web.state import get_state
from therapykg.web.vocabulary import curie, label

blueprint = Blueprint("search", __name__)
MAX_WORDS_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Result:
    """A hit as the page shows it; `parts` alternate plain and matched text (escaped later).

    A sentence is named by its own text (`parts`) and its article and section (`context`); a
    labelled thing by its label, with the snippet only when the words matched another name."""

    label: str
    kind: str
    href: str | None
    parts: list[tuple[str, bool]]
    context: str = ""
    sentence: bool = False
    curie: str = ""


def marked(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet at FTS5's markers into (text, matched) pairs, so the template escapes
    every piece and adds <mark> itself: no HTML from the index is ever trusted."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(snippet.split(MARK_START)):
        if i == 0:
            parts.append((chunk, False))
            continue
        hit, _, rest = chunk.partition(MARK_END)
        parts += [(hit, True), (rest, False)]
    return [(text, flag) for text, flag in parts if text]


def _result(hit: Hit) -> Result:
    parts = marked(hit.snippet)
    kind = label(hit.kind) or (local_name(hit.kind) if hit.kind else "")
    if hit.kind == STATEMENT:
        return Result("", kind, link_for(hit.iri), parts, hit.context, True, curie(hit.iri))
    shown = hit.label or local_name(hit.iri)
    if "".join(text for text, _ in parts) == shown:
        parts = []  # the label itself matched: it is shown once, as the link
    return Result(shown, kind, link_for(hit.iri), parts, hit.context, False, curie(hit.iri))


@blueprint.route("/search")
def results() -> str:
    words = request.args.get("q", "")[:MAX_WORDS_LENGTH]
    hits = get_state().search.search(words) if words.strip() else []
    return render_template("search.html", words=words, results=[_result(h) for h in hits])
