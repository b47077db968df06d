"""RDF from outside: the one place it is parsed, with the same limits for every entry point.

Every RDF input therapykg did not ship itself goes through here: files given to `load` and
`validate` (`read_rdf`), and bodies posted to the web (`parse_rdf_bytes`, or `parse_rdf` by
media type). Each is checked, then parsed, in this order, and refused with an `RDFImportError`
naming the input, the line where known, and what was expected:

1. size: at most `rdf-max-bytes` for a file, the caller's limit for a request body
   (`RDFTooLargeError`);
2. in this process, by scans of the raw bytes that parse nothing (no recursion, constant memory):
   Turtle, N-Triples, N-Quads, TriG and N3: no line longer than `rdf-max-line` bytes;
   JSON-LD: objects and arrays nested at most `rdf-max-depth` deep, no string longer than
   `rdf-max-line` bytes; RDF/XML: no DOCTYPE naming an external DTD, no external, parameter or
   nested entity, internal entities adding at most `rdf-max-entity-expansion` characters;
3. in a child process whose address space is capped at `rdf-parse-memory`: RDF/XML read by
   libxml2 (lxml) without entities, network or DTD, elements at most `rdf-max-depth` deep, no
   text or attribute longer than `rdf-max-line`; then pyoxigraph parses, and any literal longer
   than `rdf-max-line` characters is refused. The child hands the quads back as N-Quads.

So a parser bug (a stack overflow on deep JSON-LD, entity expansion without bound) can at worst
end that child, never the loader or a serving process, and the child cannot grow past its cap.
pyoxigraph reads no external entity and fetches no remote JSON-LD context.

Files shipped with therapykg (the ontology) are trusted and read in-process by
`therapykg.ontology.files.read_shipped_rdf`.
"""

from __future__ import annotations

import contextlib
import io
import json
import operator
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from itertools import accumulate, count
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from therapykg.errors import RDFImportError, RDFTooLargeError, TherapyKGError, UnsupportedMediaType
from therapykg.loaders.formats import RdfSyntax
from therapykg.ontology.files import in_graph

CHUNK = 4 << 20  # bytes the scans read at a time
_CHILD_REFUSED = 3  # the child's exit status when it refused the input (its reason on stderr)


@dataclass(frozen=True, slots=True)
class Limits:
    """What RDF from outside may be: see the module's docstring and the settings of that name."""

    max_bytes: int
    max_depth: int
    max_line: int
    max_entity_expansion: int
    memory: int

    @classmethod
    def from_settings(cls, *, size_setting: str = "rdf-max-bytes") -> Limits:
        """The limits the settings give, the largest size by `size_setting` (files by default;
        `rdf-max-post-bytes` for request bodies)."""
        return cls(
            max_bytes=_int_setting(size_setting),
            max_depth=_int_setting("rdf-max-depth"),
            max_line=_int_setting("rdf-max-line"),
            max_entity_expansion=_int_setting("rdf-max-entity-expansion"),
            memory=_int_setting("rdf-parse-memory"),
        )


def _int_setting(name: str) -> int:
    from therapykg.settings import setting

    item = setting(name)
    text = item.value()
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise TherapyKGError(f"{item.env}={text!r}: expected a positive whole number")
    return value


def is_rdf_file(path: Path) -> bool:
    return bool(path.suffix) and RdfSyntax.from_extension(path.suffix) is not None


def format_of(path: Path) -> ox.RdfFormat:
    """The syntax of an RDF file, by its suffix."""
    syntax = RdfSyntax.from_extension(path.suffix) if path.suffix else None
    if syntax is None:
        suffixes = sorted(f".{ext}" for syntax in RdfSyntax for ext in syntax.extensions)
        raise RDFImportError(path, "not an RDF file name", expected=f"one of {', '.join(suffixes)}")
    return syntax.oxigraph


def format_of_media_type(media_type: str) -> ox.RdfFormat | None:
    """The syntax a media type names (parameters ignored), None when it names no RDF syntax."""
    syntax = RdfSyntax.from_media_type(media_type)
    return None if syntax is None else syntax.oxigraph


