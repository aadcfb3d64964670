"""Transport failures: typed errors with plain messages, and local state unchanged.

The misbehaving gateways are a small real HTTP server on loopback that answers
every request with a fixed status, content type and body (an error page, a
proxy's HTML login page, JSON of the wrong shape).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from gateway_postgres import free_port
from sync_helpers import Device, new_client

from outreach_app import errors
from outreach_app.sync.engine import SyncEngine
from outreach_app.sync.transport import (
    BadResponse,
    GatewayClient,
    GatewayError,
    GatewayUnreachable,
    check_url,
)


class FixedAnswer(ThreadingHTTPServer):
    """Answers every request with ``status``, ``content_type`` and ``body``."""

    status = 200
    content_type = "application/json"
    body = b"{}"


class _Handler(BaseHTTPRequestHandler):
    server: FixedAnswer

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(self.server.status)
        self.send_header("Content-Type", self.server.content_type)
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    do_GET = do_POST = _answer  # noqa: N815 (http.server names)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def fake() -> Iterator[FixedAnswer]:
    server = FixedAnswer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _engine_against(device: Device, url: str) -> SyncEngine:
    token = device.store.sync_state()["device_token"]
    return SyncEngine(device.store, GatewayClient(url, token, session=device.session))


@pytest.mark.parametrize(
    ("status", "content_type", "body", "error"),
    [
        (500, "application/json", b'{"error": "internal", "message": "x", "details": []}',
         GatewayError),
        (200, "text/html", b"<html>Please log in to the hotel wifi</html>", BadResponse),
        (200, "application/json", b'{"answers": "yes"}', BadResponse),
        (200, "application/json", b"[1, 2, 3]", BadResponse),
        (502, "text/html", b"<html>Bad gateway</html>", GatewayError),
    ],
)  # fmt: skip
def test_a_misbehaving_gateway_leaves_local_state_unchanged(
    device_a: Device,
    fake: FixedAnswer,
    status: int,
    content_type: str,
    body: bytes,
    error: type[errors.KnownError],
) -> None:
    fake.status, fake.content_type, fake.body = status, content_type, body
    device_a.store.save(new_client())
    before = (device_a.journal(), device_a.store.sync_state())
    with pytest.raises(error) as raised:
        _engine_against(device_a, f"http://127.0.0.1:{fake.server_port}").sync_once()
    assert isinstance(raised.value, errors.KnownError)
    assert "gateway" in raised.value.message
    assert (device_a.journal(), device_a.store.sync_state()) == before
    if isinstance(raised.value, GatewayError):
        assert raised.value.status == status


def test_a_gateway_that_is_down_is_unreachable(device_a: Device) -> None:
    device_a.store.save(new_client())
    before = device_a.journal()
    engine = _engine_against(device_a, f"http://127.0.0.1:{free_port()}")
    with pytest.raises(GatewayUnreachable, match="kept on this laptop"):
        engine.sync_once()
    assert device_a.journal() == before


def test_a_pull_page_of_the_wrong_shape_changes_nothing(
    device_a: Device, fake: FixedAnswer
) -> None:
    fake.body = b'{"items": [{"kind": "Client"}], "next_cursor": 5, "more": false}'
    with pytest.raises(BadResponse):
        _engine_against(device_a, f"http://127.0.0.1:{fake.server_port}").sync_once()
    assert device_a.store.sync_state()["cursor"] == "0"


def test_plain_http_is_refused_except_on_this_computer() -> None:
    assert check_url("https://gateway.example.org/") == "https://gateway.example.org"
    assert check_url("http://127.0.0.1:8765") == "http://127.0.0.1:8765"
    assert check_url("http://localhost:8765") == "http://localhost:8765"
    for url in ("http://gateway.example.org", "ftp://x", "gateway.example.org", "https://"):
        with pytest.raises(errors.InvalidInput, match="https://"):
            GatewayClient(url)


def test_tls_verification_cannot_be_switched_off(fake: FixedAnswer) -> None:
    # An https request to a server that does not speak TLS fails verification
    # instead of falling back to anything: the same path as a self-signed cert.
    client = GatewayClient(f"https://127.0.0.1:{fake.server_port}", "t", session=requests.Session())
    with pytest.raises(GatewayUnreachable):
        client.config()
