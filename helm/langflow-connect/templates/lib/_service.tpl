{{/* Service of one component. Takes (dict "ctx" $ "component" "gateway"). */}}
{{- define "langflow-connect.lib.service" -}}
{{- $v := include "langflow-connect.componentValues" . | fromYaml }}
{{- if $v.enabled }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "langflow-connect.componentName" . }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "langflow-connect.labels" . | nindent 4 }}
  {{- with $v.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ $v.service.type }}
  selector:
    {{- include "langflow-connect.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ $v.service.port }}
      targetPort: http
      protocol: TCP
{{- end }}
{{- end }}
