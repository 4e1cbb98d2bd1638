{{/*
NetworkPolicies (bitnami style): networkpolicy-default-deny.yaml denies everything for the
release's pods; each component's policy below opens only the flows it needs, matched by
app.kubernetes.io/component. Egress to PostgreSQL, Redis and S3 goes to the bundled pods when
they are enabled, else to networkPolicy.egress.<dep>.to (any address on the port when empty; for S3, whose
port 443 is the whole internet's, an empty list is refused unless allowExternalEgress is on).
*/}}

{{- define "langflow-connect.np.peer" -}}
- podSelector:
    matchLabels:
      {{- include "langflow-connect.selectorLabels" . | nindent 6 }}
{{- end }}

{{- define "langflow-connect.np.dns" -}}
- to:
    - namespaceSelector:
        {{- toYaml .Values.networkPolicy.dns.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml .Values.networkPolicy.dns.podSelector | nindent 8 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end }}

{{/* Egress to a dependency. Takes (dict "ctx" $ "dep" "postgresql|redis|s3"). */}}
{{- define "langflow-connect.np.egressTo" -}}
{{- $np := .ctx.Values.networkPolicy }}
{{- if eq .dep "postgresql" }}
- ports:
    - port: {{ $np.egress.postgresql.port }}
      protocol: TCP
  {{- if .ctx.Values.postgresql.enabled }}
  to:
    {{- include "langflow-connect.np.peer" (dict "ctx" .ctx "component" "postgresql") | nindent 4 }}
  {{- else if $np.egress.postgresql.to }}
  to:
    {{- toYaml $np.egress.postgresql.to | nindent 4 }}
  {{- end }}
{{- else if eq .dep "redis" }}
- ports:
    - port: {{ $np.egress.redis.port }}
      protocol: TCP
  {{- if .ctx.Values.redis.enabled }}
  to:
    {{- include "langflow-connect.np.peer" (dict "ctx" .ctx "component" "redis") | nindent 4 }}
  {{- else if $np.egress.redis.to }}
  to:
    {{- toYaml $np.egress.redis.to | nindent 4 }}
  {{- end }}
{{- else if eq .dep "s3" }}
{{- if not (or .ctx.Values.minio.enabled $np.allowExternalEgress $np.egress.s3.to) }}
{{- fail "networkPolicy.egress.s3.to must list the S3 endpoint's addresses (e.g. ipBlock of the VPC endpoint's subnet) when networkPolicy.allowExternalEgress is false: without it the tool-executor could reach any host on the S3 ports" }}
{{- end }}
- ports:
    {{- range $np.egress.s3.ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
  {{- if .ctx.Values.minio.enabled }}
  to:
    {{- include "langflow-connect.np.peer" (dict "ctx" .ctx "component" "minio") | nindent 4 }}
  {{- else if $np.egress.s3.to }}
  to:
    {{- toYaml $np.egress.s3.to | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}

{{/* Ingress rule: from the ingress controller on the http port. */}}
{{- define "langflow-connect.np.fromIngressController" -}}
- from:
    - namespaceSelector:
        {{- toYaml .Values.networkPolicy.ingressController.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml .Values.networkPolicy.ingressController.podSelector | nindent 8 }}
  ports:
    - port: http
      protocol: TCP
{{- end }}

{{- define "langflow-connect.np.fromPrometheus" -}}
{{- if .Values.networkPolicy.metrics.enabled }}
- from:
    - namespaceSelector:
        {{- toYaml .Values.networkPolicy.metrics.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml .Values.networkPolicy.metrics.podSelector | nindent 8 }}
  ports:
    - port: http
      protocol: TCP
{{- end }}
{{- end }}

{{/* NetworkPolicy of one service. Takes (dict "ctx" $ "component" "gateway"). */}}
{{- define "langflow-connect.lib.networkpolicy" -}}
{{- $ctx := .ctx }}
{{- $v := include "langflow-connect.componentValues" . | fromYaml }}
{{- if and $v.enabled $ctx.Values.networkPolicy.enabled }}
{{- $public := has .component (list "gateway" "auth" "cost-accounting") }}
{{- $callers := include "langflow-connect.callers" . | fromYamlArray }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "langflow-connect.componentName" . }}
  namespace: {{ $ctx.Release.Namespace }}
  labels:
    {{- include "langflow-connect.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "langflow-connect.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress:
    {{- if $public }}
    {{- include "langflow-connect.np.fromIngressController" $ctx | nindent 4 }}
    {{- end }}
    {{- with $callers }}
    # The services that call this one (langflow-connect.calls).
    - from:
        {{- range $caller := . }}
        {{- include "langflow-connect.np.peer" (dict "ctx" $ctx "component" $caller) | nindent 8 }}
        {{- end }}
      ports:
        - port: http
          protocol: TCP
    {{- end }}
    {{- include "langflow-connect.np.fromPrometheus" $ctx | nindent 4 }}
  egress:
    {{- include "langflow-connect.np.dns" $ctx | nindent 4 }}
    {{- range $target := include "langflow-connect.callees" . | fromYamlArray }}
    {{- $tv := include "langflow-connect.componentValues" (dict "ctx" $ctx "component" $target) | fromYaml }}
    - to:
        {{- include "langflow-connect.np.peer" (dict "ctx" $ctx "component" $target) | nindent 8 }}
      ports:
        - port: {{ $tv.service.port }}
          protocol: TCP
    {{- end }}
    {{- if has .component (list "gateway" "auth" "cost-accounting") }}
    {{- include "langflow-connect.np.egressTo" (dict "ctx" $ctx "dep" "postgresql") | nindent 4 }}
    {{- end }}
    {{- if include "langflow-connect.hasRedis" $ctx }}
    {{- include "langflow-connect.np.egressTo" (dict "ctx" $ctx "dep" "redis") | nindent 4 }}
    {{- end }}
    {{- if and (eq .component "tool-executor") (include "langflow-connect.hasS3" $ctx) }}
    {{- include "langflow-connect.np.egressTo" (dict "ctx" $ctx "dep" "s3") | nindent 4 }}
    {{- end }}
    {{- if and (eq .component "cost-accounting") $ctx.Values.networkPolicy.egress.budgetWebhook.to }}
    # The budget webhook (LFC_BUDGET_WEBHOOK_URL).
    - ports:
        {{- range $ctx.Values.networkPolicy.egress.budgetWebhook.ports }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
      to:
        {{- toYaml $ctx.Values.networkPolicy.egress.budgetWebhook.to | nindent 8 }}
    {{- end }}
    {{- if $ctx.Values.networkPolicy.allowExternalEgress }}
    # networkPolicy.allowExternalEgress: anything else too (turn off for a strict setup).
    - {}
    {{- end }}
{{- end }}
{{- end }}
