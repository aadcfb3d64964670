"""The HTTPS client of the CoC gateway (see ``docs/sync-protocol.md``).

One small class over a ``requests.Session`` (given in, so tests and the
window share connection pools and can pass their own). It speaks JSON,
always verifies TLS, and turns every way a request can fail into a typed
:class:`~outreach_app.errors.KnownError` whose message says what to do, so
the engine and the window never see a raw ``requests`` exception. Nothing
here logs or quotes a value sent or received: only paths, statuses and codes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import requests

from outreach_app import errors

log = logging.getLogger("outreach.sync")

#: Hosts where plain ``http://`` is allowed: this computer only.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class GatewayUnreachable(errors.KnownError):
    """The gateway could not be reached (offline, DNS, refused, timed out, TLS)."""

    exit_code = 20


class GatewayError(errors.KnownError):
    """The gateway answered with an error status.

    Attributes:
        status: the HTTP status.
        code: the gateway's error code (``invalid_code``, ``rate_limited``, ...).
    """

    exit_code = 21

    def __init__(self, message: str, status: int, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class DeviceRevoked(GatewayError):
    """The gateway revoked this device (401 with ``erase``): its local data must be erased."""

    exit_code = 22


class NotEnrolled(errors.KnownError):
    """No device token on this laptop yet, or one the gateway does not know."""

    exit_code = 23


class BadResponse(errors.KnownError):
    """The gateway's answer was not the JSON the protocol promises (a proxy page, a bug)."""

    exit_code = 24


_ASK_IT = "If it keeps happening, ask IT to check the gateway."
_MESSAGES = {
    "invalid_code": "The gateway did not accept this enrollment code: it is unknown, expired "
    "or already used. Ask your supervisor for a new code.",
    "rate_limited": "Too many tries from this network. Wait 15 minutes, then try again.",
    "unauthorized": "The gateway does not know this laptop. Enroll it again with a new code.",
    "forbidden": "The gateway does not allow this for your account. Ask your supervisor.",
    "content_too_large": "A batch was too large for the gateway. " + _ASK_IT,
    "internal": "The gateway had a problem; nothing was lost, sync will try again. " + _ASK_IT,
}


def check_url(url: str) -> str:
    """Return ``url`` without a trailing slash if it may be used for the gateway.

    Records of homeless people must never cross a network in clear text, so
    only ``https://`` is accepted; plain ``http://`` is allowed for this
    computer alone (127.0.0.1, localhost), where traffic never leaves the
    machine: tests, and a gateway behind a local TLS-terminating tunnel.
    """
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return url.strip().rstrip("/")
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return url.strip().rstrip("/")
    raise errors.InvalidInput(
        "The gateway address must start with https:// (for example "
        "https://gateway.example.org). Ask IT for the right address."
    )


