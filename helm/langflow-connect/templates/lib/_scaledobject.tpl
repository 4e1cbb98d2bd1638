{{/*
KEDA ScaledObject of one component (autoscaling.requestRate.mode keda): the same bounds, CPU and
memory targets and behaviour as the HPA it replaces, plus the service's request rate from
Prometheus. KEDA creates the HPA from it. Takes (dict "ctx" $ "component" "gateway").
*/}}
{{- define "langflow-connect.lib.scaledobject" -}}
{{- if eq (include "langflow-connect.autoscaler" .) "keda" }}
{{- $v := include "langflow-connect.componentValues" . | fromYaml }}
{{- $a := $v.autoscaling }}
{{- $m := .ctx.Values.metrics.requestRate }}
{{- $name := include "langflow-connect.componentName" . }}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ $name }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "langflow-connect.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicaCount: {{ $a.minReplicas }}
  maxReplicaCount: {{ $a.maxReplicas }}
  advanced:
    # KEDA names its HPA keda-hpa-<name>, so switching modes never has two owners of one HPA.
    horizontalPodAutoscalerConfig:
      behavior:
        {{- include "langflow-connect.lib.hpaBehavior" $a | nindent 8 }}
  triggers:
    # AverageValue: the HPA divides the service's total by its replicas, so the threshold is per pod.
    - type: prometheus
      metricType: AverageValue
      metadata:
        serverAddress: {{ $m.keda.serverAddress | quote }}
        {{- /* The chart's ServiceMonitor labels each series with the Kubernetes Service (`service`); the process's own `service` label becomes `exported_service`. Probes and scrapes are not load. */}}
        query: {{ $a.requestRate.query | default (printf "sum(rate(lfc_http_requests_total{namespace=%q,service=%q,route!~%q}[%s]))" .ctx.Release.Namespace $name "/health|/ready|/metrics" $m.window) | quote }}
        threshold: {{ $a.requestRate.targetPerPod | int | quote }}
      {{- with $m.keda.authenticationRef }}
      authenticationRef:
        name: {{ . }}
      {{- end }}
    - type: cpu
      metricType: Utilization
      metadata:
        value: {{ $a.targetCPUUtilizationPercentage | int | quote }}
    - type: memory
      metricType: Utilization
      metadata:
        value: {{ $a.targetMemoryUtilizationPercentage | int | quote }}
{{- end }}
{{- end }}
