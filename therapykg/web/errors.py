"""One way to answer an error: its status and a sentence, as HTML, JSON or plain text.

Views raise the errors of therapykg's tree (therapykg/errors.py), each of which carries its HTTP
status, or let Werkzeug raise its HTTPExceptions; one handler reads the status and picks the form
the client asked for, so a browser sees a page, a script sees JSON or text, and nobody sees a
traceback. Anything unexpected is logged and answered 500 with no detail.
"""

from __future__ import annotations

import json

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from therapykg.errors import TherapyKGError
from therapykg.errors import WebError as WebError  # where views have found it
from therapykg.web.negotiate import prefers_html


def error_response(status: int, message: str, detail: str | None = None) -> Response:
    """The error in the form the request asked for; `detail` (preformatted) on the page only."""
    if prefers_html(request.accept_mimetypes):
        body = render_template("error.html", status=status, message=message, detail=detail)
        return Response(body, status, mimetype="text/html")
    if request.accept_mimetypes.best_match(["text/plain", "application/json"]) == (
        "application/json"
    ):
        return Response(
            json.dumps({"status": status, "error": message}), status, mimetype="application/json"
        )
    return Response(message + "\n", status, mimetype="text/plain")


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(TherapyKGError)
    def _therapykg_error(error: TherapyKGError) -> Response:
        return error_response(error.status, str(error), getattr(error, "detail", None))

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        status = error.code or 500
        response = error_response(status, error.description or error.name)
        if status == 405 and error.get_response().headers.get("Allow"):
            response.headers["Allow"] = error.get_response().headers["Allow"]
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        app.logger.exception("unexpected error", exc_info=error)
        return error_response(500, "something went wrong on the server; it has been logged")
