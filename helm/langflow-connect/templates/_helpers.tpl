{{/*
Chart name, overridable with nameOverride.
*/}}
{{- define "langflow-connect.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Release-qualified name; the release name alone when it already contains the chart name.
*/}}
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

{{/*
Name of one service's Deployment and Service. Takes (dict "root" $ "component" "gateway").
*/}}
{{- define "langflow-connect.componentName" -}}
{{- printf "%s-%s" (include "langflow-connect.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "langflow-connect.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels. Takes (dict "root" $ "component" "gateway"); an empty component is left out.
*/}}
{{- define "langflow-connect.selectorLabels" -}}
app.kubernetes.io/name: {{ include "langflow-connect.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{/*
Common labels. Takes (dict "root" $ "component" "gateway"); an empty component is left out.
*/}}
{{- define "langflow-connect.labels" -}}
helm.sh/chart: {{ include "langflow-connect.chart" .root }}
{{ include "langflow-connect.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: langflow-connect
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}
