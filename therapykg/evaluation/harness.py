"""A gold folder → a Report: each article loaded alone into an in-memory store by the normal
loader (`load_paths`), its facts read back with SPARQL, and scored against its gold file."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from therapykg.errors import GoldError
from therapykg.evaluation.concepts import (
    ConceptIndex,
    default_index,
    item_iri,
    node_iri,
    person_iris,
    relation_id,
)
from therapykg.evaluation.extracted import Extracted, articles_in, read_extracted
from therapykg.evaluation.gold import Gold, GoldGrading, GoldStatement, Tag, read_gold
from therapykg.evaluation.match import match_in_order, normalise_text, texts_match
from therapykg.evaluation.score import (
    FACT_TYPES,
    Counts,
    Score,
    Status,
    overall,
    set_counts,
)
from therapykg.graph.files import ARTICLE_SUFFIXES
from therapykg.graph.load import load_paths
from therapykg.graph.store import open_store
from therapykg.loaders.clinical import condition_label
from therapykg.loaders.lexicon import LINEAGE_FAMILY_HEADS
from therapykg.loaders.lineage import approach_slug, known_acronym
from therapykg.ontology.iri import slugify
from therapykg.ontology.vocab import grade, tier

GOLD_SUFFIX = ".gold.json"
_SKIPPED = {"readme"}  # a folder's README is not an article


@dataclass(frozen=True, slots=True)
class Pair:
    article: Path
    gold: Path

    @property
    def name(self) -> str:
        return self.gold.name[: -len(GOLD_SUFFIX)]


@dataclass(slots=True)
class ArticleResult:
    name: str
    article: Path
    title: str | None
    scores: dict[str, Score]
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    folder: Path
    articles: list[ArticleResult]

    @property
    def overall(self) -> dict[str, Score]:
        return overall([a.scores for a in self.articles])

    @property
    def errors(self) -> list[str]:
        return [f"{a.article}: {e}" for a in self.articles for e in a.errors]


def discover(folder: Path) -> list[Pair]:
    """Every article of the folder beside its gold file; GoldError for a file without its pair."""
    if not folder.is_dir():
        raise GoldError(folder, "", "not a folder")
    articles: dict[str, list[Path]] = {}
    golds: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        if path.name.endswith(GOLD_SUFFIX):
            golds[path.name[: -len(GOLD_SUFFIX)]] = path
        elif path.suffix.lower() in ARTICLE_SUFFIXES and path.stem.casefold() not in _SKIPPED:
            articles.setdefault(path.stem, []).append(path)
    pairs = []
    for name, paths in sorted(articles.items()):
        if len(paths) > 1:
            shown = ", ".join(p.name for p in paths)
            raise GoldError(
                folder, "", f"{shown}: two articles share the gold name {name}{GOLD_SUFFIX}"
            )
        if name not in golds:
            raise GoldError(
                folder / f"{name}{GOLD_SUFFIX}", "", f"missing: the gold file for {paths[0].name}"
            )
        pairs.append(Pair(paths[0], golds[name]))
    for name, gold in sorted(golds.items()):
        if name not in articles:
            raise GoldError(
                gold, "", f"no article beside it ({name}.txt, {name}.md or {name}.html)"
            )
    if not pairs:
        raise GoldError(folder, "", f"no articles with {GOLD_SUFFIX} files in this folder")
    return pairs


def evaluate_folder(
    folder: Path,
    *,
    index: ConceptIndex | None = None,
    progress: Callable[[Path], None] | None = None,
) -> Report:
    """Check every gold file first (a usage error stops before any article is loaded), then
    load and score each article."""
    pairs = discover(folder)
    golds = [read_gold(pair.gold) for pair in pairs]
    index = index or default_index()
    results = []
    for pair, gold in zip(pairs, golds, strict=True):
        if progress is not None:
            progress(pair.article)
        results.append(evaluate_article(pair.article, gold, index, name=pair.name))
    return Report(folder, results)


def evaluate_article(
    article: Path, gold: Gold, index: ConceptIndex, *, name: str | None = None
) -> ArticleResult:
    """Load one article alone into an in-memory store and score it against its gold."""
    store = open_store("memory:")
    try:
        summary = load_paths(store, [article], workers=0)
        found = articles_in(store)
        extracted = read_extracted(store, found[0][0], index) if len(found) == 1 else None
    finally:
        store.close()
    errors = [str(e) for e in summary.errors]
    if extracted is None:
        errors = errors or [f"{len(found)} article graphs after loading it, expected 1"]
        extracted = Extracted(graph="", approach="")
    result = ArticleResult(
        name or article.stem,
        article,
        extracted.title,
        score_article(gold, extracted, index),
        errors,
    )
    if extracted.title is not None and normalise_text(extracted.title) != normalise_text(
        gold.title
    ):
        result.notes.append(f"title {extracted.title!r} in the graph, {gold.title!r} in the gold")
    return result


# -- scoring one article --------------------------------------------------------------------------


def score_article(gold: Gold, found: Extracted, index: ConceptIndex) -> dict[str, Score]:
    """Every fact type the gold has, scored; types the gold lacks are NOT_IN_GOLD."""
    people = person_iris(gold.person_names(), distinct=gold.people or ())
    scores: dict[str, Score] = {t: Score(Status.NOT_IN_GOLD) for t in FACT_TYPES}
    if gold.statements is not None:
        scores["tags"] = Score.of(_tags(gold.statements, found))
    if gold.references is not None:
        expected = {(n, tier(t).value) for n, t in gold.references.items()}
        scores["references"] = Score.of_sets(expected, found.references)
    if gold.gradings is not None:
        pairs = {(item_iri(index, g.item, g.kind), grade(g.grade).value) for g in gold.gradings}
        scores["gradings"] = Score.of_sets(pairs, found.gradings)
        with_edition = [g for g in gold.gradings if g.edition]
        if with_edition and not index.edition_properties:
            scores["gradings_edition"] = Score(
                Status.NOT_AVAILABLE, note="the ontology declares no edition for a tkg:Grading"
            )
        elif with_edition:
            scores["gradings_edition"] = Score.of(_editions(with_edition, found, index))
    if gold.lineage is not None:
        objects = [
            _object_iri(link.object, link.object_kind, people, index) for link in gold.lineage
        ]
        scores["lineage"] = Score.of_sets({("", o) for o in objects}, found.lineage)
        related = [(o, link.relation) for o, link in zip(objects, gold.lineage, strict=True)]
        if any(relation for _, relation in related):
            if not index.relation_properties:
                scores["lineage_relation"] = Score(
                    Status.NOT_AVAILABLE,
                    note="the ontology declares no relation for a tkg:LineageLink",
                )
            else:
                expected_relations = {
                    ("", o, relation_id(index, r)) for o, r in related if r is not None
                }
                scores["lineage_relation"] = Score.of_sets(expected_relations, found.relations)
    if gold.creators is not None:
        scores["creators"] = Score.of_sets({people[n] for n in gold.creators}, found.creators)
    if gold.people is not None:
        scores["people"] = Score.of_sets({people[n] for n in gold.people}, found.people)
    if gold.smart is not None:
        smart, mechanisms = _smart(gold, found, index)
        scores["smart"] = Score.of(smart)
        if any(row.mechanism for row in gold.smart):
            scores["smart_mechanisms"] = Score.of(mechanisms)
    if gold.key_terms is not None:
        scores["key_terms"] = Score.of_sets(
            {slugify(t) for t in gold.key_terms}, {slugify(t) for t in found.key_terms}
        )
    if gold.questions is not None:
        scores["questions"] = Score.of(_texts(gold.questions, found.questions))
    for kind, attribute in (
        ("population", "populations"),
        ("condition", "conditions"),
        ("problem", "problems"),
    ):
        names: tuple[str, ...] | None = getattr(gold, attribute)
        if names is not None:
            expected_nodes = {node_iri(index, _scope_name(n, kind), kind) for n in names}
            scores[attribute] = Score.of_sets(expected_nodes, getattr(found, attribute))
    return scores


def _tags(statements: tuple[GoldStatement, ...], found: Extracted) -> Counts:
    """A gold statement is right when its text matches a tagged statement with an equal tag."""
    tagged = [s for s in found.statements if s.tag is not None]
    gold_texts = [normalise_text(s.text) for s in statements]
    texts = [normalise_text(s.text) for s in tagged]
    pairs = match_in_order(
        range(len(statements)),
        range(len(tagged)),
        lambda g, p: texts_match(gold_texts[g], texts[p]),
        lambda g, p: _same_tag(statements[g].tag, tagged[p].tag),
    )
    right = sum(1 for g, p in pairs if _same_tag(statements[g].tag, tagged[p].tag))
    return Counts(right, len(tagged) - right, len(statements) - right)


def _same_tag(gold: Tag, found: Tag | None) -> bool:
    return found is not None and gold == found


def _texts(gold: tuple[str, ...], found: list[str]) -> Counts:
    gold_texts = [normalise_text(t) for t in gold]
    texts = [normalise_text(t) for t in found]
    pairs = match_in_order(
        range(len(gold)), range(len(found)), lambda g, p: texts_match(gold_texts[g], texts[p])
    )
    return Counts(len(pairs), len(found) - len(pairs), len(gold) - len(pairs))


def _smart(gold: Gold, found: Extracted, index: ConceptIndex) -> tuple[Counts, Counts]:
    """Rows match on goal and objective; mechanisms as (row, mechanism IRI) pairs."""
    rows = gold.smart or ()
    pairs = match_in_order(
        range(len(rows)),
        range(len(found.smart)),
        lambda g, p: (
            texts_match(normalise_text(rows[g].goal), normalise_text(found.smart[p].goal))
            and texts_match(
                normalise_text(rows[g].objective), normalise_text(found.smart[p].objective)
            )
        ),
    )
    row_counts = Counts(len(pairs), len(found.smart) - len(pairs), len(rows) - len(pairs))
    row_of = {p: g for g, p in pairs}
    expected = {
        (g, mechanism)
        for g, row in enumerate(rows)
        for mechanism in _mechanisms(row.mechanism, index)
    }
    extracted = {
        (row_of.get(p, -1 - p), mechanism)
        for p, row in enumerate(found.smart)
        for mechanism in row.mechanisms
    }
    if not any(row.mechanism for row in rows):
        return row_counts, Counts()
    return row_counts, set_counts(expected, extracted)


def _mechanisms(cell: str | None, index: ConceptIndex) -> set[str]:
    parts = [p.strip() for p in re.split(r"[;,]", cell or "") if p.strip()]
    return {item_iri(index, part, "element") for part in parts}


def _editions(gradings: list[GoldGrading], found: Extracted, index: ConceptIndex) -> Counts:
    """A gold edition is found when a grading of the same item and grade names it in any of its
    values (an edition's year, its number, a year written beside the grading); a grading that
    names an edition no gold grading of its item and grade has is a false positive."""
    expected = {
        (item_iri(index, g.item, g.kind), grade(g.grade).value, edition_key(g.edition or ""))
        for g in gradings
    }
    extracted = {
        (item, graded, frozenset(edition_key(v) for v in values))
        for item, graded, values in found.editions
    }
    right = {g for g in expected if any(g[:2] == e[:2] and g[2] in e[2] for e in extracted)}
    wrong = [e for e in extracted if not any(g[:2] == e[:2] and g[2] in e[2] for g in expected)]
    return Counts(len(right), len(wrong), len(expected) - len(right))


_ORDINALS = {
    "first": "1",
    "second": "2",
    "third": "3",
    "fourth": "4",
    "fifth": "5",
    "sixth": "6",
    "seventh": "7",
    "eighth": "8",
    "ninth": "9",
    "tenth": "10",
}


def edition_key(value: str) -> str:
    """ "3rd ed.", "third edition", "3" → "3"; a year stays a year."""
    text = value.casefold().strip()
    for word, number in _ORDINALS.items():
        text = re.sub(rf"\b{word}\b", number, text)
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"\b(?:edition|ed)\b\.?", "", text)
    return " ".join(text.split()) or value


def _scope_name(name: str, kind: str) -> str:
    """ "eating disorders" → "eating disorder": the graph names a disorder in the singular, and
    a condition by the one label its spellings share (`condition_label`)."""
    name = re.sub(r"\bdisorders\b", "disorder", name)
    return condition_label(name) if kind == "condition" else name


def _object_iri(name: str, kind: str, people: dict[str, str], index: ConceptIndex) -> str:
    if kind == "person":
        return people[name]
    # the loader's own slug rule for an approach's name (spellings folded, plural heads singular)
    return node_iri(index, object_slug(name), "framework")


def object_slug(name: str) -> str:
    """The slug of a lineage object's approach node: a known acronym by its full name, as the
    loader names it ("EMDR" is eye-movement-desensitization-and-reprocessing), else the name
    as a family's is."""
    known = known_acronym(name.strip())
    return known[0] if known else approach_slug(family_name(name))


def family_name(name: str) -> str:
    """The name an approach's node takes: a family ("the humanistic-experiential tradition",
    "the common factors movement") is named by its modifiers, as the graph's identifiers are
    (docs/extraction.md, Lineage)."""
    words = name.split()
    if words and words[0].casefold() == "the":
        words = words[1:]
    if len(words) > 1 and words[-1].casefold() in LINEAGE_FAMILY_HEADS:
        words = words[:-1]
    return " ".join(words) or name
