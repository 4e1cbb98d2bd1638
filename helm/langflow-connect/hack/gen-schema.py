#!/usr/bin/env python3
"""Writes values.schema.json. Kept as code so the one component shape is written once.

Run from anywhere: python3 hack/gen-schema.py [OUTPUT] (default: the chart's values.schema.json).
test/deploy/chart.e2e-spec.ts checks that the committed schema is what this writes, that it refuses
wrong types and unknown keys, and that it accepts every ci/*.yaml.
"""
import json
import sys
from pathlib import Path

def obj(props, required=None, desc=None):
    o = {"type": "object", "additionalProperties": False, "properties": props}
    if required:
        o["required"] = required
    if desc:
        o["description"] = desc
    return o

S = {"type": "string"}
B = {"type": "boolean"}
I = {"type": "integer"}
NNI = {"type": "integer", "minimum": 0}
PORT = {"type": "integer", "minimum": 1, "maximum": 65535}
MAP = {"type": "object", "additionalProperties": {"type": "string"}}
ANYOBJ = {"type": "object"}
ARR_OBJ = {"type": "array", "items": {"type": "object"}}
STRLIST = {"type": "array", "items": {"type": "string"}}
SELECTOR = {"type": "object", "properties": {"matchLabels": MAP, "matchExpressions": ARR_OBJ}, "additionalProperties": False}
ENV_NAME = {"type": "string", "pattern": "^[A-Z_][A-Z0-9_]*$"}
PATHS = {"type": "array", "items": {"type": "string", "pattern": "^/"}}
RESOURCES = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"requests": MAP | {"additionalProperties": {"type": ["string", "number"]}}, "limits": MAP | {"additionalProperties": {"type": ["string", "number"]}}, "claims": ARR_OBJ},
}

component = obj({
    "enabled": B,
    "replicas": NNI,
    "image": obj({"repository": S, "tag": S}),
    "service": obj({"type": {"enum": ["ClusterIP", "NodePort", "LoadBalancer"]}, "port": PORT, "annotations": MAP}, ["port"]),
    "resources": RESOURCES,
    "autoscaling": obj({
        "enabled": B,
        "minReplicas": {"type": "integer", "minimum": 1},
        "maxReplicas": {"type": "integer", "minimum": 1},
        "targetCPUUtilizationPercentage": {"type": "integer", "minimum": 1, "maximum": 100},
        "targetMemoryUtilizationPercentage": {"type": "integer", "minimum": 1, "maximum": 100},
        "scaleUpStabilizationWindowSeconds": {"type": "integer", "minimum": 0, "maximum": 3600},
        "scaleDownStabilizationWindowSeconds": {"type": "integer", "minimum": 0, "maximum": 3600},
        "requestRate": obj({
            "enabled": B,
            "mode": {"enum": ["prometheusAdapter", "keda"]},
            "targetPerPod": {"type": "integer", "minimum": 1},
            "query": S,
        }),
    }),
    "podDisruptionBudget": obj({"enabled": B, "maxUnavailable": {"type": ["integer", "string"]}}),
    "topologySpreadConstraints": ARR_OBJ,
    "terminationGracePeriodSeconds": {"type": "integer", "minimum": 1},
    "extraEnv": {"type": "array", "items": {"type": "object", "required": ["name"], "properties": {"name": ENV_NAME}}},
    "podAnnotations": MAP,
    "podLabels": MAP,
    "nodeSelector": MAP,
    "tolerations": ARR_OBJ,
    "affinity": ANYOBJ,
    "priorityClassName": S,
}, desc="One service; gateway, toolExecutor, auth and costAccounting share this shape.")

def secret_source(value_key, extra=None):
    props = {value_key: S, "existingSecret": S, "existingSecretKey": S}
    props.update(extra or {})
    return obj(props)

