"""The approaches, theories and traditions that articles name in their lineage, each by one name.

Articles name the same school in many ways: "Hakomi" and "the Hakomi method", "Zen", "Zen
practice" and "Zen Buddhism", "Stoic philosophy" and "Stoicism", "the MRI model" and "the brief
therapy of the Mental Research Institute". For the lineage graph to meet across articles, each
of these is one node. `APPROACH_NAMES` lists, for each such approach, the name its node is called
by and the other names that denote the same school (true synonyms, other spellings, the
adjective a tradition is named by), not narrower or later approaches: a former name of an
approach ("rational therapy" for REBT, "client-centred therapy" for person-centred therapy) stays
its own node, since an article says the approach grew out of or was renamed from it.

`lineage.approach_slug` gives a name's node by this table, and reaches it from a few regular
longer forms (`reduced_forms`): a qualifier after "of" ("object relations theory of borderline
personality organisation"), a leading modifier of a closed list ("psychoanalytic object
relations theory", "directive release therapy"), and a trailing head that only says what kind of
thing the school is ("the Hakomi method", "Zen practice", "a person-centred approach"). A
reduced form counts only when the table knows it, so an unknown name keeps its own words.
"""

from __future__ import annotations

from collections.abc import Iterator

# name of the node → other names of the same approach (lowercase; spellings are folded as
# `approach_slug` folds them, so "behaviour"/"behavior" need not both be written)
APPROACH_NAMES: dict[str, tuple[str, ...]] = {
    "psychoanalysis": (
        "classical psychoanalysis", "orthodox psychoanalysis", "freudian psychoanalysis",
        "freudian analysis", "psychoanalytic theory", "psychoanalytic thought", "psychoanalytic",
        "psychoanalytic treatment",
        "freudian theory",
    ),
    "psychodynamic therapy": ("psychodynamic psychotherapy", "psychodynamic"),
    "short-term dynamic psychotherapy": (
        "short-term psychodynamic psychotherapy", "short-term psychodynamic therapy",
        "short-term dynamic therapy", "brief dynamic therapy", "brief dynamic psychotherapy",
        "brief psychodynamic psychotherapy", "brief psychodynamic therapy", "short-term dynamic",
    ),
    "object relations theory": ("object relations", "object-relations theory"),
    "drive theory": ("drive model", "instinct theory", "freudian drive theory"),
    "interpersonal psychiatry": ("interpersonal theory of psychiatry",),
    "individual psychology": ("adlerian psychology", "adler's individual psychology"),
    "analytical psychology": ("jungian psychology",),
    "humanistic psychology": (
        "humanistic", "humanistic therapy", "humanistic psychotherapy", "humanistic movement",
    ),
    "existentialism": (
        "existential philosophy", "existentialist philosophy", "existential thought",
        "existentialist thought",
    ),
    "existential therapy": ("existential psychotherapy",),
    "phenomenology": ("phenomenological philosophy", "phenomenological"),
    "general systems theory": ("systems theory", "system theory", "systems thinking"),
    "family systems therapy": (
        "family systems", "family systems theory", "bowen family systems therapy",
        "bowen family systems theory", "bowen theory", "bowenian family therapy",
    ),
    "strategic family therapy": ("strategic therapy",),
    "structural family therapy": ("structural therapy",),
    "milan systemic therapy": ("milan", "milan systemic", "milan family therapy"),
    "mri brief therapy": (
        "mri", "mri model", "mri approach", "brief therapy of the mental research institute",
        "mental research institute brief therapy", "palo alto brief therapy",
        "brief therapy model of the mental research institute",
    ),
    "ericksonian hypnotherapy": (
        "ericksonian hypnosis", "ericksonian therapy", "ericksonian psychotherapy",
    ),
    "bioenergetic analysis": ("bioenergetics", "bioenergetic therapy"),
    "body psychotherapy": (
        "body-centered psychotherapy", "body-centered therapy", "body-oriented psychotherapy",
        "body-oriented therapy", "somatic psychotherapy",
    ),
    "hakomi": ("hakomi therapy",),
    "zen buddhism": ("zen", "zen meditation"),
    "buddhism": (
        "buddhist", "buddhist meditation", "buddhist thought", "buddhist philosophy",
        "buddhist teaching", "buddhist teachings",
    ),
    "taoism": ("daoism", "taoist", "daoist", "taoist philosophy", "taoist thought"),
    "stoicism": ("stoic", "stoic philosophy", "stoic thought", "the stoics", "stoics"),
    "mindfulness meditation": ("mindfulness",),
    "operant conditioning": ("operant learning", "operant learning theory", "operant psychology"),
    "classical conditioning": ("pavlovian conditioning", "respondent conditioning"),
    "learning theory": ("behavioral learning theory",),
    "social cognitive theory": ("social-cognitive theory",),
    "information processing theory": ("information-processing theory",),
    "self-regulatory executive function model": ("s-ref model", "s-ref"),
    "transtheoretical model": (
        "stages-of-change model", "stages of change model", "stages of change",
        "stages-of-change", "transtheoretical model of change",
    ),
    "personal construct psychology": (
        "personal construct theory", "psychology of personal constructs",
    ),
    "separation-individuation theory": ("separation-individuation model",),
    "core conflictual relationship theme": ("ccrt",),
    "process-experiential therapy": ("process-experiential",),
    "focusing-oriented therapy": ("focusing-oriented psychotherapy",),
    "interpersonal psychotherapy": ("interpersonal therapy",),
    "exposure therapy": (
        "exposure treatment", "exposure-based therapy", "exposure-based treatment",
    ),
    "solution-focused brief therapy": ("solution-focused therapy", "solution-focused"),
    "schema therapy": ("schema-focused therapy",),
    "social constructionism": ("social constructionist", "social constructionist theory"),
    "cognitive dissonance theory": ("dissonance theory",),
    "pragmatism": ("american pragmatism", "pragmatist philosophy"),
    "dialectical philosophy": ("dialectics", "dialectical thought", "hegelian dialectics"),
    "psychobiology": ("psychobiological approach", "psychobiological", "meyerian psychobiology"),
    "person-centered therapy": ("person-centered",),  # "the person-centred tradition"
    "client-centered therapy": (
        "rogerian therapy", "rogerian counseling", "rogerian", "client-centered",
    ),
    "gestalt therapy": ("gestalt", "gestalt approach", "gestalt approaches"),
    "cognitive therapy": (),
    "cognitive behavioral therapy": (),
    "behavior therapy": (),
    "family therapy": (),
    "narrative therapy": (),
    "emotion-focused therapy": (),
    "dialectical behavior therapy": (),
    "acceptance and commitment therapy": (),
    "rational emotive behavior therapy": (),
    "motivational interviewing": (),
    "transactional analysis": (),
    "reality therapy": (),
    "logotherapy": (),
    "psychodrama": (),
    "play therapy": (),
    "medical model": ("medical model of psychiatric diagnosis", "medical model of mental illness"),
    "perma model": ("perma",),
    "constructivism": ("constructivist", "constructivist philosophy", "constructivist thought"),
    "release therapy": (),
    "deconstruction": (),
    "attachment theory": (),
    "self psychology": (),
    "ego psychology": (),
    "behaviorism": (),
    "cognitive psychology": (),
    "polyvagal theory": (),
}  # fmt: skip

