{{/*
Names and labels. Helpers that concern one component take (dict "ctx" $ "component" "gateway"),
as in grafana/helm-charts tempo-distributed; an empty component means the release as a whole.
*/}}

{{- define "langflow-connect.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; the release name alone when it already contains the chart name. */}}
{{- define "langflow-connect.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "langflow-connect.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The four services: component name (labels, resource names, LFC_SERVICE) -> values key. */}}
{{- define "langflow-connect.services" -}}
gateway: gateway
tool-executor: toolExecutor
auth: auth
cost-accounting: costAccounting
{{- end }}

{{/*
Internal HTTP calls: caller -> the services it calls. The callers' URL variables, the
NetworkPolicies (egress of the caller, ingress of the callee) and the tests all follow this map.
  gateway        -> executor (tools), auth (key verification, JWKS), cost-accounting (budgets)
  tool-executor  -> cost-accounting (cost tools), auth and cost-accounting and gateway (/ready, get_system_health)
  cost-accounting -> auth (key verification, JWKS for the report endpoints)
*/}}
{{- define "langflow-connect.calls" -}}
gateway: [tool-executor, auth, cost-accounting]
tool-executor: [auth, cost-accounting, gateway]
auth: []
cost-accounting: [auth]
{{- end }}

{{/* The variable holding a service's URL in its callers' configuration. */}}
{{- define "langflow-connect.urlVariables" -}}
gateway: LFC_GATEWAY_URL
tool-executor: LFC_EXECUTOR_URL
auth: LFC_AUTH_URL
cost-accounting: LFC_COST_URL
{{- end }}

{{/* Enabled services a component calls, as a YAML list (use with fromYamlArray). Takes (dict "ctx" $ "component" "gateway"). */}}
{{- define "langflow-connect.callees" -}}
{{- $ctx := .ctx }}
{{- $out := list }}
{{- range $target := get (include "langflow-connect.calls" . | fromYaml) .component }}
{{- if (include "langflow-connect.componentValues" (dict "ctx" $ctx "component" $target) | fromYaml).enabled }}
{{- $out = append $out $target }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/* Enabled services that call a component, as a YAML list (use with fromYamlArray). */}}
{{- define "langflow-connect.callers" -}}
{{- $ctx := .ctx }}
{{- $component := .component }}
{{- $out := list }}
{{- range $caller, $targets := include "langflow-connect.calls" . | fromYaml }}
{{- if and (has $component $targets) (include "langflow-connect.componentValues" (dict "ctx" $ctx "component" $caller) | fromYaml).enabled }}
{{- $out = append $out $caller }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/* Values block of a component, as YAML (use with fromYaml). */}}
{{- define "langflow-connect.componentValues" -}}
{{- $key := get (include "langflow-connect.services" . | fromYaml) .component -}}
{{- toYaml (index .ctx.Values $key) }}
{{- end }}

