"""The five tasks against a running suite, with both clients (see conftest.py)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Callable

import pytest

from langflow_connect import APIError, AuthenticationError, PermissionDeniedError, RateLimitError

from .conftest import AnyClient

Connect = Callable[..., AnyClient]


def name() -> str:
    return f"sdk-{uuid.uuid4().hex[:12]}"


def test_lists_the_tools_with_their_schemas_and_annotations(admin: AnyClient) -> None:
    tools = {tool.name: tool for tool in admin.list_tools()}
    assert {"ping", "read_file"} <= tools.keys()
    ping = tools["ping"]
    assert ping.input_schema["type"] == "object"
    assert ping.annotations.read_only_hint is True
    assert ping.annotations.destructive_hint is False


def test_calls_a_tool_and_reads_its_structured_answer(admin: AnyClient) -> None:
    result = admin.call_tool("ping", {"message": "from the SDK"})
    assert result.is_error is False
    assert result.structured_content is not None
    assert (result.structured_content["pong"], result.structured_content["message"]) == (True, "from the SDK")
    assert result.content[0]["type"] == "text"


def test_an_unknown_tool_is_an_api_error_with_the_error_body(admin: AnyClient) -> None:
    with pytest.raises(APIError) as raised:
        admin.call_tool("no_such_tool")
    error = raised.value
    assert (error.status, error.code, error.message) == (404, "unknown_tool", "Unknown tool: no_such_tool")
    assert error.details == {"tool": "no_such_tool"}
    assert error.request_id


def test_an_unknown_key_is_an_authentication_error(connect: Connect) -> None:
    client = connect(api_key="lfc_" + "A" * 43)
    with pytest.raises(AuthenticationError) as raised:
        client.list_tools()
    assert (raised.value.status, raised.value.code) == (401, "invalid_api_key")


def test_an_api_key_also_works_as_a_bearer_token(connect: Connect, admin_key: str) -> None:
    assert "ping" in {tool.name for tool in connect(bearer_token=admin_key).list_tools()}


def test_creates_a_key_that_works_and_revokes_it(admin: AnyClient, connect: Connect) -> None:
    issued = admin.create_api_key(name(), scopes=["ping"], rate_limit_per_minute=50, rate_limit_per_hour="unlimited")
    assert issued.key.startswith("lfc_")
    assert issued.api_key.scopes == ["ping"]
    assert (issued.api_key.rate_limits.per_minute, issued.api_key.rate_limits.per_hour) == (50, None)
    assert issued.api_key.revoked_at is None
    assert [tool.name for tool in connect(api_key=issued.key).list_tools()] == ["ping"]

    revoked = admin.revoke_api_key(issued.api_key.id)
    assert revoked.id == issued.api_key.id
    assert revoked.revoked_at is not None and revoked.revoked_at >= revoked.created_at


def test_a_revoked_key_is_refused(admin: AnyClient, connect: Connect) -> None:
    # Never used before its revocation, so no gateway holds it: the refusal does not wait on an announcement.
    issued = admin.create_api_key(name(), scopes=["ping"])
    admin.revoke_api_key(issued.api_key.id)
    with pytest.raises(AuthenticationError):
        connect(api_key=issued.key).call_tool("ping")


def test_a_key_without_the_scope_is_denied_key_management(admin: AnyClient, connect: Connect) -> None:
    tools_only = connect(api_key=admin.create_api_key(name(), scopes=["ping"]).key)
    with pytest.raises(PermissionDeniedError) as raised:
        tools_only.create_api_key(name())
    assert (raised.value.status, raised.value.code) == (403, "insufficient_scope")


def test_over_the_rate_limit_is_a_rate_limit_error_with_retry_after(admin: AnyClient, connect: Connect) -> None:
    key = admin.create_api_key(name(), scopes=["ping"], rate_limit_per_minute=1).key
    connect(api_key=key).call_tool("ping")
    # The retry is bounded: the server's delay (the rest of the minute) is more than 0 s, so no wait.
    limited = connect(api_key=key, max_retries=3, max_retry_wait=0)
    with pytest.raises(RateLimitError) as raised:
        limited.call_tool("ping")
    error = raised.value
    assert (error.status, error.code) == (429, "rate_limited")
    assert error.retry_after is not None and 0 < error.retry_after <= 60
    assert error.details["limit"] == 1


def test_a_cost_summary_of_a_fresh_key(admin: AnyClient, connect: Connect) -> None:
    client = connect(api_key=admin.create_api_key(name()).key)
    summary = client.cost_summary(period="last_day", group_by="model")
    assert (summary.scope, summary.currency, summary.group_by) == ("key", "USD", "model")
    assert summary.from_ < summary.to
    assert summary.totals.cost_usd == Decimal("0")
    assert (summary.totals.records, summary.groups) == (0, [])


def test_a_cost_summary_over_an_explicit_window(admin: AnyClient) -> None:
    to = datetime.now(timezone.utc).replace(microsecond=0)
    summary = admin.cost_summary(from_=to - timedelta(hours=1), to=to)
    assert (summary.from_, summary.to, summary.group_by) == (to - timedelta(hours=1), to, None)
    with pytest.raises(ValueError):
        admin.cost_summary(from_=datetime(2026, 1, 1))


def test_a_bad_cost_query_names_what_was_wrong(admin: AnyClient) -> None:
    with pytest.raises(APIError) as raised:
        admin.cost_summary(period="fortnight")  # type: ignore[arg-type]
    assert (raised.value.status, raised.value.code) == (400, "validation_failed")
    assert "period" in raised.value.message

