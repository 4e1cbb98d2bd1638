"""Refusals of the API as exceptions, one class per status a caller handles differently.

Every refusal carries the error body the services share (``{"error": {"code", "message",
"requestId", "details"}}``); ``code`` is the stable part to branch on (``invalid_api_key``,
``insufficient_scope``, ``rate_limited``, ``unknown_tool``, ...).
"""

from __future__ import annotations

from typing import Any, Dict, Optional


class LangflowConnectError(Exception):
    """Base of every error this package raises (transport errors stay ``httpx.HTTPError``)."""


class APIError(LangflowConnectError):
    """The API answered with a 4xx or 5xx status."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        request_id: Optional[str] = None,
        details: Optional[Dict[str, Any]] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.details: Dict[str, Any] = details or {}
        #: Seconds the server asked to wait before retrying (``Retry-After``), if it said.
        self.retry_after = retry_after


class AuthenticationError(APIError):
    """401: the key or token is missing, unknown, revoked or expired."""


class PermissionDeniedError(APIError):
    """403: the credential is valid but may not do this (scope, role, address)."""


class RateLimitError(APIError):
    """429: over a rate limit; ``retry_after`` says when a retry can pass."""


_BY_STATUS = {401: AuthenticationError, 403: PermissionDeniedError, 429: RateLimitError}


def error_for(
    status: int,
    body: Any,
    text: str,
    *,
    request_id: Optional[str],
    retry_after: Optional[float],
) -> APIError:
    """The exception for a refusal, from the shared error body or, without one, the status."""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("code"), str):
        code: str = error["code"]
        message = str(error.get("message", ""))
        request_id = error.get("requestId") or request_id
        details = error.get("details") if isinstance(error.get("details"), dict) else None
    else:
        # Not one of ours (a proxy in between, say): the status is all there is to go on.
        code, message, details = f"http_{status}", text[:500], None
    kind = _BY_STATUS.get(status, APIError)
    return kind(status, code, message, request_id=request_id, details=details, retry_after=retry_after)
