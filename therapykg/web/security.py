"""Headers every response carries: a strict Content-Security-Policy, nosniff, no framing, CORS.

Scripts come only from this server's own files (no inline script, so no 'unsafe-inline' for
scripts; data for a script travels in a non-executable JSON block). Inline styles stay allowed
because the editor's CodeMirror sets element styles from script. CORS is open, read-only: the
data is public and browser tools elsewhere should be able to query the endpoint.
"""

from __future__ import annotations

from flask import Flask, Response

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Expose-Headers": (
        "X-Therapykg-Truncated, X-Therapykg-Total, Link, Content-Disposition"
    ),
    "Access-Control-Max-Age": "86400",
}


def secure_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    for name, value in CORS.items():
        response.headers[name] = value
    response.headers.pop("Server", None)
    return response


def init_app(app: Flask) -> None:
    app.after_request(secure_headers)
