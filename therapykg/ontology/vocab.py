"""Namespaces and the project vocabulary as Python names.

The vocabulary is the public contract researchers write SPARQL against (see the ontology
`therapykg.ttl` beside this file). Every `tkg:` term used in code is listed in `TKG_TERMS`, and a
test checks that each one is declared in the ontology with a label and a definition.

Terms are pyoxigraph `NamedNode`s: `TKG.Statement`, `PROV.wasDerivedFrom`, ...
"""

from __future__ import annotations

import os

from pyoxigraph import NamedNode

ONTOLOGY_IRI = "https://w3id.org/therapykg/ontology"
TKG_IRI = ONTOLOGY_IRI + "#"
DEFAULT_BASE = "https://w3id.org/therapykg/id/"
VERSION = "0.2.0"


class Namespace:
    """A namespace whose attributes and items are pyoxigraph NamedNodes."""

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self.iri + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.iri + name)

    def __str__(self) -> str:
        return self.iri


TKG = Namespace(TKG_IRI)
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SCHEMA = Namespace("https://schema.org/")
CITO = Namespace("http://purl.org/spar/cito/")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

PREFIXES: dict[str, str] = {
    "tkg": TKG_IRI,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "owl": OWL.iri,
    "xsd": XSD.iri,
    "skos": SKOS.iri,
    "prov": PROV.iri,
    "dcterms": DCT.iri,
    "foaf": FOAF.iri,
    "schema": SCHEMA.iri,
    "cito": CITO.iri,
}


def base_iri() -> str:
    """The instance base IRI: `THERAPYKG_BASE` or the w3id default (one setting, see DESIGN)."""
    base = os.environ.get("THERAPYKG_BASE", DEFAULT_BASE)
    return base if base.endswith(("/", "#")) else base + "/"


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, for queries written by hand."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


# Graph names that are not article graphs.
def metadata_graph(base: str | None = None) -> NamedNode:
    """The named graph holding load records (PROV) for every article graph."""
    return NamedNode((base or base_iri()) + "graph/metadata")


def inferences_graph(base: str | None = None) -> NamedNode:
    """The named graph holding what the reasoner inferred."""
    return NamedNode((base or base_iri()) + "graph/inferences")


def ontology_graph(base: str | None = None) -> NamedNode:
    """The named graph holding the ontology itself when loaded into a store."""
    return NamedNode((base or base_iri()) + "graph/ontology")


def shared_graph(base: str | None = None) -> NamedNode:
    """The named graph holding, once, what the articles state about shared nodes."""
    return NamedNode((base or base_iri()) + "graph/shared")


