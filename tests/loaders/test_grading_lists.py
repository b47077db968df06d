"""Gradings of a list under a lead that names the grade ("The task force rated these elements
demonstrably effective:" and "- the alliance"), in Markdown and HTML: each grading points at the
lead and at its item; a lead that is no task-force grading, or an item with words of its own,
gives nothing."""

from __future__ import annotations

import pytest

from therapykg.loaders.extract import extract
from therapykg.loaders.facts import statement_table
from therapykg.loaders.read import read_article_text

SOURCES = "1. Norcross, J. C., & Lambert, M. J. (2019). Relationships that work. Psychotherapy. T1"


def _markdown(lead: str, items: list[str]) -> str:
    listed = "\n".join(f"- {item} [1]" for item in items)
    return (
        f"# Acme Therapy\n\n## Evidence Base\n\nAcme is studied in trials [1].\n\n{lead}\n\n"
        f"{listed}\n\n## Sources\n\n{SOURCES}\n"
    )


def _html(lead: str, items: list[str]) -> str:
    listed = "".join(f"<li>{item} [1]</li>" for item in items)
    return (
        "<h1>Acme Therapy</h1><h2>Evidence Base</h2><p>Acme is studied in trials [1].</p>"
        f"<p>{lead}</p><ul>{listed}</ul><h2>Sources</h2><ol><li>{SOURCES[3:]}</li></ol>"
    )


RENDER = {"markdown": _markdown, "html": _html}


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_each_listed_item_takes_the_leads_grade(fmt: str) -> None:
    text = RENDER[fmt](
        "The 2019 task force rated these elements demonstrably effective:",
        ["The alliance", "Empathy, shown as attuned reflection", "Collecting client feedback"],
    )
    article = read_article_text(text, f"t.{fmt}", fmt)
    rows = {r.ordinal: r.sentence.text for r in statement_table(article)}
    gradings = extract(article).gradings
    assert sorted((g.item.slug, g.grade, g.edition) for g in gradings) == [
        ("alliance", "demonstrably-effective", 2019),
        ("collecting-client-feedback", "demonstrably-effective", 2019),
        ("empathy", "demonstrably-effective", 2019),
    ]
    for grading in gradings:
        trail = [rows[o] for o in grading.statements]
        assert any(t.startswith("The 2019 task force rated") for t in trail)
        assert len(trail) == 2


@pytest.mark.parametrize(
    "lead",
    [
        "Clinicians consider these elements demonstrably effective:",
        "The task force did not rate these elements demonstrably effective:",
        "These elements may one day be rated demonstrably effective:",
        "The alliance was rated demonstrably effective, as were these:",
        "The task force rated these elements:",
    ],
)
def test_a_lead_that_is_no_task_force_grading_gives_nothing(lead: str) -> None:
    text = _markdown(lead, ["Empathy", "Collaboration"])
    gradings = extract(read_article_text(text, "t.md", "markdown")).gradings
    assert {g.item.slug for g in gradings} <= {"alliance"}


def test_an_item_with_a_grade_or_another_item_of_its_own_is_read_alone() -> None:
    text = _markdown(
        "Demonstrably effective:",
        ["Empathy", "Congruence, rated probably effective", "Goal consensus and collaboration"],
    )
    gradings = extract(read_article_text(text, "t.md", "markdown")).gradings
    assert sorted((g.item.slug, g.grade) for g in gradings) == [
        ("congruence-genuineness", "probably-effective"),
        ("empathy", "demonstrably-effective"),
    ]


@pytest.mark.parametrize(
    ("lead", "items"),
    [
        # the count does not match the list that follows
        (
            "Acme leans on graded elements, and three of them were rated demonstrably effective "
            "in 2019.",
            ["Goal consensus", "Collaboration"],
        ),
        # no count: a paragraph's last sentence is no lead without its colon
        (
            "The task force rated several elements demonstrably effective in 2019.",
            ["Goal consensus", "Collaboration"],
        ),
    ],
)
def test_an_uncounted_or_miscounted_lead_without_a_colon_grades_no_item(
    lead: str, items: list[str]
) -> None:
    gradings = extract(read_article_text(_markdown(lead, items), "t.md", "markdown")).gradings
    assert gradings == []


DE, PE = "demonstrably-effective", "probably-effective"
LEADS = [
    # a lead that counts its items needs no colon
    (
        "Acme leans on elements the task force graded, and two of them reached its top grade, "
        "demonstrably effective, in 2019.",
        ["Goal consensus — agreeing what the work is for", "Collaboration in every session"],
        [("collaboration", DE, 2019), ("goal-consensus", DE, 2019)],
    ),
    # the conclusions and their edition, no grade: each item its own, after a colon, a dash or
    # a comma (not with someone else's view after it)
    (
        "The 2019 task force's conclusions that bear on Acme are these:",
        [
            "Collaboration: demonstrably effective",
            "Managing countertransference — probably effective",
            "Collecting client feedback, demonstrably effective",
            "Cohesion, probably effective in some settings, according to critics",
        ],
        [
            ("collaboration", DE, 2019),
            ("collecting-client-feedback", DE, 2019),
            ("managing-countertransference", PE, 2019),
        ],
    ),
    # the grade first, with the kind noun
    (
        "Probably effective elements in the 2019 edition include:",
        ["Repairing alliance ruptures", "Emotional expression"],
        [("emotional-expression", PE, 2019), ("repairing-alliance-ruptures", PE, 2019)],
    ),
]


@pytest.mark.parametrize("fmt", sorted(RENDER))
@pytest.mark.parametrize(("lead", "items", "expected"), LEADS)
def test_leads_without_a_colon_or_a_grade_of_their_own(
    fmt: str, lead: str, items: list[str], expected: list[tuple[str, str, int]]
) -> None:
    gradings = extract(read_article_text(RENDER[fmt](lead, items), f"t.{fmt}", fmt)).gradings
    assert sorted((g.item.slug, g.grade, g.edition) for g in gradings) == expected
