"""Typed client for LangFlow Connect's REST API: list and call tools, manage API keys, read costs.

MCP clients (the ``mcp`` package) speak to ``/mcp``; this package covers the REST side that MCP has
no words for (keys, costs) and plain scripted tool calls.
"""

from ._operations import Limit, SummaryGroupBy, SummaryPeriod, SummaryScope
from ._version import __version__
from .async_client import AsyncClient
from .client import Client
from .errors import APIError, AuthenticationError, LangflowConnectError, PermissionDeniedError, RateLimitError
from .models import (
    ApiKey,
    CostAggregate,
    CostGroup,
    CostSummary,
    IssuedApiKey,
    RateLimits,
    Tool,
    ToolAnnotations,
    ToolCallResult,
)

__all__ = [
    "APIError",
    "ApiKey",
    "AsyncClient",
    "AuthenticationError",
    "Client",
    "CostAggregate",
    "CostGroup",
    "CostSummary",
    "IssuedApiKey",
    "LangflowConnectError",
    "Limit",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimits",
    "SummaryGroupBy",
    "SummaryPeriod",
    "SummaryScope",
    "Tool",
    "ToolAnnotations",
    "ToolCallResult",
    "__version__",
]