# Every tkg: term the code uses. Classes start with a capital letter.
TKG_TERMS: tuple[str, ...] = (
    # classes
    "Article",
    "Section",
    "Statement",
    "Reference",
    "Work",
    "PsychotherapyApproach",
    "Framework",
    "Theory",
    "Person",
    "Organization",
    "TherapeuticFactor",
    "RelationshipElement",
    "ResponsivenessAdaptation",
    "Grading",
    "EvidenceGrade",
    "SourceTier",
    "TreatmentFormat",
    "ClientPopulation",
    "Condition",
    "ClinicalProblem",
    "SmartObjective",
    "KeyTerm",
    "LineageLink",
    "LineageRelation",
    "ReflectiveQuestion",
    "IllustrativeExample",
    "RoleAttribution",
    "ProblemLink",
    "ScopeLink",
    "LoadRecord",
    # defined classes (filled by the reasoner)
    "DemonstrablyEffectiveElement",
    "ProbablyEffectiveElement",
    "PromisingElement",
    "DemonstrablyEffectiveAdaptation",
    "LLMTaggedStatement",
    "SourcedStatement",
    "T1BackedStatement",
    # Article and Section
    "hasSection",
    "inArticle",
    "sectionHeading",
    "approachType",
    "discipline",
    "subfield",
    "summary",
    "generatorModel",
    "generatedOn",
    "readingTimeMinutes",
    "declaredSourceCount",
    "listedSourceCount",
    "describesApproach",
    "seeAlso",
    # Statement
    "text",
    "inSection",
    "ordinal",
    "sourceLine",
    "statementKind",
    "provenanceTag",
    "llmTagged",
    "citesReference",
    "hasStatement",
    # Reference and Work
    "referenceNumber",
    "sourceTier",
    "refersToWork",
    "rawCitation",
    "hasReference",
    "editor",
    "venue",
    "year",
    "edition",
    # facts and provenance
    "extractedFrom",
    # Grading
    "gradedItem",
    "hasGrade",
    "inContext",
    "gradedBy",
    "hasGrading",
    "hasElement",
    "isGradedIn",
    "achievedGrade",
    "strongerThan",
    "gradeLabel",
    # Gradings: editions and the concept scheme (graded_items.ttl)
    "TaskForceEdition",
    "PublishedGrade",
    "gradingEdition",
    "gradingYear",
    "gradedInEdition",
    "editionYear",
    "editionNumber",
    "publishedItem",
    "publishedIn",
    "publishedName",
    "publishedGrade",
    "publishedGradeLabel",
    # Lineage
    "influencedBy",
    "directlyInfluencedBy",
    "lineageSubject",
    "lineageObject",
    "lineageRelation",
    "lineageRelationKind",  # lineage relations
    "impliesInfluence",  # lineage relations
    "createdBy",
    "associatedWith",
    # People and roles
    "hasRoleAttribution",
    "roleHolder",
    "roleName",
    "roleIn",
    # Clinical
    "addressesProblem",
    "problemAddressed",
    "linkedElement",
    "scopeItem",
    "appliesToFormat",
    "appliesToPopulation",
    "inScopeCondition",
    "hasSmartObjective",
    "goal",
    "objective",
    "mechanism",
    "mechanismText",
    "hasKeyTerm",
    "hasReflectiveQuestion",
    "hasIllustrativeExample",
    # load records (metadata graph)
    "loadedGraph",
    "sourceFile",
    "sha256",
    "loaderVersion",
    "articleVersion",
    "sharesTriple",
    "ReasoningRecord",
    "reasonedGraph",
    "reasonedLoad",
    "infersTriple",
    "inferredTriples",
    "ClosureRecord",
    "closedProperty",
    "closedOver",
    "DerivedGraphsRecord",
    "derivedFrom",
    # the summary graph
    "GradeSummary",
    "WorkSummary",
    "HeadingSummary",
    "GradingTally",
    "talliesFramework",
    "talliesItem",
    "talliesGrade",
    "heldGradingCount",
    "frameworkGradingCount",
    "summarisesHeading",
    "summarisesGrade",
    "summarisesWork",
    "gradingCount",
    "gradedFrameworkCount",
    "statementCount",
    "sourcedStatementCount",
    "llmTaggedStatementCount",
    "citingArticleCount",
    "citingStatementCount",
    "LineageSummary",
    "lineageNodeCount",
    "lineageEdgeCount",
    "unlinkedNodeCount",
    "lineageRank",
    "lineageNeighbourCount",
    "articleOrdinal",
    "articleCount",
    "KeptRows",
    "keptQuery",
    "queryDigest",
    "rowCount",
    "rowRank",
    # role individuals (values of prov:hadRole)
    "CreatorRole",
    "EditorRole",
    "ChairRole",
    "AuthorRole",
    "LineageFigureRole",
    "AssociateRole",
)


def grade(slug: str) -> NamedNode:
    """An evidence grade: 'demonstrably-effective', 'probably-effective' or 'promising'.

    Grades and tiers belong to the ontology, so they stay under the default base whatever
    THERAPYKG_BASE says.
    """
    return NamedNode(f"{DEFAULT_BASE}grade/{slug}")


def edition(year: int) -> NamedNode:
    """A task-force edition of the concept scheme (graded_items.ttl): 2002, 2011 or 2019.

    Editions belong to the ontology, like grades, so they stay under the default base.
    """
    return NamedNode(f"{DEFAULT_BASE}edition/{year}")


EDITIONS: tuple[int, ...] = (2002, 2011, 2019)


def tier(name: str) -> NamedNode:
    """A source tier: 'T1', 'T2' or 'T3'."""
    return NamedNode(f"{DEFAULT_BASE}tier/{name}")


GRADES: tuple[str, ...] = ("demonstrably-effective", "probably-effective", "promising")
TIERS: tuple[str, ...] = ("T1", "T2", "T3")


# --- lineage relations (begin) ---
# The lineage-relation scheme: slug → (label, whether it implies tkg:directlyInfluencedBy).
# Mirrors the `lineage:` individuals in therapykg.ttl (a test checks they agree).
LINEAGE_RELATIONS: dict[str, tuple[str, bool]] = {
    "rooted-in": ("rooted in", True),
    "influenced-by": ("influenced by", True),
    "reaction-against": ("reaction against", False),
    "adaptation-of": ("adaptation of", True),
    "extends": ("extends", True),
    "operationalises": ("operationalises", True),
    "variant-of": ("variant of", True),
    "related-to": ("related to", False),
}


def lineage_relation(slug: str) -> NamedNode:
    """A lineage relation of the scheme ('rooted-in', …, 'related-to'), under the default base
    as grades are."""
    return NamedNode(f"{DEFAULT_BASE}lineage-relation/{slug}")


# --- lineage relations (end) ---