# -- entry points ------------------------------------------------------------------------------


def read_rdf(path: Path, graph: ox.NamedNode, *, limits: Limits | None = None) -> list[ox.Quad]:
    """Every quad of an RDF file from outside, default-graph triples moved into `graph`."""
    rdf_format = format_of(path)
    limits = limits or Limits.from_settings()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RDFImportError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    _check_size(size, str(path), limits.max_bytes)
    try:
        with path.open("rb") as stream:
            scan(_chunks(stream, str(path), limits.max_bytes), rdf_format, str(path), limits)
    except OSError as exc:
        raise RDFImportError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    quads = _parse_in_child(
        rdf_format,
        name=str(path),
        base=path.resolve().as_uri(),
        limits=limits,
        path=path,
    )
    return in_graph(quads, graph)


def parse_rdf_bytes(
    data: bytes,
    rdf_format: ox.RdfFormat,
    *,
    name: str,
    limits: Limits | None = None,
    timeout: float | None = None,
) -> list[ox.Quad]:
    """Every quad of RDF text from outside (a request body), named `name` in errors.

    Refused after `timeout` seconds of parsing, when given."""
    limits = limits or Limits.from_settings()
    _check_size(len(data), name, limits.max_bytes)
    scan(_split(data), rdf_format, name, limits)
    return _parse_in_child(
        rdf_format, name=name, base=None, limits=limits, data=data, timeout=timeout
    )


def parse_rdf(
    data: bytes,
    media_type: str,
    *,
    name: str = "the RDF given",
    limits: Limits | None = None,
    timeout: float | None = None,
) -> list[ox.Triple]:
    """Triples from RDF text from outside, in any syntax pyoxigraph reads (graph names dropped).

    Parsed as `parse_rdf_bytes` parses (size, depth, line and entity limits checked first, the
    parser in a child process under a memory cap). Raises UnsupportedMediaType for a media type
    that names no RDF syntax, and RDFImportError (RDFTooLargeError for size)
    naming `name` for data that is refused or not valid. Parsing never makes a request.
    """
    fmt = format_of_media_type(media_type)
    if fmt is None:
        raise UnsupportedMediaType(
            f"cannot read {media_type!r} as RDF; "
            "send N-Triples, Turtle, RDF/XML, JSON-LD, N-Quads or TriG"
        )
    quads = parse_rdf_bytes(data, fmt, name=name, limits=limits, timeout=timeout)
    return [q.triple for q in quads]


def _check_size(size: int, name: str, limit: int) -> None:
    if size > limit:
        raise RDFTooLargeError(
            name, f"{size:,} bytes is too large", expected=f"at most {limit:,} bytes"
        )


def _chunks(stream: IO[bytes], name: str, limit: int) -> Iterator[bytes]:
    """The stream in chunks, refused past `limit` bytes (a file that grows, a pipe)."""
    total = 0
    while chunk := stream.read(CHUNK):
        total += len(chunk)
        _check_size(total, name, limit)
        yield chunk


def _split(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), CHUNK):
        yield data[start : start + CHUNK]


# -- the scans: raw bytes, no parser -----------------------------------------------------------


def scan(chunks: Iterable[bytes], rdf_format: ox.RdfFormat, name: str, limits: Limits) -> None:
    """The checks of RDF bytes that parse nothing; raises RDFImportError naming `name`."""
    if rdf_format == ox.RdfFormat.JSON_LD:
        scan_json(chunks, name, limits)
    elif rdf_format == ox.RdfFormat.RDF_XML:
        scan_xml(chunks, name, limits)
    else:
        scan_lines(chunks, name, limits)


def scan_lines(chunks: Iterable[bytes], name: str, limits: Limits) -> None:
    """No line longer than `max_line` bytes (line-based syntaxes: a literal is at most a line,
    unless it is a long string spread over lines, which the child checks after parsing)."""
    line = 1  # the line `current` belongs to
    current = 0  # bytes of that line seen so far
    for chunk in chunks:
        parts = chunk.split(b"\n")
        for index, part in enumerate(parts):
            current += len(part)
            if current > limits.max_line:
                raise _line_too_long(name, line, limits)
            if index < len(parts) - 1:
                line += 1
                current = 0


