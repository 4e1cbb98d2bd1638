{{/*
Deployment of one service. Takes (dict "ctx" $ "component" "gateway").
*/}}
{{- define "langflow-connect.lib.deployment" -}}
{{- $ctx := .ctx }}
{{- $v := include "langflow-connect.componentValues" . | fromYaml }}
{{- if $v.enabled }}
{{- $selector := include "langflow-connect.selectorLabels" . }}
{{- $drainSeconds := add (div (int $ctx.Values.config.shutdownDelayMs) 1000) 25 }}
{{- if le (int $v.terminationGracePeriodSeconds) (int $drainSeconds) }}
{{- fail (printf "%s.terminationGracePeriodSeconds (%v) must exceed config.shutdownDelayMs/1000 + 25 s of draining (%v)" (get (include "langflow-connect.services" . | fromYaml) .component) $v.terminationGracePeriodSeconds $drainSeconds) }}
{{- end }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "langflow-connect.componentName" . }}
  namespace: {{ $ctx.Release.Namespace }}
  labels:
    {{- include "langflow-connect.labels" . | nindent 4 }}
spec:
  {{- if not $v.autoscaling.enabled }}
  replicas: {{ $v.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- $selector | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # Never below the wanted capacity during a rollout: a new pod must be ready first.
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "langflow-connect.labels" . | nindent 8 }}
        {{- with $v.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        # Rolls the pods when the settings or the chart-managed secrets change.
        checksum/config: {{ include (print $ctx.Template.BasePath "/configmap.yaml") $ctx | sha256sum }}
        checksum/secret: {{ include (print $ctx.Template.BasePath "/secret.yaml") $ctx | sha256sum }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "langflow-connect.serviceAccountName" $ctx }}
      # The services never call the Kubernetes API.
      automountServiceAccountToken: false
      {{- with $ctx.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      # SIGTERM -> /ready fails -> LFC_SHUTDOWN_DELAY_MS -> drain (25 s guard): the grace period covers both.
      terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
      securityContext:
        {{- include "langflow-connect.podSecurityContext" dict | nindent 8 }}
        {{- with $ctx.Values.sysctls.somaxconn }}
        {{- if .enabled }}
        # The pod's network namespace has its own somaxconn, which caps LFC_HTTP_LISTEN_BACKLOG.
        sysctls:
          - name: net.core.somaxconn
            value: {{ .value | quote }}
        {{- end }}
        {{- end }}
      topologySpreadConstraints:
        {{- if $v.topologySpreadConstraints }}
        {{- toYaml $v.topologySpreadConstraints | nindent 8 }}
        {{- else }}
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- $selector | nindent 14 }}
          matchLabelKeys:
            - pod-template-hash
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- $selector | nindent 14 }}
          matchLabelKeys:
            - pod-template-hash
        {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "langflow-connect.image" . | quote }}
          imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
          env:
            - name: LFC_SERVICE
              value: {{ .component | quote }}
            - name: PORT
              value: {{ $v.service.port | quote }}
            {{- include (printf "langflow-connect.env.%s" .component) . | nindent 12 }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "langflow-connect.fullname" $ctx }}-config
          ports:
            - name: http
              containerPort: {{ $v.service.port }}
              protocol: TCP
          # Start-up may include connecting to PostgreSQL and Redis: up to 60 s before liveness applies.
          startupProbe:
            httpGet:
              path: /health
              port: http
            periodSeconds: 2
            timeoutSeconds: 2
            failureThreshold: 30
          # /health has no dependencies: a slow database never restarts the pod.
          livenessProbe:
            httpGet:
              path: /health
              port: http
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          # /ready checks the dependencies and answers 503 while draining.
          readinessProbe:
            httpGet:
              path: /ready
              port: http
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          {{- with $v.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          securityContext:
            {{- include "langflow-connect.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            # The only writable path (root filesystem is read-only).
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 256Mi
{{- end }}
{{- end }}

{{/* URLs of the services a component calls (langflow-connect.calls); never left at the loopback defaults. */}}
{{- define "langflow-connect.env.urls" -}}
{{- $ctx := .ctx }}
{{- $variables := include "langflow-connect.urlVariables" . | fromYaml }}
{{- range $target := include "langflow-connect.callees" . | fromYamlArray }}
- name: {{ get $variables $target }}
  value: {{ include "langflow-connect.componentUrl" (dict "ctx" $ctx "component" $target) | quote }}
{{- end }}
{{- end }}

{{/* Secret-backed environment of each service: only what its config schema reads. */}}
{{- define "langflow-connect.env.database" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      {{- include "langflow-connect.secretRef" (dict "ctx" .ctx "item" "database") | nindent 6 }}
- name: LFC_MIGRATE_ON_START
  # The migration hook Job migrates before the pods start; bundled PostgreSQL exists only after install.
  value: {{ ternary "false" "true" (and .ctx.Values.migration.enabled (not .ctx.Values.postgresql.enabled)) | quote }}
{{- end }}

{{/* The service's own private key (its own Secret) and every service's public key (ADR 006). */}}
{{- define "langflow-connect.env.serviceKeys" -}}
- name: LFC_SERVICE_PRIVATE_KEY
  valueFrom:
    secretKeyRef:
      {{- include "langflow-connect.serviceKeyRef" . | nindent 6 }}
- name: LFC_SERVICE_PUBLIC_KEYS
  valueFrom:
    configMapKeyRef:
      name: {{ include "langflow-connect.serviceKeysConfigMap" .ctx }}
      key: LFC_SERVICE_PUBLIC_KEYS
{{- end }}

{{- define "langflow-connect.env.redis" -}}
{{- if include "langflow-connect.hasRedis" .ctx }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      {{- include "langflow-connect.secretRef" (dict "ctx" .ctx "item" "redis") | nindent 6 }}
{{- end }}
{{- end }}

{{- define "langflow-connect.env.gateway" -}}
{{- $ctx := .ctx }}
{{- include "langflow-connect.env.serviceKeys" . }}
{{ include "langflow-connect.env.database" . }}
{{- if include "langflow-connect.hasRedis" $ctx }}
{{ include "langflow-connect.env.redis" . }}
{{- else if or $ctx.Values.gateway.autoscaling.enabled (gt (int $ctx.Values.gateway.replicas) 1) }}
# More than one gateway replica shares sessions and rate limits through Redis: the pod will not
# start until the chart's Secret has REDIS_URL (set externalRedis.url/existingSecret or redis.enabled).
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      {{- include "langflow-connect.secretRef" (dict "ctx" $ctx "item" "redis") | nindent 6 }}
{{- end }}
{{ include "langflow-connect.env.urls" . }}
- name: LFC_RATE_LIMIT_EXPECTED_REPLICAS
  value: {{ include "langflow-connect.gatewayReplicas" $ctx | quote }}
{{- end }}

{{- define "langflow-connect.env.tool-executor" -}}
{{- $ctx := .ctx }}
{{- include "langflow-connect.env.serviceKeys" . }}
{{- include "langflow-connect.env.redis" . | nindent 0 }}
{{- include "langflow-connect.env.urls" . | nindent 0 }}
{{- include "langflow-connect.env.s3" $ctx }}
{{- end }}

{{/* Where the tool-executor's files are, for the executor and the backup CronJob: S3 when configured. */}}
{{- define "langflow-connect.env.s3" -}}
{{- $ctx := . }}
{{- if include "langflow-connect.hasS3" $ctx }}
- name: LFC_S3_ENDPOINT
  value: {{ ternary (printf "http://%s:9000" (include "langflow-connect.minioHost" $ctx)) $ctx.Values.externalS3.endpoint $ctx.Values.minio.enabled | quote }}
- name: LFC_S3_BUCKET
  value: {{ ternary $ctx.Values.minio.bucket $ctx.Values.externalS3.bucket $ctx.Values.minio.enabled | quote }}
{{- if include "langflow-connect.hasS3Keys" $ctx }}
- name: LFC_S3_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      {{- include "langflow-connect.secretRef" (dict "ctx" $ctx "item" "s3AccessKeyId") | nindent 6 }}
- name: LFC_S3_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      {{- include "langflow-connect.secretRef" (dict "ctx" $ctx "item" "s3SecretAccessKey") | nindent 6 }}
{{- end }}
{{- end }}
{{- end }}

{{- define "langflow-connect.env.auth" -}}
{{- include "langflow-connect.env.serviceKeys" . }}
{{ include "langflow-connect.env.database" . }}
{{- include "langflow-connect.env.redis" . | nindent 0 }}
- name: LFC_BOOTSTRAP_API_KEY
  valueFrom:
    secretKeyRef:
      {{- include "langflow-connect.secretRef" (dict "ctx" .ctx "item" "bootstrapApiKey") | nindent 6 }}
{{- end }}

{{- define "langflow-connect.env.cost-accounting" -}}
{{- include "langflow-connect.env.serviceKeys" . }}
{{ include "langflow-connect.env.database" . }}
{{- include "langflow-connect.env.redis" . | nindent 0 }}
{{- include "langflow-connect.env.urls" . | nindent 0 }}
{{- end }}
