{{/* HorizontalPodAutoscaler of one component. Takes (dict "ctx" $ "component" "gateway"). */}}
{{- define "langflow-connect.lib.hpa" -}}
{{- $v := include "langflow-connect.componentValues" . | fromYaml }}
{{- if and $v.enabled $v.autoscaling.enabled }}
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
  behavior:
    scaleUp:
      stabilizationWindowSeconds: {{ $a.scaleUpStabilizationWindowSeconds }}
      policies:
        - type: Pods
          value: 2
          periodSeconds: 60
    scaleDown:
      stabilizationWindowSeconds: {{ $a.scaleDownStabilizationWindowSeconds }}
      policies:
        - type: Pods
          value: 1
          periodSeconds: 120
{{- end }}
{{- end }}