def _line_too_long(name: str, line: int, limits: Limits) -> RDFImportError:
    return RDFImportError(
        name,
        f"line {line} is longer than {limits.max_line:,} bytes",
        line=line,
        expected=f"lines (and literals) of at most {limits.max_line:,} bytes "
        "(THERAPYKG_RDF_MAX_LINE)",
    )


# What matters in a JSON text: an opening bracket, a closing one, a whole string, or a quote that
# starts a string this chunk does not finish. Everything else (numbers, names, punctuation,
# space) is skipped by the regular expression engine.
_JSON_TOKENS = re.compile(rb'([\[{])|([\]}])|("[^"\\]*(?:\\.[^"\\]*)*")|(")', re.DOTALL)
_OPENING, _CLOSING, _STRING_TOKEN = 1, 2, 3


def scan_json(chunks: Iterable[bytes], name: str, limits: Limits) -> None:
    """Objects and arrays nested at most `max_depth` deep; no string longer than `max_line`
    bytes. Iterative, in constant memory beyond a string cut by the end of a chunk (read again
    with the next one). Each chunk is first scanned without a Python step per token
    (`_scan_quickly`); one it cannot vouch for is scanned token by token, which finds the line."""
    depth = 0
    line = 1  # the line of the start of `buffer`
    buffer = b""
    pieces = iter(chunks)
    while True:
        chunk = next(pieces, None)
        final = chunk is None
        buffer += chunk or b""
        quick = _scan_quickly(buffer, depth, final, limits)
        if quick is None:
            depth, keep = _scan_tokens(buffer, depth, line, final, name, limits)
        else:
            depth, keep = quick
        if final:
            return
        if len(buffer) - keep > limits.max_line:
            raise _string_too_long(name, line + buffer.count(b"\n", 0, keep), limits)
        line += buffer.count(b"\n", 0, keep)
        buffer = buffer[keep:]


_STEPS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")  # an opening bracket 2, a closing one 0
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))


def _scan_quickly(buffer: bytes, depth: int, final: bool, limits: Limits) -> tuple[int, int] | None:
    """The depth after `buffer` and where its unfinished string starts (its length when none),
    by bytes methods and C-level iterators only; None when the buffer breaks a limit or is not
    plain JSON, for `_scan_tokens` to say where.

    In valid JSON a backslash is only ever inside a string, so blanking each escape (`\\\\`
    first, then `\\"`) keeps the length and leaves only the quotes that start and end strings:
    split at them, the even parts are outside strings, the odd ones are strings."""
    plain = buffer.replace(b"\\\\", b"__").replace(b'\\"', b"__")
    parts = plain.split(b'"')
    keep = len(buffer)
    if len(parts) % 2 == 0:  # the last part is the start of a string the buffer does not finish
        if final:
            return None
        keep -= len(parts.pop()) + 1
    strings = parts[1::2]
    if strings and max(map(len, strings)) + 2 > limits.max_line:
        return None
    steps = b"".join(parts[0::2]).translate(_STEPS, _NOT_BRACKETS)
    if not steps:
        return depth, keep
    # The depth after the i-th bracket is depth + (sum of the first i steps) - i.
    deepest = max(map(operator.sub, accumulate(steps), count(1)))
    if depth + deepest > limits.max_depth:
        return None
    return depth + sum(steps) - len(steps), keep


def _scan_tokens(
    buffer: bytes, depth: int, line: int, final: bool, name: str, limits: Limits
) -> tuple[int, int]:
    """`_scan_quickly`, a token at a time, raising with the line where a limit is broken."""
    for match in _JSON_TOKENS.finditer(buffer):
        kind = match.lastindex
        if kind == _OPENING:
            depth += 1
            if depth > limits.max_depth:
                raise RDFImportError(
                    name,
                    f"JSON nested more than {limits.max_depth} deep",
                    line=line + buffer.count(b"\n", 0, match.start()),
                    expected=f"objects and arrays nested at most {limits.max_depth} deep "
                    "(THERAPYKG_RDF_MAX_DEPTH)",
                )
        elif kind == _CLOSING:
            depth -= 1
        elif kind == _STRING_TOKEN:
            if match.end() - match.start() > limits.max_line:
                raise _string_too_long(name, line + buffer.count(b"\n", 0, match.start()), limits)
        elif not final:  # an unfinished string: read again with the next chunk
            return depth, match.start()
    return depth, len(buffer)


