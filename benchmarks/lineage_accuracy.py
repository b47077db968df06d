"""Lineage precision and recall against hand-made gold (issue #10).

    python -m benchmarks.lineage_accuracy [--gold DIR] [--articles DIR] [--show]

The gold files (`NAME.gold.json` beside the articles) were written by another hand, in more than
one layout, and name each lineage object in words ("working alliance theory (Bordin)"). The
table below reads each gold link (subject: the article's own approach) as the node identifiers
that would state it: the approach's slug, and the person's when the gold names the object
through a person ("Otto Rank’s ideas", "Bordin’s working alliance"). A gold link is found when an
extracted link reaches one of its identifiers; an extracted link is correct when it reaches an
identifier of some gold link of its article. The relation is reported apart (the gold's
relations are free words, mapped to the vocabulary where the mapping is plain).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from therapykg.loaders.extract import extract
from therapykg.loaders.facts import statement_table
from therapykg.loaders.read import read_article

GOLD = Path("/work/shared/gold")
ARTICLES = Path("/work/shared/articles")


@dataclass(frozen=True)
class GoldLink:
    words: str  # the gold's object, as the gold writes it
    ids: frozenset[str]  # "kind/slug" identifiers that state it
    relation: str | None  # the vocabulary's relation, when the gold's maps plainly


def _g(words: str, relation: str | None, *ids: str) -> GoldLink:
    return GoldLink(words, frozenset(ids), relation)


TABLE: dict[str, list[GoldLink]] = {
    "contextual_model.md": [
        _g(
            "common-factors model",
            "variant-of",
            "framework/common-factors",
            "framework/common-factors-model",
        ),
        _g("medical model", "reaction-against", "framework/medical-model"),
        _g("Saul Rosenzweig’s 1936 argument", "rooted-in", "person/s-rosenzweig"),
        _g(
            "Jerome Frank’s Persuasion and Healing",
            "influenced-by",
            "person/j-frank",
            "work/persuasion-and-healing",
        ),
        _g("Wampold and colleagues’ 1997 meta-analysis", None, "person/b-wampold"),
        _g(
            "working alliance theory (Bordin)",
            "influenced-by",
            "framework/working-alliance-theory",
            "person/bordin",
        ),
        _g(
            "Rogerian tradition (Person-Centered Therapy)",
            "influenced-by",
            "framework/person-centered-therapy",
            "person/c-rogers",
        ),
        _g(
            "evidence-based therapy relationships (John Norcross’s program)",
            "related-to",
            "framework/evidence-based-therapy-relationships-and-responsiveness",
            "framework/evidence-based-therapy-relationships",
            "person/j-norcross",
        ),
        _g(
            "feedback-informed treatment (Scott Miller and Barry Duncan)",
            "related-to",
            "framework/feedback-informed-treatment",
            "framework/feedback-informed-treatment-and-routine-outcome-monitoring",
        ),
    ],
    "evidence_based_therapy_relationships.txt": [
        _g(
            "psychotherapy-integration and common-factors tradition",
            "variant-of",
            "framework/psychotherapy-integration",
            "framework/common-factors",
        ),
        _g("person-centered therapy", "rooted-in", "framework/person-centered-therapy"),
        _g(
            "Bordin's working-alliance theory",
            "rooted-in",
            "framework/working-alliance-theory",
            "person/bordin",
        ),
        _g("common-factors literature", "rooted-in", "framework/common-factors"),
        _g("heir of that common-factors lineage", "rooted-in", "framework/common-factors"),
        _g(
            "contextual model of psychotherapy (Bruce Wampold)",
            "related-to",
            "framework/contextual-model",
            "person/b-wampold",
        ),
        _g(
            "routine outcome monitoring (Michael J. Lambert)",
            "related-to",
            "framework/routine-outcome-monitoring",
            "person/m-lambert",
        ),
    ],
    "person_centered_therapy.txt": [
        _g("Otto Rank’s relationship-centered ideas", "influenced-by", "person/o-rank"),
        _g("nondirective counseling (earlier name)", None, "framework/nondirective-counseling"),
        _g("client-centered therapy (earlier name)", None, "framework/client-centered-therapy"),
        _g(
            "humanistic tradition; person-centered and experiential therapies",
            "variant-of",
            "framework/humanistic-psychology",
            "framework/experiential-therapy",
        ),
        _g(
            "bond component of Bordin’s working alliance (anticipated)",
            "related-to",
            "framework/working-alliance-theory",
            "person/bordin",
        ),
        _g(
            "Wampold’s contextual model (feeds into)",
            "related-to",
            "framework/contextual-model",
            "person/wampold",
            "person/b-wampold",
        ),
        _g(
            "common-factors and evidence-based relationships literature (foundational for)",
            "related-to",
            "framework/common-factors",
            "framework/evidence-based-relationships",
        ),
        _g(
            "feedback-informed treatment (related practice)",
            "related-to",
            "framework/feedback-informed-treatment",
            "framework/feedback-informed-treatment-and-routine-outcome-monitoring",
        ),
    ],
}


def score(articles: Path, show: bool) -> dict[str, object]:
    totals = {"extracted": 0, "correct": 0, "gold": 0, "found": 0, "relation_agrees": 0}
    per_article = {}
    for name, gold in TABLE.items():
        article = read_article(articles / name)
        facts = extract(article)
        rows = statement_table(article)
        links = [(f"{k.object.kind}/{k.object.slug}", k.relation, k) for k in facts.lineage]
        gold_ids = set().union(*(g.ids for g in gold))
        correct = [x for x in links if x[0] in gold_ids]
        found = [g for g in gold if any(x[0] in g.ids for x in links)]
        agrees = [g for g in found if any(x[0] in g.ids and x[1] == g.relation for x in links)]
        per_article[name] = {
            "extracted": len(links),
            "correct": len(correct),
            "gold": len(gold),
            "found": len(found),
            "relation_agrees": len(agrees),
        }
        for key, value in per_article[name].items():
            totals[key] += value
        if show:
            print(f"== {name}")
            for ident, relation, link in links:
                mark = "ok " if ident in gold_ids else "XX "
                texts = [rows[i - 1].sentence.text[:60] for i in link.statements]
                print(f"  {mark}{relation:16} {ident:55} {texts}")
            for g in gold:
                if g not in found:
                    print(f"  missed: {g.words}")
    precision = totals["correct"] / totals["extracted"] if totals["extracted"] else 0.0
    recall = totals["found"] / totals["gold"] if totals["gold"] else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "relation_agreement": round(totals["relation_agrees"] / max(totals["found"], 1), 3),
        **totals,
        "articles": per_article,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    print(json.dumps(score(args.articles, args.show), indent=1))


if __name__ == "__main__":
    main()
