{{/* PodDisruptionBudget of one component. Takes (dict "ctx" $ "component" "gateway"). */}}
{{- define "langflow-connect.lib.pdb" -}}
{{- $v := include "langflow-connect.componentValues" . | fromYaml }}
{{- if and $v.enabled $v.podDisruptionBudget.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "langflow-connect.componentName" . }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "langflow-connect.labels" . | nindent 4 }}
spec:
  # maxUnavailable (not minAvailable) so a single-replica service never blocks node drains.
  maxUnavailable: {{ $v.podDisruptionBudget.maxUnavailable }}
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      {{- include "langflow-connect.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}
