{{/*
Which autoscaler owns a component's replicas: "hpa", "keda" or "" (none). Takes (dict "ctx" $ "component" "gateway").
In keda mode KEDA creates and owns the HPA, so the chart renders a ScaledObject instead of one.
*/}}
{{- define "langflow-connect.autoscaler" -}}
{{- $v := include "langflow-connect.componentValues" . | fromYaml }}
{{- $rate := $v.autoscaling.requestRate }}
{{- if and $rate.enabled (not $v.autoscaling.enabled) }}
{{- fail (printf "%s.autoscaling.requestRate.enabled needs %s.autoscaling.enabled" (get (include "langflow-connect.services" . | fromYaml) .component) (get (include "langflow-connect.services" . | fromYaml) .component)) }}
{{- end }}
{{- if and $v.enabled $v.autoscaling.enabled }}
{{- ternary "keda" "hpa" (and $rate.enabled (eq $rate.mode "keda")) }}
{{- end }}
{{- end }}

{{/* Scaling behaviour shared by the HPA and the one KEDA makes. Takes the autoscaling values. */}}
{{- define "langflow-connect.lib.hpaBehavior" -}}
scaleUp:
  stabilizationWindowSeconds: {{ .scaleUpStabilizationWindowSeconds }}
  policies:
    - type: Pods
      value: 2
      periodSeconds: 60
scaleDown:
  stabilizationWindowSeconds: {{ .scaleDownStabilizationWindowSeconds }}
  policies:
    - type: Pods
      value: 1
      periodSeconds: 120
{{- end }}

{{/* HorizontalPodAutoscaler of one component. Takes (dict "ctx" $ "component" "gateway"). */}}
{{- define "langflow-connect.lib.hpa" -}}
{{- if eq (include "langflow-connect.autoscaler" .) "hpa" }}
{{- $v := include "langflow-connect.componentValues" . | fromYaml }}
{{- $a := $v.autoscaling }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "langflow-connect.componentName" . }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "langflow-connect.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "langflow-connect.componentName" . }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ $a.targetMemoryUtilizationPercentage }}
    {{- if $a.requestRate.enabled }}
    # Each pod's requests per second, from Prometheus Adapter's custom metrics API.
    - type: Pods
      pods:
        metric:
          name: {{ .ctx.Values.metrics.requestRate.metricName }}
        target:
          type: AverageValue
          averageValue: {{ $a.requestRate.targetPerPod | int | quote }}
    {{- end }}
  behavior:
    {{- include "langflow-connect.lib.hpaBehavior" $a | nindent 4 }}
{{- end }}
{{- end }}