class GatewayClient:
    """Calls the gateway's endpoints; one instance per gateway and device token.

    Attributes:
        base_url: the gateway's address, e.g. ``https://gateway.example.org``.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        session: requests.Session | None = None,
        ca_bundle: str | None = None,
        timeouts: tuple[float, float] = (5, 30),
    ) -> None:
        self.base_url = check_url(base_url)
        self._token = token
        self._session = session or requests.Session()
        # Verification is never switched off: a private CA is added, not trust removed.
        self._verify: str | bool = ca_bundle or True
        self._timeouts = timeouts

    # -- endpoints -----------------------------------------------------------------

    def enroll(self, code: str, label: str) -> dict[str, str]:
        """Trade a one-time code for a device token: ``device_id``, ``token``, ..."""
        body = self._request("POST", "/v1/enroll", {"code": code, "label": label}, auth=False)
        return {k: _text(body, k) for k in ("device_id", "token", "user_id", "agency_id")}

    def push(self, changes: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Send a batch of changes; return one answer per change, in order."""
        body = self._request("POST", "/v1/sync/push", {"changes": list(changes)})
        answers = body.get("answers")
        if not isinstance(answers, list) or len(answers) != len(changes):
            raise _bad("push")
        for answer, change in zip(answers, changes, strict=True):
            if not isinstance(answer, dict) or answer.get("change_id") != change["change_id"]:
                raise _bad("push")
            if answer.get("status") not in {"applied", "merged", "conflict", "rejected",
                                            "already_applied"}:  # fmt: skip
                raise _bad("push")
        return answers

    def pull(self, cursor: int, limit: int = 500) -> dict[str, Any]:
        """Return a page of changes after ``cursor``: ``items``, ``next_cursor``, ``more``."""
        body = self._request("GET", f"/v1/sync/pull?cursor={int(cursor)}&limit={int(limit)}")
        items, next_cursor = body.get("items"), body.get("next_cursor")
        if not isinstance(items, list) or not isinstance(next_cursor, int):
            raise _bad("pull")
        if not isinstance(body.get("more"), bool) or next_cursor < cursor:
            raise _bad("pull")
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
                raise _bad("pull")
            if not isinstance(item.get("kind"), str) or not isinstance(item.get("record_id"), str):
                raise _bad("pull")
        return body

    def config(self) -> dict[str, Any]:
        """Return the agency's configuration (projects, CE instruments, settings)."""
        return self._request("GET", "/v1/config")

    def status(self, report: Mapping[str, Any]) -> dict[str, Any]:
        """Report this device's sync state (counts and codes, never values)."""
        return self._request("POST", "/v1/status", dict(report))

    # -- plumbing --------------------------------------------------------------------

    def _request(
        self, method: str, path: str, body: Mapping[str, Any] | None = None, *, auth: bool = True
    ) -> dict[str, Any]:
        headers = {"Accept": "application/json"}
        if auth:
            if not self._token:
                raise NotEnrolled("This laptop is not enrolled yet: run 'outreach sync enroll'.")
            headers["Authorization"] = f"Bearer {self._token}"
        try:
            response = self._session.request(
                method,
                self.base_url + path,
                json=body,
                headers=headers,
                timeout=self._timeouts,
                verify=self._verify,
                allow_redirects=False,
            )
        except requests.exceptions.SSLError:
            log.warning("gateway TLS check failed: %s", path)
            raise GatewayUnreachable(
                "The gateway's security certificate could not be verified, so nothing was "
                "sent. Check the gateway address, or ask IT to set the CA bundle."
            ) from None
        except requests.RequestException as exc:
            log.info("gateway unreachable: %s %s", path, type(exc).__name__)
            raise GatewayUnreachable(
                "The gateway cannot be reached (no network, or it is down). Your work is "
                "kept on this laptop and will sync when the connection is back."
            ) from None
        return self._decode(path, response)

    def _decode(self, path: str, response: requests.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 400:
            code = body.get("error") if isinstance(body, dict) else None
            code = code if isinstance(code, str) else "http_error"
            log.info("gateway error: %s %d %s", path, response.status_code, code)
            if response.status_code == 401 and isinstance(body, dict) and body.get("erase"):
                raise DeviceRevoked(
                    "This laptop was revoked by the gateway, so its local records are being "
                    "erased. Records that already synced are safe on the gateway. Ask IT.",
                    401,
                    code,
                )
            message = _MESSAGES.get(code) or (
                f"The gateway refused the request ({response.status_code}). {_ASK_IT}"
            )
            if response.status_code == 401:
                raise NotEnrolled(_MESSAGES["unauthorized"])
            raise GatewayError(message, response.status_code, code)
        if not isinstance(body, dict):
            raise _bad(path)
        return body


def _bad(what: str) -> BadResponse:
    log.warning("gateway answer of the wrong shape: %s", what)
    return BadResponse(
        "The gateway's answer was not understood (something between this laptop and the "
        "gateway may have answered instead). Nothing was changed. " + _ASK_IT
    )


def _text(body: Mapping[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise _bad("enroll")
    return value
