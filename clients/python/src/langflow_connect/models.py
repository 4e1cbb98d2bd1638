"""The answers of the LangFlow Connect API as typed, immutable values.

Field names are the API's in snake_case (``inputSchema`` is ``input_schema``); instants are
timezone-aware ``datetime`` values and USD amounts ``Decimal`` (the API sends them as decimal
strings so that no cent is lost to floating point).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional

JsonObject = Dict[str, Any]


def _instant(value: str) -> datetime:
    # datetime.fromisoformat reads a trailing "Z" only from Python 3.11 on.
    return datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)


def _optional_instant(value: Optional[str]) -> Optional[datetime]:
    return None if value is None else _instant(value)


@dataclass(frozen=True)
class ToolAnnotations:
    read_only_hint: bool
    destructive_hint: bool
    idempotent_hint: bool
    open_world_hint: bool
    title: Optional[str] = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ToolAnnotations:
        return cls(
            read_only_hint=data["readOnlyHint"],
            destructive_hint=data["destructiveHint"],
            idempotent_hint=data["idempotentHint"],
            open_world_hint=data["openWorldHint"],
            title=data.get("title"),
        )


@dataclass(frozen=True)
class Tool:
    """A tool the caller may call, as ``tools/list`` describes it."""

    name: str
    description: str
    input_schema: JsonObject
    annotations: ToolAnnotations
    title: Optional[str] = None
    output_schema: Optional[JsonObject] = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Tool:
        return cls(
            name=data["name"],
            description=data["description"],
            input_schema=data["inputSchema"],
            annotations=ToolAnnotations.from_json(data["annotations"]),
            title=data.get("title"),
            output_schema=data.get("outputSchema"),
        )


@dataclass(frozen=True)
class ToolCallResult:
    """What a tool answered. ``is_error`` is the tool's own failure, not a refused request."""

    content: List[JsonObject]
    is_error: bool
    structured_content: Optional[JsonObject] = None
    meta: Optional[JsonObject] = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ToolCallResult:
        return cls(
            content=data["content"],
            is_error=data["isError"],
            structured_content=data.get("structuredContent"),
            meta=data.get("_meta"),
        )


@dataclass(frozen=True)
class RateLimits:
    """Requests per minute and per hour; ``None`` is unlimited."""

    per_minute: Optional[int]
    per_hour: Optional[int]


@dataclass(frozen=True)
class ApiKey:
    """An API key as listings show it: never its secret."""

    id: str
    name: str
    prefix: str
    user_id: str
    role: str
    scopes: List[str]
    rate_limits: RateLimits
    allowed_ips: List[str]
    confirm_destructive_calls: bool
    created_at: datetime
    expires_at: Optional[datetime]
    revoked_at: Optional[datetime]
    last_used_at: Optional[datetime]
    replaced_by: Optional[str]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ApiKey:
        limits = data["rateLimits"]
        return cls(
            id=data["id"],
            name=data["name"],
            prefix=data["prefix"],
            user_id=data["userId"],
            role=data["role"],
            scopes=data["scopes"],
            rate_limits=RateLimits(per_minute=limits["perMinute"], per_hour=limits["perHour"]),
            allowed_ips=data["allowedIps"],
            confirm_destructive_calls=data["confirmDestructiveCalls"],
            created_at=_instant(data["createdAt"]),
            expires_at=_optional_instant(data["expiresAt"]),
            revoked_at=_optional_instant(data["revokedAt"]),
            last_used_at=_optional_instant(data["lastUsedAt"]),
            replaced_by=data["replacedBy"],
        )


@dataclass(frozen=True)
class IssuedApiKey:
    """A created key: ``key`` is its secret, shown in this answer and never again."""

    key: str
    api_key: ApiKey

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> IssuedApiKey:
        return cls(key=data["key"], api_key=ApiKey.from_json(data["apiKey"]))


@dataclass(frozen=True)
class CostAggregate:
    cost_usd: Decimal
    input_tokens: int
    output_tokens: int
    total_tokens: int
    records: int
    #: Usage of models without a price: counted in the tokens, not in the cost.
    unknown_model_records: int

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CostAggregate:
        return cls(
            cost_usd=Decimal(data["costUsd"]),
            input_tokens=data["inputTokens"],
            output_tokens=data["outputTokens"],
            total_tokens=data["totalTokens"],
            records=data["records"],
            unknown_model_records=data["unknownModelRecords"],
        )


@dataclass(frozen=True)
class CostGroup(CostAggregate):
    #: The model, operation type, day or key id; ``None`` for usage without one.
    key: Optional[str] = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CostGroup:
        totals = CostAggregate.from_json(data)
        return cls(**vars(totals), key=data["key"])


@dataclass(frozen=True)
class CostSummary:
    """Spend and tokens over ``[from_, to)``, in total and per group."""

    scope: str
    from_: datetime
    to: datetime
    group_by: Optional[str]
    currency: str
    totals: CostAggregate
    groups: List[CostGroup]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CostSummary:
        return cls(
            scope=data["scope"],
            from_=_instant(data["from"]),
            to=_instant(data["to"]),
            group_by=data["groupBy"],
            currency=data["currency"],
            totals=CostAggregate.from_json(data["totals"]),
            groups=[CostGroup.from_json(group) for group in data["groups"]],
        )
