"""The MCP Python SDK against the gateway, as LangFlow drives it: a ClientSession over Streamable
HTTP (POST /mcp) and over the legacy HTTP+SSE transport (GET /sse), each initialized, listing the
tools and calling ping, with the API key as a header.

Usage: python3 python_client.py <gateway base URL> <API key>
Prints one JSON line per transport; exits non-zero when either fails.

LangFlow calls the 1.x names (`streamablehttp_client(url, headers=…)`); 2.x renamed it to
`streamable_http_client(url, http_client=…)`. Whichever the installed SDK has is used.
"""

import asyncio
import contextlib
import json
import sys
from importlib.metadata import version
from typing import Any

from mcp import ClientSession
from mcp.client.sse import sse_client


def streamable_http(url: str, headers: dict[str, str]) -> contextlib.AbstractAsyncContextManager[Any]:
    try:
        from mcp.client.streamable_http import streamablehttp_client  # mcp 1.x

        return streamablehttp_client(url, headers=headers)
    except ImportError:
        import httpx2  # mcp 2.x ships its own httpx fork
        from mcp.client.streamable_http import streamable_http_client

        @contextlib.asynccontextmanager
        async def opened():  # type: ignore[no-untyped-def]
            async with httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30.0, read=300.0)) as client:
                async with streamable_http_client(url, http_client=client) as streams:
                    yield streams

        return opened()


async def exercise(transport: str, streams: Any) -> dict[str, Any]:
    # 1.x yields (read, write, get_session_id) for Streamable HTTP; every other form is (read, write).
    read, write = streams[0], streams[1]
    async with ClientSession(read, write) as session:
        # Dumped by alias: 1.x names the fields in camelCase, 2.x in snake_case with camelCase aliases.
        initialized = (await session.initialize()).model_dump(by_alias=True, mode="json")
        tools = (await session.list_tools()).model_dump(by_alias=True, mode="json")
        pong = (await session.call_tool("ping", {"message": f"python {transport}"})).model_dump(by_alias=True, mode="json")
        return {
            "transport": transport,
            "sdk": version("mcp"),
            "protocolVersion": initialized["protocolVersion"],
            "tools": sorted(tool["name"] for tool in tools["tools"]),
            "isError": pong.get("isError", False),
            "structuredContent": pong.get("structuredContent"),
        }


async def main(base: str, key: str) -> int:
    headers = {"x-api-key": key}
    failed = 0
    for transport, opened in (
        ("streamable-http", lambda: streamable_http(f"{base}/mcp", headers)),
        ("sse", lambda: sse_client(f"{base}/sse", headers=headers)),
    ):
        try:
            async with opened() as streams:
                print(json.dumps(await exercise(transport, streams)), flush=True)
        except Exception as error:  # noqa: BLE001 - reported, and the exit code says it failed
            failed += 1
            print(json.dumps({"transport": transport, "error": f"{type(error).__name__}: {error!r}"}), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1].rstrip("/"), sys.argv[2])))
