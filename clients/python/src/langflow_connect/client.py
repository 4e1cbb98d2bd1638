from __future__ import annotations

import time
from typing import Any, List, Mapping, Optional, Sequence, TypeVar

import httpx

from . import _operations as operations
from ._operations import Instant, Limit, Operation, RetryPolicy, SummaryGroupBy, SummaryPeriod, SummaryScope
from ._version import __version__
from .models import ApiKey, CostSummary, IssuedApiKey, Tool, ToolCallResult

T = TypeVar("T")


class Client:
    """LangFlow Connect's REST API, blocking.

    ``base_url`` is the gateway's address (e.g. ``https://mcp.example.com``): it serves the tools and,
    behind an ingress or with ``LFC_PUBLIC_API_PROXY``, the key and cost APIs. Authenticate with an
    API key (sent as ``x-api-key``) or a bearer token (an access token, or an API key as ``Bearer``).

    ``max_retries`` > 0 retries a 429 (or 503 overloaded) after the ``Retry-After`` the server gave,
    up to ``max_retries`` times, provided the delay is at most ``max_retry_wait`` seconds.
    """

    def __init__(
        self,
        base_url: str,
        *,
        api_key: Optional[str] = None,
        bearer_token: Optional[str] = None,
        timeout: float = 30.0,
        max_retries: int = 0,
        max_retry_wait: float = 60.0,
        http_client: Optional[httpx.Client] = None,
    ) -> None:
        self._headers = operations.headers(api_key, bearer_token, f"langflow-connect-python/{__version__}")
        self._retry = RetryPolicy(max_retries, max_retry_wait)
        self._base_url = base_url.rstrip("/")
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.Client(timeout=timeout)

    def list_tools(self) -> List[Tool]:
        """The tools this credential may call."""
        return self._send(operations.list_tools())

    def call_tool(self, name: str, arguments: Optional[Mapping[str, Any]] = None) -> ToolCallResult:
        """Calls a tool; a failure of the tool itself is ``is_error`` in the result, not an exception."""
        return self._send(operations.call_tool(name, arguments))

    def create_api_key(
        self,
        name: str,
        *,
        scopes: Optional[Sequence[str]] = None,
        role: Optional[str] = None,
        user_id: Optional[str] = None,
        rate_limit_per_minute: Optional[Limit] = None,
        rate_limit_per_hour: Optional[Limit] = None,
        allowed_ips: Optional[Sequence[str]] = None,
        confirm_destructive_calls: Optional[bool] = None,
        expires_at: Optional[Instant] = None,
    ) -> IssuedApiKey:
        """Creates a key (needs the ``admin:keys`` scope); ``None`` leaves a setting to the server."""
        return self._send(
            operations.create_api_key(
                name,
                scopes=scopes,
                role=role,
                user_id=user_id,
                rate_limit_per_minute=rate_limit_per_minute,
                rate_limit_per_hour=rate_limit_per_hour,
                allowed_ips=allowed_ips,
                confirm_destructive_calls=confirm_destructive_calls,
                expires_at=expires_at,
            )
        )

    def revoke_api_key(self, key_id: str) -> ApiKey:
        """Revokes a key at once, on every gateway; answers the key with ``revoked_at`` set."""
        return self._send(operations.revoke_api_key(key_id))

    def cost_summary(
        self,
        *,
        period: Optional[SummaryPeriod] = None,
        from_: Optional[Instant] = None,
        to: Optional[Instant] = None,
        group_by: Optional[SummaryGroupBy] = None,
        scope: Optional[SummaryScope] = None,
    ) -> CostSummary:
        """Spend and tokens over a rolling ``period`` or ``[from_, to)`` (default: the last 30 days)."""
        return self._send(operations.cost_summary(period=period, from_=from_, to=to, group_by=group_by, scope=scope))

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _send(self, operation: Operation[T]) -> T:
        retries = 0
        while True:
            response = self._http.request(
                operation.method,
                self._base_url + operation.path,
                json=operation.json,
                params=operation.params,
                headers=self._headers,
            )
            delay = self._retry.delay(response, retries)
            if delay is None:
                return operations.answer(operation, response)
            retries += 1
            time.sleep(delay)
