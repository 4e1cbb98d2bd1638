"""Retry-After handling and error bodies, against answers made up in-process (no server)."""

from __future__ import annotations

import asyncio
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from typing import Callable, Dict, List

import httpx
import pytest

from langflow_connect import APIError, AsyncClient, Client, PermissionDeniedError, RateLimitError

LIMITED = {"error": {"code": "rate_limited", "message": "Rate limit exceeded", "requestId": "req-1"}}
TOOLS: Dict[str, List[object]] = {"tools": []}


def server(*answers: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    """Answers each request with the next of ``answers``; the last one repeats."""
    queue = list(answers)

    def handle(_: httpx.Request) -> httpx.Response:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handle


def limited(retry_after: str) -> httpx.Response:
    return httpx.Response(429, json=LIMITED, headers={"retry-after": retry_after})


def client(handler: Callable[[httpx.Request], httpx.Response], **options: object) -> Client:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return Client("http://suite.test", api_key="lfc_test", http_client=http, **options)  # type: ignore[arg-type]


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> List[float]:
    delays: List[float] = []
    monkeypatch.setattr("langflow_connect.client.time.sleep", delays.append)
    return delays


def test_without_retries_a_429_is_raised_with_its_retry_after(slept: List[float]) -> None:
    with pytest.raises(RateLimitError) as raised:
        client(server(limited("7"))).list_tools()
    assert (raised.value.code, raised.value.retry_after, raised.value.request_id) == ("rate_limited", 7.0, "req-1")
    assert slept == []


def test_retries_after_the_delay_the_server_gave(slept: List[float]) -> None:
    tools = client(server(limited("2"), limited("3"), httpx.Response(200, json=TOOLS)), max_retries=2).list_tools()
    assert (tools, slept) == ([], [2.0, 3.0])


def test_gives_up_after_max_retries(slept: List[float]) -> None:
    with pytest.raises(RateLimitError):
        client(server(limited("1")), max_retries=2).list_tools()
    assert slept == [1.0, 1.0]


def test_does_not_wait_longer_than_max_retry_wait(slept: List[float]) -> None:
    with pytest.raises(RateLimitError) as raised:
        client(server(limited("120")), max_retries=5, max_retry_wait=30).list_tools()
    assert (raised.value.retry_after, slept) == (120.0, [])


def test_reads_retry_after_as_an_http_date(slept: List[float]) -> None:
    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    with pytest.raises(RateLimitError) as raised:
        client(server(limited(later))).list_tools()
    assert raised.value.retry_after is not None and 25 < raised.value.retry_after <= 30


def test_a_503_without_retry_after_is_not_retried(slept: List[float]) -> None:
    down = httpx.Response(503, json={"error": {"code": "dependency_unavailable", "message": "auth is down"}})
    with pytest.raises(APIError) as raised:
        client(server(down), max_retries=3).list_tools()
    assert (raised.value.status, raised.value.code, slept) == (503, "dependency_unavailable", [])


def test_an_answer_that_is_not_an_error_body_keeps_its_status() -> None:
    with pytest.raises(PermissionDeniedError) as raised:
        client(server(httpx.Response(403, text="<html>denied by the proxy</html>"))).list_tools()
    assert (raised.value.code, raised.value.message) == ("http_403", "<html>denied by the proxy</html>")


def test_the_async_client_retries_the_same_way(monkeypatch: pytest.MonkeyPatch) -> None:
    delays: List[float] = []

    async def sleep(delay: float) -> None:
        delays.append(delay)

    monkeypatch.setattr("langflow_connect.async_client.asyncio.sleep", sleep)

    async def run() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(server(limited("4"), httpx.Response(200, json=TOOLS))))
        async with AsyncClient("http://suite.test", api_key="lfc_test", http_client=http, max_retries=1) as sdk:
            assert await sdk.list_tools() == []
        await http.aclose()

    asyncio.run(run())
    assert delays == [4.0]


def test_sends_the_credential_it_was_given() -> None:
    seen: List[httpx.Headers] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, json=TOOLS)

    client(record).list_tools()
    http = httpx.Client(transport=httpx.MockTransport(record))
    Client("http://suite.test", bearer_token="tok", http_client=http).list_tools()
    assert (seen[0]["x-api-key"], seen[1]["authorization"]) == ("lfc_test", "Bearer tok")
    with pytest.raises(ValueError):
        Client("http://suite.test")
