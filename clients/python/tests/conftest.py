"""Fixtures for the tests against a running suite: LFC_BASE_URL (the gateway, with the key and cost
APIs on its origin) and LFC_ADMIN_KEY (a key with ``admin:keys``). Without them those tests skip;
the repository's e2e test (test/clients/sdks.e2e-spec.ts) starts a suite and sets both."""

from __future__ import annotations

import asyncio
import os
from typing import Any, Callable, Iterator, Union

import pytest

from langflow_connect import AsyncClient, Client


class Blocking:
    """An ``AsyncClient`` driven to completion call by call, so every test runs against both clients."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
        self._loop = asyncio.new_event_loop()

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self._client, name)
        return lambda *args, **kwargs: self._loop.run_until_complete(method(*args, **kwargs))

    def close(self) -> None:
        self._loop.run_until_complete(self._client.close())
        self._loop.close()


AnyClient = Union[Client, Blocking]


@pytest.fixture(scope="session")
def base_url() -> str:
    url = os.environ.get("LFC_BASE_URL")
    if not url:
        pytest.skip("LFC_BASE_URL and LFC_ADMIN_KEY name a running suite (set by test/clients/sdks.e2e-spec.ts)")
    return url


@pytest.fixture(scope="session")
def admin_key(base_url: str) -> str:
    return os.environ["LFC_ADMIN_KEY"]


@pytest.fixture(params=["sync", "async"])
def connect(request: pytest.FixtureRequest, base_url: str) -> Iterator[Callable[..., AnyClient]]:
    """Makes clients of the parametrized kind for ``base_url``; closes them after the test."""
    made: list[AnyClient] = []

    def make(**options: Any) -> AnyClient:
        client: AnyClient = (
            Client(base_url, **options) if request.param == "sync" else Blocking(AsyncClient(base_url, **options))
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def admin(connect: Callable[..., AnyClient], admin_key: str) -> AnyClient:
    return connect(api_key=admin_key)