peer_list = {"type": "array", "items": {"type": "object"}}
schema = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "langflow-connect values",
    "type": "object",
    "additionalProperties": False,
    "definitions": {"component": component},
    "properties": {
        "global": ANYOBJ,
        "nameOverride": S,
        "fullnameOverride": S,
        "commonLabels": MAP,
        "image": obj({"repository": {"type": "string", "minLength": 1}, "tag": S, "digest": {"type": "string", "pattern": "^(sha256:[a-f0-9]{64})?$"}, "pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]}}),
        "imagePullSecrets": {"type": "array", "items": obj({"name": S}, ["name"])},
        "serviceAccount": obj({"create": B, "name": S, "annotations": MAP}),
        "config": obj({
            "logLevel": {"enum": ["fatal", "error", "warn", "info", "debug", "trace", "silent"]},
            "shutdownDelayMs": NNI,
            "publicUrl": {"type": "string", "pattern": "^(https?://.+)?$"},
            "allowedHosts": STRLIST,
            "allowedOrigins": STRLIST,
            "corsOrigins": {"type": "array", "items": {"type": "string", "pattern": "^https?://[^/*,]+$"}},
            "httpHeadersTimeoutMs": {"type": "integer", "minimum": 1},
            "httpRequestTimeoutMs": {"type": "integer", "minimum": 1},
            "httpKeepAliveTimeoutMs": {"type": "integer", "minimum": 1},
            "httpListenBacklog": {"type": "integer", "minimum": 1, "maximum": 65535},
            "gatewayMaxInFlight": {"type": "integer", "minimum": 1, "maximum": 100000},
            "gatewayLoopDelayTargetMs": {"type": "integer", "minimum": 0, "maximum": 10000},
            "gatewayMaxQueued": {"type": "integer", "minimum": 0, "maximum": 100000},
            "gatewayQueueTimeoutMs": {"type": "integer", "minimum": 1},
            "trustedProxies": STRLIST,
            "redisPrefix": S,
            "toolTimeoutMs": {"type": "integer", "minimum": 1},
            "sessionTtlSeconds": {"type": "integer", "minimum": 1},
            "mcpResponseMode": {"enum": ["json", "sse"]},
            "jwtIssuer": {"type": "string", "minLength": 1},
            "jwtAudience": {"type": "string", "minLength": 1},
            "defaultRateLimitPerMinute": {"type": "integer", "minimum": 1},
            "defaultRateLimitPerHour": {"type": "integer", "minimum": 1},
            "selfRegistration": B,
            "setupLinkTtlSeconds": {"type": "integer", "minimum": 60, "maximum": 604800},
            "refreshTtlSeconds": {"type": "integer", "minimum": 60, "maximum": 34560000},
            "extra": {"type": "object", "propertyNames": ENV_NAME, "additionalProperties": {"type": ["string", "number", "boolean"]}},
        }),
        "externalDatabase": obj({"url": {"type": "string", "pattern": "^(postgres(ql)?://.+)?$"}, "existingSecret": S, "existingSecretKey": S}),
        "externalRedis": obj({"url": {"type": "string", "pattern": "^(rediss?://.+)?$"}, "existingSecret": S, "existingSecretKey": S}),
        "externalS3": obj({"endpoint": {"type": "string", "pattern": "^(https?://.+)?$"}, "bucket": S, "accessKeyId": S, "secretAccessKey": S, "existingSecret": S, "accessKeyIdKey": S, "secretAccessKeyKey": S}),
        "serviceKeys": obj({
            "publicKeys": {"type": "string", "pattern": "^(([a-z-]+=[A-Za-z0-9+/=]+)(,[a-z-]+=[A-Za-z0-9+/=]+)*)?$"},
            "existingSecrets": obj({"gateway": S, "toolExecutor": S, "auth": S, "costAccounting": S}),
            "existingSecretKey": S,
        }),
        "bootstrapApiKey": obj({"value": {"type": "string", "pattern": "^(lfc_[A-Za-z0-9_-]{43})?$"}, "existingSecret": S, "existingSecretKey": S}),
        "sysctls": obj({"somaxconn": obj({"enabled": B, "value": {"type": "integer", "minimum": 128, "maximum": 65535}})}),
        "gateway": {"$ref": "#/definitions/component"},
        "toolExecutor": {"$ref": "#/definitions/component"},
        "auth": {"$ref": "#/definitions/component"},
        "costAccounting": {"$ref": "#/definitions/component"},
        "migration": obj({"enabled": B, "backoffLimit": NNI, "activeDeadlineSeconds": {"type": "integer", "minimum": 30}, "resources": RESOURCES}),
        "backup": obj({
            "enabled": B,
            "schedule": {"type": "string", "minLength": 9},
            "keep": {"type": "integer", "minimum": 1},
            "activeDeadlineSeconds": {"type": "integer", "minimum": 60},
            "persistence": obj({"existingClaim": S, "size": S, "storageClass": S}),
            "resources": RESOURCES,
        }),
        "ingress": obj({
            "enabled": B,
            "className": S,
            "host": {"type": "string", "minLength": 1},
            "annotations": MAP,
            "tls": obj({"enabled": B, "secretName": S}),
            "certManager": obj({"clusterIssuer": S, "issuer": S}),
            "hsts": obj({"enabled": B, "maxAgeSeconds": NNI, "includeSubdomains": B, "method": {"enum": ["customHeaders", "snippet", "controller"]}}),
            "proxyBodySize": S,
            "timeoutSeconds": {"type": "integer", "minimum": 180},
            "streamingTimeoutSeconds": {"type": "integer", "minimum": 180},
            "upstreamKeepaliveTimeoutSeconds": {"type": "integer", "minimum": 1},
            "paths": obj({"streaming": PATHS, "gateway": PATHS, "gatewayExact": PATHS, "auth": PATHS, "costAccounting": PATHS}),
        }),
        "httpRoute": obj({
            "enabled": B,
            "hostnames": STRLIST,
            "parentRefs": ARR_OBJ,
            "annotations": MAP,
            "httpsRedirect": obj({"enabled": B, "parentRefs": ARR_OBJ}),
        }),
        "networkPolicy": obj({
            "enabled": B,
            "allowExternalEgress": B,
            "ingressController": obj({"namespaceSelector": SELECTOR, "podSelector": SELECTOR}),
            "metrics": obj({"enabled": B, "namespaceSelector": SELECTOR, "podSelector": SELECTOR}),
            "dns": obj({"namespaceSelector": SELECTOR, "podSelector": SELECTOR}),
            "egress": obj({
                "postgresql": obj({"port": PORT, "to": peer_list}),
                "redis": obj({"port": PORT, "to": peer_list}),
                "s3": obj({"ports": {"type": "array", "items": PORT, "minItems": 1}, "to": peer_list}),
                "budgetWebhook": obj({"ports": {"type": "array", "items": PORT, "minItems": 1}, "to": peer_list}),
            }),
        }),
        "metrics": obj({
            "serviceMonitor": obj({"enabled": B, "interval": S, "scrapeTimeout": S, "labels": MAP}),
            "prometheusRule": obj({
                "enabled": B,
                "labels": MAP,
                # The template appends /alerts.md#<anchor>: no trailing slash, query or fragment.
                "runbookBaseUrl": {"type": "string", "pattern": r"^https?://[^\s#?]+[^/\s#?]$"},
            }),
            "dashboards": obj({"enabled": B, "label": S, "labelValue": S, "folder": S, "namespace": S}),
            "requestRate": obj({
                "metricName": {"type": "string", "pattern": "^[a-zA-Z_:][a-zA-Z0-9_:]*$"},
                "window": {"type": "string", "pattern": "^[0-9]+[smh]$"},
                "keda": obj({"serverAddress": {"type": "string", "pattern": "^https?://.+$"}, "authenticationRef": S}),
            }),
        }),
        "postgresql": obj({
            "enabled": B, "image": S, "username": S, "password": S, "database": S,
            "persistence": obj({"enabled": B, "size": S, "storageClass": S}), "resources": RESOURCES,
        }),
        "redis": obj({"enabled": B, "image": S, "resources": RESOURCES}),
        "minio": obj({
            "enabled": B, "image": S, "mcImage": S, "bucket": S, "rootUser": S, "rootPassword": S,
            "persistence": obj({"enabled": B, "size": S, "storageClass": S}), "resources": RESOURCES,
        }),
    },
}

output = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "values.schema.json"
output.write_text(json.dumps(schema, indent=2) + "\n")
