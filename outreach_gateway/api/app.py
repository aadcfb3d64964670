"""The FastAPI application: routes, the one error shape, and the request size limit.

:func:`create_app` takes its settings, engine and clock from the caller (tests
pass real ones); :func:`app_from_env` is what each uvicorn worker process
calls, building everything from ``OUTREACH_GATEWAY_*`` variables.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from outreach_app import __version__
from outreach_gateway.api import errors, routes_devices, routes_sync
from outreach_gateway.api.deps import Service
from outreach_gateway.clock import Clock, utc_now
from outreach_gateway.database import make_engine
from outreach_gateway.settings import Settings

log = logging.getLogger("outreach.gateway.api")

API_TITLE = "Outreach gateway"
API_DESCRIPTION = (
    "Sync between Outreach devices and a Continuum of Care's gateway. "
    "See docs/sync-protocol.md for the protocol."
)


class BodyLimit:
    """Refuse request bodies over a size with 413, declared or streamed.

    Attributes:
        app: the application behind.
        max_bytes: the largest body accepted.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count what arrives."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, "The request body is too large.")
            return message

        await self.app(scope, limited, send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            errors.error_body(
                "content_too_large", f"Request bodies are limited to {self.max_bytes} bytes."
            )
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def create_app(settings: Settings, engine: Engine | None = None, clock: Clock = utc_now) -> FastAPI:
    """Build the application around a database engine."""
    app = FastAPI(
        title=API_TITLE,
        description=API_DESCRIPTION,
        version=__version__,
        openapi_url="/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = Service(settings, engine or make_engine(settings.database_url), clock)
    errors.install(app)
    app.include_router(routes_sync.router)
    app.include_router(routes_devices.router)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    return app


def app_from_env() -> FastAPI:
    """Build the application from the environment (uvicorn's ``--factory`` target)."""
    return create_app(Settings.from_env())


def openapi_document(app: FastAPI | None = None) -> dict[str, Any]:
    """Return the OpenAPI document as checked in (``outreach_gateway/openapi.json``)."""
    if app is None:
        app = create_app(Settings(database_url="sqlite://"))
    document: dict[str, Any] = app.openapi()
    return document
