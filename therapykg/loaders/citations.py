"""Reading a raw citation from a Sources list: authors or editors, year, title, venue, publisher.

The wiki writes citations in a loose APA style (`Norcross, J. C. & Wampold, B. E. (eds.) (2011).
Title, 3rd ed. Publisher.`), sometimes with Markdown emphasis, sometimes without a year. The
parser is deliberately modest: what it cannot place it leaves out, and the raw citation is always
kept beside the parsed fields (`dcterms:bibliographicCitation`), so nothing is lost by a miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from therapykg.loaders.lexicon import (
    CITATION_ABBREVIATIONS,
    JOURNAL_HINTS_RE,
    PUBLISHER_HINTS_RE,
)

# a surname may open with lowercase particles: "van Oppen, P.", "de Shazer, S.", "van der Kolk"
_PARTICLES = r"(?:(?:de|van|von|der|den|di|da|du|del|della|le|la|ten|ter)\s+)*"
_SURNAME = rf"{_PARTICLES}[A-Z][\w’'\-]+(?:\s+(?:[A-Z][\w’'\-]+|de|van|von|der|den))*?"
_INITIALS = r"[A-Z]\.(?:\s*-?\s*[A-Z]\.)*"
_INVERTED_NAME = re.compile(rf"(?P<surname>{_SURNAME}),\s+(?P<initials>{_INITIALS})")
_DIRECT_NAME = re.compile(rf"(?P<initials>{_INITIALS})\s+(?P<surname>{_SURNAME})(?=\s|,|$)")
_NAME_SEPARATOR = re.compile(r"\s*(?:,\s*&|,\s*and\b|&|\band\b|,)\s*")
_ET_AL = re.compile(r"\s*,?\s*et\s+al\.?")
_EDITORS = re.compile(r"\s*\((?:eds?\.?|editors?)\)\.?", re.IGNORECASE)
_YEAR = re.compile(r"\s*\((?P<year>\d{4})[a-z]?\)\.?")
_MEDIA_PREFIX = re.compile(r"^(?:Video|Audio|Podcast|Website|Web\s+page|Film)\s*:\s*", re.I)
_EDITION = re.compile(r",?\s*\b(?P<edition>\d+(?:st|nd|rd|th))\s+ed(?:ition)?\.?(?=\s|$)")
_SEGMENT_END = re.compile(r"(?P<stop>\.[”\"]?)\s+")
_CONTAINER = re.compile(r"^In\s+(?P<editors>.+?)\s+\((?:eds?\.?)\),?\s*(?P<title>.+)$", re.I)
_CHANNEL = re.compile(r"\s*\([^()]*\)$")
_DIRECT_SEPARATOR = re.compile(r"\s*(?:,\s*&|,\s*and\b|&|\band\b|,)\s*")
_CAPITAL = re.compile(r"[A-Z]")
_BODY_YEAR = re.compile(r"\s*\((\d{4})\)")
_LAST_TOKEN = re.compile(r"[\w’']+$")


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name as a citation gives it: surname and initials, never a guessed forename."""

    surname: str
    initials: tuple[str, ...]
    form: str  # as written, e.g. "Norcross, J. C."


@dataclass(slots=True)
class Citation:
    authors: list[Name] = field(default_factory=list)
    editors: list[Name] = field(default_factory=list)
    et_al: bool = False
    year: str | None = None
    title: str | None = None
    venue: str | None = None
    publisher: str | None = None
    edition: str | None = None
    container: Citation | None = None  # the edited book a chapter appears in


def parse_citation(raw: str) -> Citation:
    """Parse one citation as written (emphasis markers are ignored)."""
    text = raw.replace("*", "").strip()
    citation = Citation()
    media = _MEDIA_PREFIX.match(text)
    position = media.end() if media else _read_people(text, citation)
    position = _read_year(text, position, citation)
    _read_body(text[position:].lstrip(" .").strip(), citation)
    if media and citation.title:
        # "Video: Title (Channel). YouTube.": the channel is not part of the title
        citation.title = _CHANNEL.sub("", citation.title) or citation.title
    return citation


def _read_people(text: str, citation: Citation) -> int:
    names, position = read_inverted_names(text, 0)
    et_al = _ET_AL.match(text, position)
    if et_al:
        citation.et_al = True
        position = et_al.end()
    editors = _EDITORS.match(text, position)
    if editors:
        citation.editors = names
        return editors.end()
    citation.authors = names
    return position


