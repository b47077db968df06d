"""The pictures' colours: the Okabe–Ito palette, by grade, node kind, edge and evidence bucket.

Readers with any common colour-vision deficiency can tell the Okabe–Ito colours apart; grades
also run from dark to light, so they survive greyscale printing.
"""

from __future__ import annotations

from typing import Any

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
GRADE_COLOURS = {
    "demonstrably-effective": OKABE_ITO["blue"],
    "probably-effective": OKABE_ITO["sky blue"],
    "promising": OKABE_ITO["yellow"],
}
GRADE_LABELS = {
    "demonstrably-effective": "demonstrably effective",
    "probably-effective": "probably effective",
    "promising": "promising",
}
UNGRADED_COLOUR = "#999999"
KIND_STYLES = {  # lineage node kinds: (colour, vis shape)
    "framework": (OKABE_ITO["blue"], "box"),
    "theory": (OKABE_ITO["bluish green"], "ellipse"),
    "person": (OKABE_ITO["orange"], "ellipse"),  # the label inside: a layer stacks tightly
    "other": ("#999999", "diamond"),
}
SOURCED_EDGE = "#444444"
LLM_EDGE = OKABE_ITO["vermillion"]
BUCKET_COLOURS = {  # therapykg.graph.pictures.BUCKETS
    "T1": OKABE_ITO["blue"],
    "T2": OKABE_ITO["sky blue"],
    "T3": OKABE_ITO["bluish green"],
    "tier unknown": "#999999",
    "LLM": OKABE_ITO["vermillion"],
    "untagged": "#DDDDDD",
}


def grade_colour(slug: str) -> str:
    return GRADE_COLOURS.get(slug, UNGRADED_COLOUR)


def fill(colour: str, border: str = "#222222") -> dict[str, Any]:
    """A node colour that keeps its fill when selected or hovered (only the border darkens),
    so a selected node never loses the colour that carries its meaning."""
    held = {"background": colour, "border": "#000000"}
    return {"background": colour, "border": border, "highlight": held, "hover": held}


def stroke(colour: str) -> dict[str, Any]:
    """An edge colour that stays the same when selected or hovered."""
    return {"color": colour, "highlight": colour, "hover": colour}
