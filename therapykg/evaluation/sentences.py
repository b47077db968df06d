"""Sentence sets: extraction scored one sentence at a time against rows written for it.

A sentence set is a JSON Lines file of rows written by authors who never read the extractor
(`tests/data/gold/sentences/`), each one sentence of the kind the wiki's Evidence Base or
Creators & Lineage sections hold, with the facts it states:

- gradings: ``{"id", "sentence", "gradings": [{"item", "kind", "grade"}], "edition"}``; items in
  the task force's words, matched through the concept scheme as the article harness matches them;
- lineage: ``{"id", "title", "acronym", "creators", "sentence", "links": [{"subject", "relation",
  "object", "object_kind"}]}``; each sentence is placed in a small article with its title, lead
  ("Title (ACR) is …"), creators and the people it names, in a Creators & Lineage section, and the
  links of the approach itself (``"subject": "own"``) are scored by their objects.

Counts are micro-averaged over the rows, as `score.Counts` does for articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from therapykg.errors import GoldError
from therapykg.evaluation.concepts import ConceptIndex, item_iri, person_iris
from therapykg.evaluation.harness import object_slug
from therapykg.evaluation.score import Counts, set_counts
from therapykg.loaders.extract import extract
from therapykg.loaders.facts import statement_table
from therapykg.loaders.formats import ArticleFormat
from therapykg.loaders.grading import Stated, graded_items
from therapykg.loaders.grading_anaphora import anaphoric_gradings
from therapykg.loaders.lineage import approach_slug
from therapykg.loaders.model import Article, Kind, Section, Sentence, Tag
from therapykg.ontology.iri import shared
from therapykg.ontology.vocab import grade


@dataclass
class SetScore:
    """The counts of one sentence set, and the ids of the rows it got wrong."""

    counts: Counts = field(default_factory=Counts)
    wrong: list[str] = field(default_factory=list)


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of a JSON Lines sentence set; a row that does not parse names its line."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(path, f"line {number}", f"not JSON: {error.msg}") from error
        if not isinstance(row, dict) or "sentence" not in row:
            raise GoldError(path, f"line {number}", "expected an object with a 'sentence'")
        rows.append(row)
    return rows


def score_gradings(rows: Iterable[dict[str, Any]], index: ConceptIndex) -> SetScore:
    """(item, grade) pairs of each row against what its sentence states: `graded_items`, and
    what an anaphor in a later clause grades (`anaphoric_gradings`, with no sentence before)."""
    result = SetScore()
    for row in rows:
        expected = {
            (item_iri(index, g["item"], g["kind"]), grade(g["grade"]).value)
            for g in row.get("gradings", [])
        }
        found = {
            (item_iri(index, s.item.slug, s.item.kind), grade(s.grade).value)
            for s in _sentence_gradings(row["sentence"])
        }
        counts = set_counts(expected, found)
        result.counts += counts
        if counts.fp or counts.fn:
            result.wrong.append(str(row.get("id", "")))
    return result


def _sentence_gradings(sentence: str) -> list[Stated]:
    return [*graded_items(sentence), *(r.stated for r in anaphoric_gradings(sentence, None))]


def score_lineage(rows: Iterable[dict[str, Any]]) -> SetScore:
    """The objects of each row's own links against the links extraction states for its
    sentence in an article around it."""
    result = SetScore()
    for row in rows:
        links = [link for link in row.get("links", []) if link.get("subject") == "own"]
        people = [link["object"] for link in links if link.get("object_kind") == "person"]
        iris = person_iris([*row.get("creators", []), *people])
        expected = {
            iris[link["object"]]
            if link.get("object_kind") == "person"
            else shared("framework", object_slug(link["object"])).value
            for link in links
        }
        article, target = _article(row, people)
        ordinal = next(r.ordinal for r in statement_table(article) if r.sentence is target)
        own = approach_slug(row["title"])
        found = {
            shared(link.object.kind, link.object.slug).value
            for link in extract(article).lineage
            if ordinal in link.statements and link.subject.slug == own
        }
        counts = set_counts(expected, found)
        result.counts += counts
        if counts.fp or counts.fn:
            result.wrong.append(str(row.get("id", "")))
    return result


def _article(row: dict[str, Any], people: list[str]) -> tuple[Article, Sentence]:
    lead = [f"{row['title']} ({row['acronym']}) is a psychotherapy"] if row.get("acronym") else []
    return sentence_article(row["title"], row["sentence"], row.get("creators", []), people, lead)


def sentence_article(
    title: str,
    sentence: str,
    creators: Sequence[str],
    people: Sequence[str] = (),
    lead: Sequence[str] = (),
    see_also: Sequence[str] = (),
) -> tuple[Article, Sentence]:
    """A small article around one sentence, in Creators & Lineage: its lead sentences, its
    creators stated first and the other people it names, as a reader of the whole article
    would have learnt them. Returns the article and the sentence's unit."""

    def unit(text: str, kind: Kind = Kind.PROSE) -> Sentence:
        return Sentence(text, Tag("1", sources=(1,)), line=1, kind=kind)

    units = [unit(f"The approach was created by {' and '.join(creators)}")]
    if people:
        units.append(unit(f"The article also names {' and '.join(people)}"))
    target = unit(sentence)
    units.append(target)
    article = Article(
        path="sentence.txt",
        format=ArticleFormat.TEXT,
        title=title,
        title_line=1,
        lead=[unit(text, Kind.LEAD) for text in lead],
        sections=[Section("Creators & Lineage", line=1, sentences=units)],
        see_also=list(see_also),
    )
    return article, target
