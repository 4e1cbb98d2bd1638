"""The API's operations, written once: what to send and how to read the answer. ``Client`` and
``AsyncClient`` differ only in how they do the I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Dict, Generic, List, Literal, Mapping, Optional, Sequence, TypeVar, Union
from urllib.parse import quote

import httpx

from .errors import error_for
from .models import ApiKey, CostSummary, IssuedApiKey, Tool, ToolCallResult

T = TypeVar("T")

#: Rolling periods of a cost summary, ending now.
SummaryPeriod = Literal["last_hour", "last_day", "last_7_days", "last_30_days"]
SummaryGroupBy = Literal["model", "operation_type", "day", "key"]
#: ``key`` (the default with an API key), ``user``, or ``all`` (admins).
SummaryScope = Literal["key", "user", "all"]
#: A key's rate limit: requests per window, or ``"unlimited"``.
Limit = Union[int, Literal["unlimited"]]
Instant = Union[datetime, str]


@dataclass(frozen=True)
class Operation(Generic[T]):
    method: str
    path: str
    parse: Callable[[Any], T]
    json: Optional[Mapping[str, Any]] = None
    params: Optional[Mapping[str, str]] = None


def list_tools() -> Operation[List[Tool]]:
    return Operation("POST", "/api/v1/tools/list", lambda body: [Tool.from_json(tool) for tool in body["tools"]], json={})


def call_tool(name: str, arguments: Optional[Mapping[str, Any]]) -> Operation[ToolCallResult]:
    return Operation(
        "POST",
        "/api/v1/tools/call",
        ToolCallResult.from_json,
        json={"name": name, "arguments": dict(arguments or {})},
    )


def create_api_key(
    name: str,
    *,
    scopes: Optional[Sequence[str]],
    role: Optional[str],
    user_id: Optional[str],
    rate_limit_per_minute: Optional[Limit],
    rate_limit_per_hour: Optional[Limit],
    allowed_ips: Optional[Sequence[str]],
    confirm_destructive_calls: Optional[bool],
    expires_at: Optional[Instant],
) -> Operation[IssuedApiKey]:
    # Only what was given goes out: the server fills in the rest (and refuses more than the
    # creating credential holds).
    fields: Dict[str, Any] = {
        "name": name,
        "scopes": None if scopes is None else list(scopes),
        "role": role,
        "userId": user_id,
        "rateLimitPerMinute": _limit(rate_limit_per_minute),
        "rateLimitPerHour": _limit(rate_limit_per_hour),
        "allowedIps": None if allowed_ips is None else list(allowed_ips),
        "confirmDestructiveCalls": confirm_destructive_calls,
        "expiresAt": None if expires_at is None else _instant(expires_at),
    }
    body = {field: value for field, value in fields.items() if value is not None}
    for field, given in (("rateLimitPerMinute", rate_limit_per_minute), ("rateLimitPerHour", rate_limit_per_hour)):
        if given == "unlimited":
            body[field] = None
    return Operation("POST", "/api/v1/auth/keys", IssuedApiKey.from_json, json=body)


def revoke_api_key(key_id: str) -> Operation[ApiKey]:
    return Operation("DELETE", f"/api/v1/auth/keys/{quote(key_id, safe='')}", ApiKey.from_json)


def cost_summary(
    *,
    period: Optional[SummaryPeriod],
    from_: Optional[Instant],
    to: Optional[Instant],
    group_by: Optional[SummaryGroupBy],
    scope: Optional[SummaryScope],
) -> Operation[CostSummary]:
    given = {
        "period": period,
        "from": None if from_ is None else _instant(from_),
        "to": None if to is None else _instant(to),
        "groupBy": group_by,
        "scope": scope,
    }
    params = {name: value for name, value in given.items() if value is not None}
    return Operation("GET", "/api/v1/cost/summary", CostSummary.from_json, params=params)


def _limit(value: Optional[Limit]) -> Optional[int]:
    return value if isinstance(value, int) else None


def _instant(value: Instant) -> str:
    if isinstance(value, str):
        return value
    if value.tzinfo is None:
        raise ValueError("an instant needs a timezone (e.g. datetime.now(timezone.utc))")
    return value.isoformat()


def headers(api_key: Optional[str], bearer_token: Optional[str], user_agent: str) -> Dict[str, str]:
    if (api_key is None) == (bearer_token is None):
        raise ValueError("give exactly one of api_key and bearer_token")
    credential = {"x-api-key": api_key} if api_key is not None else {"authorization": f"Bearer {bearer_token}"}
    return {"accept": "application/json", "user-agent": user_agent, **credential}


def retry_after(response: httpx.Response) -> Optional[float]:
    """``Retry-After`` in seconds (delay-seconds or an HTTP date), or ``None`` when absent or unreadable."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    """Opt-in retries of refusals the server made before doing any work and said when to retry:
    429 (rate limits) and 503 with ``Retry-After`` (overloaded). A delay longer than ``max_wait``
    is not waited for: the error is raised at once."""

    max_retries: int = 0
    max_wait: float = 60.0

    def delay(self, response: httpx.Response, retries_done: int) -> Optional[float]:
        if retries_done >= self.max_retries or response.status_code not in (429, 503):
            return None
        wait = retry_after(response)
        if wait is None or wait > self.max_wait:
            return None
        return wait


def answer(operation: Operation[T], response: httpx.Response) -> T:
    if response.status_code >= 400:
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        raise error_for(
            response.status_code,
            body,
            response.text,
            request_id=response.headers.get("x-request-id"),
            retry_after=retry_after(response),
        )
    return operation.parse(response.json())
