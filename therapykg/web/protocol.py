"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

Every way a request can be malformed ends here as a ProtocolError with the status to answer and
a sentence saying what was wrong, so the endpoint never answers 500 for a client's mistake.
The body is parsed here rather than by Werkzeug, which would quietly replace bytes that are not
UTF-8 instead of refusing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs

from flask import Request

from therapykg.errors import NotAcceptable, ProtocolError
from therapykg.web.negotiate import one_format

Operation = Literal["query", "update"]
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$")


@dataclass(frozen=True, slots=True)
class ProtocolRequest:
    """What a request asks for; `operation` None is a GET with neither query nor update."""

    operation: Operation | None
    text: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    format: str | None


def read_request(request: Request, max_bytes: int) -> ProtocolRequest:
    """Parse a GET or POST to the endpoint, or raise ProtocolError."""
    if request.method == "GET":
        return _from_params(_url_params(request), max_bytes, allow_update=False)
    if request.method != "POST":
        raise ProtocolError(405, f"{request.method} is not a SPARQL operation; use GET or POST")
    media, charset = _content_type(request)
    body = _body(request, max_bytes)
    text = _utf8(body, charset)
    params = _url_params(request)
    if media == FORM:
        merged = {**params}
        for key, values in _form(text).items():
            merged[key] = [*merged.get(key, []), *values]
        return _from_params(merged, max_bytes, allow_update=True)
    for key in ("query", "update"):
        if key in params:
            raise ProtocolError(400, f"a {media} body already holds the operation; drop {key}=")
    operation: Operation = "query" if media == QUERY_TYPE else "update"
    return _assemble(operation, text, params, max_bytes)


def _url_params(request: Request) -> dict[str, list[str]]:
    raw = request.query_string.decode("latin-1")
    try:
        return parse_qs(raw, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the query string is not UTF-8 once percent-decoded") from None


def _form(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the form is not UTF-8 once percent-decoded") from None


def _content_type(request: Request) -> tuple[str, str | None]:
    header = request.headers.get("Content-Type")
    if not header:
        raise ProtocolError(
            400,
            "a POST needs a Content-Type: application/x-www-form-urlencoded, "
            f"{QUERY_TYPE} or {UPDATE_TYPE}",
        )
    media = request.mimetype
    if media not in (FORM, QUERY_TYPE, UPDATE_TYPE):
        raise ProtocolError(
            400,
            f"Content-Type {media!r} is not one the SPARQL protocol allows; use {FORM}, "
            f"{QUERY_TYPE} or {UPDATE_TYPE}",
        )
    return media, request.mimetype_params.get("charset")


def _body(request: Request, max_bytes: int) -> bytes:
    length = request.content_length
    if length is not None and length > max_bytes:
        raise ProtocolError(413, f"the request body is {length} bytes; the limit is {max_bytes}")
    data = request.stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ProtocolError(413, f"the request body is over the limit of {max_bytes} bytes")
    return data


def _utf8(body: bytes, charset: str | None) -> str:
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ProtocolError(400, f"the body must be UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the body is not valid UTF-8 (byte {exc.start})") from None


def _from_params(
    params: dict[str, list[str]], max_bytes: int, *, allow_update: bool
) -> ProtocolRequest:
    queries, updates = params.get("query", []), params.get("update", [])
    if len(queries) > 1 or len(updates) > 1:
        raise ProtocolError(400, "send exactly one query= (or update=), not several")
    if queries and updates:
        raise ProtocolError(400, "send either query= or update=, not both")
    if updates and not allow_update:
        raise ProtocolError(400, "an update must be sent with POST, never GET")
    if updates:
        return _assemble("update", updates[0], params, max_bytes)
    if queries:
        return _assemble("query", queries[0], params, max_bytes)
    return ProtocolRequest(None, "", None, None, _format(params))


def _assemble(
    operation: Operation, text: str, params: dict[str, list[str]], max_bytes: int
) -> ProtocolRequest:
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise ProtocolError(413, f"the {operation} is {size} bytes; the limit is {max_bytes}")
    if not text.strip():
        raise ProtocolError(400, f"the {operation} is empty")
    prefix = "using-" if operation == "update" else ""
    default = _iris(params, f"{prefix}graph-uri" if prefix else "default-graph-uri")
    named = _iris(params, f"{prefix}named-graph-uri")
    if default is None and named is None:
        return ProtocolRequest(operation, text, None, None, _format(params))
    return ProtocolRequest(operation, text, default or (), named or (), _format(params))


def _iris(params: dict[str, list[str]], key: str) -> tuple[str, ...] | None:
    values = params.get(key)
    if values is None:
        return None
    for value in values:
        if not _IRI.match(value):
            raise ProtocolError(400, f"{key}={value!r} is not an absolute IRI")
    return tuple(values)


def _format(params: dict[str, list[str]]) -> str | None:
    try:
        return one_format(params.get("format", []))
    except NotAcceptable as exc:
        raise ProtocolError(400, str(exc)) from None
