{{/* Names are cut to 63 characters: the limit of a Kubernetes label value and DNS label. */}}
{{- define "labelstream.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "labelstream.fullname" -}}
{{- if contains (include "labelstream.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "labelstream.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of one part of the release (a service, the database secret, the model store): <fullname>-<part>, still within 63 characters. */}}
{{- define "labelstream.serviceName" -}}
{{- $service := index . 1 -}}
{{- $full := include "labelstream.fullname" (index . 0) | trunc (int (sub 62 (len $service))) | trimSuffix "-" -}}
{{- printf "%s-%s" $full $service -}}
{{- end -}}

{{- define "labelstream.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "labelstream.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "labelstream.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "labelstream.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "labelstream.bootstrapServers" -}}
{{- if .Values.kafka.bootstrapServers -}}
{{- .Values.kafka.bootstrapServers -}}
{{- else if .Values.kafka.strimzi.createCluster -}}
{{- printf "%s-kafka-bootstrap:9092" .Values.kafka.strimzi.clusterName -}}
{{- else -}}
{{- fail "kafka.bootstrapServers is required when kafka.strimzi.createCluster is false" -}}
{{- end -}}
{{- end -}}

{{- /* The KafkaUser of a service; Strimzi keeps its credentials in a Secret of the same name. */}}
{{- define "labelstream.kafkaUser" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "labelstream.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "labelstream.databaseSecret" -}}
{{- default (include "labelstream.serviceName" (list . "db")) .Values.postgresql.existingSecret -}}
{{- end -}}

{{- define "labelstream.trainerAdminSecret" -}}
{{- default (include "labelstream.serviceName" (list . "trainer-admin")) .Values.trainer.adminToken.existingSecret -}}
{{- end -}}

{{- define "labelstream.image" -}}
{{- $root := index . 0 -}}
{{- printf "%s/%s-%s:%s" $root.Values.image.registry $root.Values.image.repository (index . 1) (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}