{{/* Name of a component's Deployment, Service, HPA, PDB, ... */}}
{{- define "langflow-connect.componentName" -}}
{{- printf "%s-%s" (include "langflow-connect.fullname" .ctx) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "langflow-connect.selectorLabels" -}}
app.kubernetes.io/name: {{ include "langflow-connect.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{- define "langflow-connect.labels" -}}
helm.sh/chart: {{ include "langflow-connect.chart" .ctx }}
{{ include "langflow-connect.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: langflow-connect
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "langflow-connect.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "langflow-connect.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image reference of a component: its own repository/tag, else the chart's; a digest wins. */}}
{{- define "langflow-connect.image" -}}
{{- $values := include "langflow-connect.componentValues" . | fromYaml }}
{{- $own := $values.image | default dict }}
{{- $root := .ctx.Values.image }}
{{- $repository := $own.repository | default $root.repository }}
{{- if $root.digest }}
{{- printf "%s@%s" $repository $root.digest }}
{{- else }}
{{- printf "%s:%s" $repository ($own.tag | default $root.tag | default .ctx.Chart.AppVersion | toString) }}
{{- end }}
{{- end }}

{{/* In-cluster URL of a component's Service. */}}
{{- define "langflow-connect.componentUrl" -}}
{{- $values := include "langflow-connect.componentValues" . | fromYaml }}
{{- printf "http://%s:%v" (include "langflow-connect.componentName" .) $values.service.port }}
{{- end }}

{{/* Gateway replicas the rate limiter should expect (HPA minimum when autoscaling). */}}
{{- define "langflow-connect.gatewayReplicas" -}}
{{- if .Values.gateway.autoscaling.enabled }}{{ .Values.gateway.autoscaling.minReplicas }}{{ else }}{{ .Values.gateway.replicas }}{{ end }}
{{- end }}

{{/* Public URL: config.publicUrl, else https://<host> when the ingress or HTTPRoute is on. */}}
{{- define "langflow-connect.publicUrl" -}}
{{- if .Values.config.publicUrl }}
{{- .Values.config.publicUrl }}
{{- else if or .Values.ingress.enabled .Values.httpRoute.enabled }}
{{- printf "%s://%s" (ternary "https" "http" (or .Values.httpRoute.enabled .Values.ingress.tls.enabled)) .Values.ingress.host }}
{{- end }}
{{- end }}

{{/* ---- secrets: where each one comes from ---------------------------------------------- */}}

{{/* Name of the Secret this chart creates. */}}
{{- define "langflow-connect.secretName" -}}
{{- printf "%s-secrets" (include "langflow-connect.fullname" .) }}
{{- end }}

{{/*
A secretKeyRef for one of the secrets. Takes (dict "ctx" $ "item" "database|redis|bootstrapApiKey|s3AccessKeyId|s3SecretAccessKey").
*/}}
{{- define "langflow-connect.secretRef" -}}
{{- $v := .ctx.Values }}
{{- $own := include "langflow-connect.secretName" .ctx }}
{{- if eq .item "database" }}
{{- if and $v.externalDatabase.existingSecret (not $v.postgresql.enabled) }}
name: {{ $v.externalDatabase.existingSecret }}
key: {{ $v.externalDatabase.existingSecretKey }}
{{- else }}
name: {{ $own }}
key: DATABASE_URL
{{- end }}
{{- else if eq .item "redis" }}
{{- if and $v.externalRedis.existingSecret (not $v.redis.enabled) }}
name: {{ $v.externalRedis.existingSecret }}
key: {{ $v.externalRedis.existingSecretKey }}
{{- else }}
name: {{ $own }}
key: REDIS_URL
{{- end }}
{{- else if eq .item "bootstrapApiKey" }}
name: {{ $v.bootstrapApiKey.existingSecret | default $own }}
key: {{ ternary $v.bootstrapApiKey.existingSecretKey "LFC_BOOTSTRAP_API_KEY" (ne $v.bootstrapApiKey.existingSecret "") }}
{{- else if eq .item "s3AccessKeyId" }}
name: {{ ternary $v.externalS3.existingSecret $own (and (ne $v.externalS3.existingSecret "") (not $v.minio.enabled)) }}
key: {{ ternary $v.externalS3.accessKeyIdKey "LFC_S3_ACCESS_KEY_ID" (and (ne $v.externalS3.existingSecret "") (not $v.minio.enabled)) }}
{{- else if eq .item "s3SecretAccessKey" }}
name: {{ ternary $v.externalS3.existingSecret $own (and (ne $v.externalS3.existingSecret "") (not $v.minio.enabled)) }}
key: {{ ternary $v.externalS3.secretAccessKeyKey "LFC_S3_SECRET_ACCESS_KEY" (and (ne $v.externalS3.existingSecret "") (not $v.minio.enabled)) }}
{{- end }}
{{- end }}

{{/* Whether a Redis URL is available from somewhere. */}}
{{- define "langflow-connect.hasRedis" -}}
{{- if or .Values.redis.enabled .Values.externalRedis.url .Values.externalRedis.existingSecret }}true{{ end }}
{{- end }}

{{/* Whether S3 is configured (bundled MinIO or an endpoint). */}}
{{- define "langflow-connect.hasS3" -}}
{{- if or .Values.minio.enabled .Values.externalS3.endpoint }}true{{ end }}
{{- end }}

{{/* Whether S3 keys come from a Secret (none with IRSA / workload identity). */}}
{{- define "langflow-connect.hasS3Keys" -}}
{{- if or .Values.minio.enabled .Values.externalS3.existingSecret .Values.externalS3.accessKeyId }}true{{ end }}
{{- end }}

{{/* A value kept across upgrades: the one given, else the one in the live Secret, else a new random one. */}}
{{- define "langflow-connect.persistentValue" -}}
{{- if .given }}
{{- .given }}
{{- else }}
{{- $live := lookup "v1" "Secret" .ctx.Release.Namespace (include "langflow-connect.secretName" .ctx) }}
{{- if and $live $live.data (hasKey $live.data .key) }}
{{- index $live.data .key | b64dec }}
{{- else }}
{{- printf "%s%s" (.prefix | default "") (randAlphaNum (int .length)) }}
{{- end }}
{{- end }}
{{- end }}

{{/* ---- bundled dependencies ------------------------------------------------------------- */}}

{{- define "langflow-connect.postgresqlHost" -}}
{{- include "langflow-connect.componentName" (dict "ctx" . "component" "postgresql") }}
{{- end }}

{{- define "langflow-connect.redisHost" -}}
{{- include "langflow-connect.componentName" (dict "ctx" . "component" "redis") }}
{{- end }}

{{- define "langflow-connect.minioHost" -}}
{{- include "langflow-connect.componentName" (dict "ctx" . "component" "minio") }}
{{- end }}

{{/* Pod and container security settings shared by every pod of the chart. */}}
{{- define "langflow-connect.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid | default 1000 }}
runAsGroup: {{ .uid | default 1000 }}
fsGroup: {{ .uid | default 1000 }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "langflow-connect.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
{{- end }}

{{/* ---- service keys (ADR 006) ----------------------------------------------------------- */}}

{{/* The ConfigMap with every service's public key (LFC_SERVICE_PUBLIC_KEYS). */}}
{{- define "langflow-connect.serviceKeysConfigMap" -}}
{{- printf "%s-service-keys" (include "langflow-connect.fullname" .) }}
{{- end }}

{{/* Where a component's private key is. Takes (dict "ctx" $ "component" "gateway"). */}}
{{- define "langflow-connect.serviceKeyRef" -}}
{{- $keys := .ctx.Values.serviceKeys }}
{{- if $keys.publicKeys }}
{{- $valuesKey := get (include "langflow-connect.services" .ctx | fromYaml) .component }}
name: {{ required (printf "serviceKeys.existingSecrets.%s: the Secret with the %s private key (serviceKeys.publicKeys is set, so the chart generates no keys)" $valuesKey .component) (get $keys.existingSecrets $valuesKey) }}
key: {{ $keys.existingSecretKey }}
{{- else }}
name: {{ include "langflow-connect.componentName" . }}-service-key
key: LFC_SERVICE_PRIVATE_KEY
{{- end }}
{{- end }}