# Modifiers that narrow a school without naming another one: "psychoanalytic object relations
# theory" is object relations theory, "directive release therapy" release therapy.
LEADING_MODIFIERS = frozenset(["psychoanalytic", "classical", "orthodox", "freudian", "directive"])
# A one-word school ("psychoanalysis", "behaviorism") stays itself after a hyphenated epithet;
# a therapy's name does not ("trauma-focused cognitive behavioral therapy" is its own)
ONE_WORD_SCHOOL_ENDINGS = ("ism", "analysis", "ology")
# Heads that say what kind of thing a school is: "the Hakomi method", "Zen practice".
KIND_HEADS = frozenset(
    [
        "approach", "approaches", "method", "methods", "model", "practice", "practices",
        "tradition", "traditions", "movement", "thinking", "ideas", "principles", "school",
        "perspective", "philosophy", "work", "techniques",
    ]
)  # fmt: skip
# Of these, the heads a therapy's own name may take instead of "therapy": "the person-centred
# approach" is person-centred therapy, but "the interpersonal school" is not interpersonal therapy.
THERAPY_HEADS = frozenset(["approach", "method"])


def reduced_forms(words: list[str]) -> Iterator[list[str]]:
    """The shorter forms of a name (its words, lowercase) that may be a known approach's, longest
    first: without a qualifier after "of", without a leading modifier, without a kind head."""
    if "of" in words[1:-1]:
        yield words[: words.index("of", 1)]
    if len(words) > 1 and words[0] in LEADING_MODIFIERS:
        yield words[1:]
    if len(words) == 2 and "-" in words[0] and words[1].endswith(ONE_WORD_SCHOOL_ENDINGS):
        yield words[1:]  # "couch-bound psychoanalysis", "stimulus-response behaviorism"
    if len(words) > 1 and words[-1] in KIND_HEADS:
        yield words[:-1]
        if words[-1] in THERAPY_HEADS:
            yield [*words[:-1], "therapy"]