def _string_too_long(name: str, line: int, limits: Limits) -> RDFImportError:
    return RDFImportError(
        name,
        f"a JSON string on line {line} is longer than {limits.max_line:,} bytes",
        line=line,
        expected=f"strings of at most {limits.max_line:,} bytes (THERAPYKG_RDF_MAX_LINE)",
    )


_DOCTYPE = re.compile(rb"<!DOCTYPE\b")
_SUBSET_END = re.compile(rb"\]\s*>")
_ENTITY = re.compile(
    rb"<!ENTITY\s+(%\s+)?([^\s\"'>]+)\s+(?:\"([^\"]*)\"|'([^']*)'|(SYSTEM|PUBLIC)\b)"
)
_REFERENCE = re.compile(rb"&([A-Za-z_:][-\w.:]*);")


def scan_xml(chunks: Iterable[bytes], name: str, limits: Limits) -> None:
    """RDF/XML's prologue: no external DTD; entities internal, not nested, and adding at most
    `max_entity_expansion` characters where they are used (as ontology editors write them:
    `<!ENTITY owl "http://www.w3.org/2002/07/owl#">`)."""
    pieces = iter(chunks)
    head = next(pieces, b"")
    doctype = _DOCTYPE.search(head)
    if doctype is None:
        return
    opening = re.match(rb"[^\[>]*", head[doctype.end() : doctype.end() + 4096])
    declaration = opening.group(0) if opening else b""
    if re.search(rb"\b(?:SYSTEM|PUBLIC)\b", declaration):
        raise RDFImportError(
            name,
            "the DOCTYPE names an external DTD",
            line=_line_at(head, doctype.start()),
            expected="no external DTD or entity; therapykg reads nothing outside the input",
        )
    if head[doctype.end() + len(declaration) : doctype.end() + len(declaration) + 1] != b"[":
        return  # no internal subset: nothing declared
    end = _SUBSET_END.search(head, doctype.end())
    if end is None:
        raise RDFImportError(
            name,
            "the DOCTYPE does not end within the first 4 MB",
            line=_line_at(head, doctype.start()),
            expected="a short internal DTD",
        )
    values = _entities(head, doctype.start(), end.start(), name)
    if not values:
        return
    uses: Counter[bytes] = Counter()
    carry = head[end.end() :]
    for chunk in pieces:
        cut = _safe_cut(carry)
        uses.update(_REFERENCE.findall(carry, 0, cut))
        carry = carry[cut:] + chunk
    uses.update(_REFERENCE.findall(carry))
    growth = sum(len(values[entity]) * count for entity, count in uses.items() if entity in values)
    if growth > limits.max_entity_expansion:
        raise RDFImportError(
            name,
            f"its entities would add {growth:,} characters",
            expected=f"at most {limits.max_entity_expansion:,} characters of entity expansion "
            "(THERAPYKG_RDF_MAX_ENTITY_EXPANSION)",
        )


def _safe_cut(data: bytes) -> int:
    """Where to cut `data` so that no entity reference is split: before its last '&' when no
    ';' follows it."""
    last = data.rfind(b"&")
    return last if last != -1 and b";" not in data[last:] else len(data)


def _entities(head: bytes, start: int, end: int, name: str) -> dict[bytes, bytes]:
    values: dict[bytes, bytes] = {}
    for match in _ENTITY.finditer(head, start, end):
        parameter, entity, double, single, external = match.groups()
        line = _line_at(head, match.start())
        label = entity.decode("utf-8", "replace")
        if external is not None:
            raise RDFImportError(
                name,
                f"the entity {label!r} names an external resource",
                line=line,
                expected="internal entities only; therapykg reads nothing outside the input",
            )
        value = double if double is not None else single
        if parameter is not None:
            raise RDFImportError(
                name,
                f"the parameter entity {label!r} is not allowed",
                line=line,
                expected="general internal entities only",
            )
        if b"&" in value or b"%" in value:
            raise RDFImportError(
                name,
                f"the entity {label!r} refers to other entities",
                line=line,
                expected="entities that do not nest (nesting is how entity bombs grow)",
            )
        values[entity] = value
    return values


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


