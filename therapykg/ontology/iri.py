"""The IRI scheme (see DESIGN.md, "IRIs").

Shared things are named by slug so that several articles meet on one node:
`{base}{kind}/{slug}` for kind in SHARED_KINDS. Article-local things live under
`{base}article/{slug}/v{version}/`, and each article version has its own named graph,
`{base}article/{slug}/v{version}` (the article node itself carries the same IRI).
"""

from __future__ import annotations

import re
import unicodedata

from pyoxigraph import NamedNode

from therapykg.ontology.vocab import base_iri

SHARED_KINDS = frozenset(
    {
        "framework",
        "element",
        "adaptation",
        "person",
        "org",
        "format",
        "population",
        "condition",
        "problem",
        "work",
    }
)

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A stable, readable slug: accents folded, lower case, runs of other characters as '-'.

    >>> slugify("Evidence-Based Therapy Relationships & Responsiveness")
    'evidence-based-therapy-relationships-responsiveness'
    >>> slugify("Congruence/genuineness")
    'congruence-genuineness'
    >>> slugify("Jérôme Frank’s model")
    'jerome-frank-s-model'
    """
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    return slug or "unnamed"


# Every kind of approach (framework, therapy, model, theory) shares one IRI space, so that an
# article typed "theory" and another article's lineage link to it meet on one node; the class
# (tkg:Theory, tkg:Framework, ...) says which kind it is.
KIND_ALIASES = {"theory": "framework"}


def shared(kind: str, label_or_slug: str, base: str | None = None) -> NamedNode:
    """The IRI of a shared node, e.g. shared("element", "alliance")."""
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in SHARED_KINDS:
        raise ValueError(f"unknown shared kind {kind!r}; expected one of {sorted(SHARED_KINDS)}")
    return NamedNode(f"{base or base_iri()}{kind}/{slugify(label_or_slug)}")


def version_segment(version: str | None) -> str:
    """'v1.0' for version '1.0'; 'v0' when the article states no version."""
    return "v" + (re.sub(r"[^A-Za-z0-9.\-]+", "-", version) if version else "0")


def article_iri(slug: str, version: str | None, base: str | None = None) -> NamedNode:
    """The article version's IRI, which is also the name of its graph."""
    return NamedNode(f"{base or base_iri()}article/{slug}/{version_segment(version)}")


def local(article: NamedNode, name: str) -> NamedNode:
    """An article-local node such as `s-core-principles-3`, `ref-2`, `smart-1`."""
    return NamedNode(f"{article.value}/{name}")
