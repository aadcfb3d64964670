"""One JSON error shape for every failure, whoever raised it.

``{"error": code, "message": text, "details": [...]}``: ``error`` is a stable
code a client can branch on, ``message`` is for people, ``details`` lists
field problems. It is the same for our own errors, FastAPI's validation
errors (422), Starlette's 404/405, the size limit (413) and bugs (500).
Request values are never echoed back: a body may hold a name or an SSN.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("outreach.gateway.api")


class ApiError(Exception):
    """An error answered as JSON with a status, a code and a message.

    Attributes:
        status: the HTTP status.
        code: a stable machine-readable code, e.g. ``revoked``.
        message: plain language for people.
        details: field problems or other specifics.
        extra: more top-level members (``erase`` for a revoked device).
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[dict[str, Any]] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        self.extra = extra


def error_body(
    code: str, message: str, details: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    """Return the JSON error body."""
    return {"error": code, "message": message, "details": details or [], **extra}


def _code_for(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    body = error_body(exc.code, exc.message, exc.details, **exc.extra)
    return JSONResponse(body, status_code=exc.status, headers=headers)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return JSONResponse(
        error_body(_code_for(exc.status_code), message),
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {
            "loc": [str(part) for part in error.get("loc", ())],
            "message": error.get("msg", ""),
            "type": error.get("type", ""),
        }
        for error in exc.errors()
    ]
    return JSONResponse(
        error_body("invalid_request", "The request is not valid; see details.", details),
        status_code=422,
    )


async def _bug(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    return JSONResponse(
        error_body("internal", "Something went wrong on the gateway; the request can be retried."),
        status_code=500,
    )


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` in the one JSON shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _bug)