# -- the child that parses ---------------------------------------------------------------------


def _parse_in_child(
    rdf_format: ox.RdfFormat,
    *,
    name: str,
    base: str | None,
    limits: Limits,
    path: Path | None = None,
    data: bytes | None = None,
    timeout: float | None = None,
) -> list[ox.Quad]:
    """The quads of the input, parsed by a child process under the memory cap."""
    job = {
        "media_type": rdf_format.media_type,
        "name": name,
        "base": base,
        "path": None if path is None else str(path),
        **asdict(limits),
    }
    root = str(Path(__file__).resolve().parents[2])  # the child imports the same therapykg
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
    command = [sys.executable, "-c", "from therapykg.loaders.rdf import child_main; child_main()"]
    with tempfile.TemporaryFile() as source, tempfile.TemporaryFile() as errors:
        if data is not None:
            source.write(data)
            source.seek(0)
        process = subprocess.Popen(
            [*command, json.dumps(job)],
            stdin=source if data is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
        )
        timer = None
        if timeout is not None:
            timer = threading.Timer(timeout, process.kill)
            timer.start()
        try:
            assert process.stdout is not None
            try:
                quads = list(ox.parse(process.stdout, format=ox.RdfFormat.N_QUADS))
            except (SyntaxError, ValueError):
                quads = []  # output cut short: the child's status says why
            status = process.wait()
        finally:
            if timer is not None:
                timer.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        if status != 0:
            errors.seek(0)
            report = errors.read()[-65536:].decode("utf-8", "replace")
            raise _child_error(status, report, name, limits, timeout)
    return quads


def _child_error(
    status: int, report: str, name: str, limits: Limits, timeout: float | None
) -> RDFImportError:
    lines = report.strip().splitlines()
    if status == _CHILD_REFUSED and lines:
        with contextlib.suppress(ValueError, TypeError):
            found: dict[str, Any] = json.loads(lines[-1])
            return RDFImportError(
                name,
                str(found["message"]),
                line=found.get("line"),
                column=found.get("column"),
                expected=found.get("expected"),
            )
    if status == -signal.SIGKILL and timeout is not None:
        return RDFImportError(
            name, f"parsing took longer than {timeout:g} s", expected="a smaller input"
        )
    if status < 0 and status in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
        what = signal.Signals(-status).name
        return RDFImportError(
            name,
            f"the parser failed on it ({what}; it may need more than the "
            f"{limits.memory:,} bytes of memory allowed)",
            expected="RDF within the limits (THERAPYKG_RDF_PARSE_MEMORY)",
        )
    last = lines[-1] if lines else f"exit status {status}"
    return RDFImportError(name, f"the parser failed on it: {last[:300]}")


