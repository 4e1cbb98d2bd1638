{{/* ServiceMonitor of one component. Takes (dict "ctx" $ "component" "gateway"). */}}
{{- define "langflow-connect.lib.servicemonitor" -}}
{{- $v := include "langflow-connect.componentValues" . | fromYaml }}
{{- $sm := .ctx.Values.metrics.serviceMonitor }}
{{- if and $v.enabled $sm.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "langflow-connect.componentName" . }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "langflow-connect.labels" . | nindent 4 }}
    {{- with $sm.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "langflow-connect.selectorLabels" . | nindent 6 }}
  namespaceSelector:
    matchNames:
      - {{ .ctx.Release.Namespace }}
  endpoints:
    - port: http
      path: /metrics
      interval: {{ $sm.interval }}
      scrapeTimeout: {{ $sm.scrapeTimeout }}
{{- end }}
{{- end }}