def read_inverted_names(text: str, position: int) -> tuple[list[Name], int]:
    """`Surname, I. I.` names joined by commas and `&`, from `position`; where they end."""
    names: list[Name] = []
    while match := _INVERTED_NAME.match(text, position):
        names.append(_name(match.group("surname"), match.group("initials"), match.group(0)))
        position = match.end()
        separator = _NAME_SEPARATOR.match(text, position)
        if not separator or not _INVERTED_NAME.match(text, separator.end()):
            break
        position = separator.end()
    return names, position


def _read_direct_names(text: str) -> list[Name]:
    """`I. I. Surname` names, as a chapter's container lists its editors."""
    names = []
    for part in _DIRECT_SEPARATOR.split(text):
        match = _DIRECT_NAME.fullmatch(part.strip())
        if match:
            names.append(_name(match.group("surname"), match.group("initials"), match.group(0)))
    return names


def _name(surname: str, initials: str, form: str) -> Name:
    letters = tuple(_CAPITAL.findall(initials))
    return Name(surname.strip(), letters, form.strip())


def _read_year(text: str, position: int, citation: Citation) -> int:
    match = _YEAR.match(text, position)
    if match:
        citation.year = match.group("year")
        return match.end()
    return position


def _read_body(body: str, citation: Citation) -> None:
    """Title, then venue or publisher; a segment starting `In …(ed.)` begins a container."""
    if citation.year is None:
        year = _BODY_YEAR.search(body)
        if year:
            citation.year = year.group(1)
            body = body[: year.start()] + body[year.end() :]
    segments = split_segments(body)
    for index, segment in enumerate(segments):
        container = _CONTAINER.match(segment)
        if container and index > 0:
            citation.container = _container(container, segments[index + 1 :])
            segments = segments[:index]
            break
    _place_segments(segments, citation)
    if citation.container is not None:
        citation.venue = citation.container.title


def _container(match: re.Match[str], rest: list[str]) -> Citation:
    container = Citation(editors=_read_direct_names(match.group("editors")))
    _place_segments([match.group("title"), *rest], container)
    return container


def _place_segments(segments: list[str], citation: Citation) -> None:
    parts: list[str] = []
    for segment in segments:
        parts.extend(_take_edition(segment, citation))
    if not parts:
        return
    citation.title = parts[0]
    for part in parts[1:]:
        _place_venue_or_publisher(part, citation)


def _take_edition(segment: str, citation: Citation) -> list[str]:
    """Remove `, 3rd ed.` from a segment; what followed it (a publisher) becomes its own part."""
    match = _EDITION.search(segment)
    if not match:
        return [segment] if segment else []
    citation.edition = match.group("edition")
    before, after = segment[: match.start()].strip(), segment[match.end() :].strip(" .")
    return [part for part in (before, after) if part]


def _place_venue_or_publisher(part: str, citation: Citation) -> None:
    bookish = bool(citation.edition or citation.editors)
    if JOURNAL_HINTS_RE.search(part):
        citation.venue = citation.venue or part
    elif PUBLISHER_HINTS_RE.search(part) or bookish or citation.venue:
        citation.publisher = citation.publisher or part
    else:
        citation.venue = part


def split_segments(body: str) -> list[str]:
    """Split at sentence periods, not after abbreviations (`Vol.`, `ed.`) or initials (`M.`).

    A period inside closing quotes (`“all must have prizes.”`) stays with its segment.
    """
    segments: list[str] = []
    start = 0
    for match in _SEGMENT_END.finditer(body):
        before = body[start : match.start()]
        last = _LAST_TOKEN.search(before)
        token = last.group(0) if last else ""
        if token.casefold() in CITATION_ABBREVIATIONS or _CAPITAL.fullmatch(token):
            continue
        keep = match.group("stop")[1:]  # a closing quote stays, the period does not…
        end = match.start() + (len(match.group("stop")) if keep else 0)  # …unless quoted
        segments.append(body[start:end].strip())
        start = match.end()
    tail = body[start:].strip()
    if tail.endswith(".") and not tail.endswith(".”"):
        tail = tail[:-1].strip()
    if tail:
        segments.append(tail)
    return [segment for segment in segments if segment]