class _Refused(TherapyKGError):  # the child's own: reported to the parent as JSON
    def __init__(self, message: str, line: int | None = None, expected: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.expected = expected


def child_main() -> None:
    """The parsing child: the job as JSON in argv[1], the input on stdin or at the job's path;
    N-Quads out on stdout; a refusal as JSON on the last line of stderr, exit status 3."""
    import resource

    job = json.loads(sys.argv[1])
    memory = int(job["memory"])
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        memory = min(memory, hard)  # a cap this process inherited stays: it cannot be raised
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    limits = Limits(**{f.name: int(job[f.name]) for f in fields(Limits)})
    rdf_format = ox.RdfFormat.from_media_type(job["media_type"])
    assert rdf_format is not None
    source: Any = job["path"] if job["path"] is not None else sys.stdin.buffer
    try:
        if rdf_format == ox.RdfFormat.RDF_XML:
            if not isinstance(source, str):
                source = source.read()  # read twice: by libxml2, then by pyoxigraph
            check_xml(source, limits)
        if isinstance(source, str):
            source = open(source, "rb")  # noqa: SIM115 (closed when the process ends)
        quads = ox.parse(source, format=rdf_format, base_iri=job["base"])
        # A buffered writer writes each chunk whole: under PYTHONUNBUFFERED stdout's buffer is a
        # raw file, whose write may return short when a stop (Ctrl-Z) interrupts it, and
        # pyoxigraph would not write the rest (the worker pipes' bug, graph/workers.py).
        out = io.BufferedWriter(io.FileIO(sys.stdout.fileno(), "wb", closefd=False))
        ox.serialize(_checked(quads, limits), out, format=ox.RdfFormat.N_QUADS)
        out.flush()
    except _Refused as exc:
        _refuse(str(exc), line=exc.line, expected=exc.expected)
    except SyntaxError as exc:
        _refuse(
            _first_line(str(exc)),
            line=exc.lineno,
            column=exc.offset,
            expected=f"valid {rdf_format.name}",
        )
    except MemoryError:
        _refuse(
            f"parsing it needs more than the {memory:,} bytes of memory allowed",
            expected="a smaller input (THERAPYKG_RDF_PARSE_MEMORY)",
        )
    except (OSError, ValueError) as exc:
        _refuse(f"cannot read it: {exc}")


def _refuse(
    message: str,
    *,
    line: int | None = None,
    column: int | None = None,
    expected: str | None = None,
) -> None:
    report = {"message": message, "line": line, "column": column, "expected": expected}
    sys.stderr.write("\n" + json.dumps(report) + "\n")
    sys.stderr.flush()
    os._exit(_CHILD_REFUSED)


def _checked(quads: Iterable[ox.Quad], limits: Limits) -> Iterator[ox.Quad]:
    for quad in quads:
        value = quad.object
        if isinstance(value, ox.Literal) and len(value.value) > limits.max_line:
            raise _Refused(
                f"a literal of {len(value.value):,} characters (subject {quad.subject})",
                expected=f"literals of at most {limits.max_line:,} characters "
                "(THERAPYKG_RDF_MAX_LINE)",
            )
        yield quad


def check_xml(data: bytes | str, limits: Limits) -> None:
    """RDF/XML read by libxml2 first, in a stream, without entities, network or DTD: it must be
    well-formed, nested at most `max_depth` deep (and libxml2's own 256), with no text or
    attribute longer than `max_line`; entity declarations are checked as `scan_xml` does."""
    import io

    from lxml import etree

    events = etree.iterparse(
        data if isinstance(data, str) else io.BytesIO(data),  # a path, or the bytes
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    depth = 0
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                if depth > limits.max_depth:
                    raise _Refused(
                        f"XML nested more than {limits.max_depth} deep",
                        line=element.sourceline,
                        expected=f"elements nested at most {limits.max_depth} deep "
                        "(THERAPYKG_RDF_MAX_DEPTH)",
                    )
                continue
            depth -= 1
            texts = [element.text or "", element.tail or "", *element.attrib.values()]
            if max(map(len, texts)) > limits.max_line:
                raise _Refused(
                    f"an XML text or attribute longer than {limits.max_line:,} characters",
                    line=element.sourceline,
                    expected=f"values of at most {limits.max_line:,} characters "
                    "(THERAPYKG_RDF_MAX_LINE)",
                )
            element.clear(keep_tail=True)  # what is checked is dropped: constant memory
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        line, _ = exc.position
        raise _Refused(
            f"not safe or not well-formed XML: {exc.msg}",
            line=line or None,
            expected=f"well-formed RDF/XML nested at most {min(limits.max_depth, 256)} deep, "
            "without external or nested entities",
        ) from exc
    dtd = events.root.getroottree().docinfo.internalDTD if events.root is not None else None
    for entity in dtd.iterentities() if dtd is not None else ():
        if entity.system_url or entity.orig is None or "&" in (entity.content or ""):
            raise _Refused(
                f"the entity {entity.name!r} is external or refers to other entities",
                expected="internal entities that do not nest",
            )


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else "cannot parse"
