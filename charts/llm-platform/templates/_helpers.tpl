{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "llm.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every resource name. */}}
{{- define "llm.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's resources: "<fullname>-<component>". Call with (dict "root" $ "component" "gateway"). */}}
{{- define "llm.componentName" -}}
{{- printf "%s-%s" (include "llm.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every resource. */}}
{{- define "llm.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: llm-platform
{{ include "llm.selectorLabels" . }}
{{- end -}}

{{/* Selector labels of one component. Call with (dict "root" $ "component" "gateway"). */}}
{{- define "llm.selectorLabels" -}}
app.kubernetes.io/name: {{ include "llm.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Image of a platform service. Call with (dict "root" $ "image" .Values.gateway.image). */}}
{{- define "llm.image" -}}
{{- $tag := .image.tag | default .root.Values.global.imageTag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s:%s" .root.Values.global.imageRegistry .image.repository $tag -}}
{{- end -}}

{{/* Restrictive container securityContext shared by every container. */}}
{{- define "llm.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Pod securityContext for the .NET images: user "app", APP_UID 1654 in the .NET 8+ Microsoft images (64198 was the .NET 8 preview value). */}}
{{- define "llm.dotnetPodSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1654
runAsGroup: 1654
fsGroup: 1654
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Health probes of a .NET service on its named port "http": readiness /health, liveness /alive. */}}
{{- define "llm.dotnetProbes" -}}
startupProbe:
  httpGet: { path: /alive, port: http }
  periodSeconds: 2
  failureThreshold: 30
readinessProbe:
  httpGet: { path: /health, port: http }
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
livenessProbe:
  httpGet: { path: /alive, port: http }
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{/* Redis host name and port. */}}
{{- define "llm.redisHost" -}}
{{- if .Values.redis.enabled -}}
{{- printf "%s.%s.svc" (include "llm.componentName" (dict "root" . "component" "redis")) .Release.Namespace -}}
{{- else -}}
{{- required "externalRedis.host is required when redis.enabled=false" .Values.externalRedis.host -}}
{{- end -}}
{{- end -}}

{{- define "llm.redisPort" -}}
{{- if .Values.redis.enabled -}}6379{{- else -}}{{ .Values.externalRedis.port }}{{- end -}}
{{- end -}}

{{/* Secret and key holding the Redis password. */}}
{{- define "llm.redisSecretName" -}}
{{- $existing := ternary .Values.redis.existingSecret .Values.externalRedis.existingSecret .Values.redis.enabled -}}
{{- default (include "llm.componentName" (dict "root" . "component" "redis")) $existing -}}
{{- end -}}

{{- define "llm.redisSecretKey" -}}
{{- $existing := ternary .Values.redis.existingSecret .Values.externalRedis.existingSecret .Values.redis.enabled -}}
{{- if $existing -}}
{{- ternary .Values.redis.existingSecretPasswordKey .Values.externalRedis.existingSecretPasswordKey .Values.redis.enabled -}}
{{- else -}}redis-password{{- end -}}
{{- end -}}

{{/* Whether Redis needs a password at all (external Redis without one does not). */}}
{{- define "llm.redisHasPassword" -}}
{{- if or .Values.redis.enabled .Values.externalRedis.existingSecret .Values.externalRedis.password -}}true{{- end -}}
{{- end -}}

{{/* Where the services send OTLP/HTTP: the chart's collector, or telemetry.otlpEndpoint. */}}
{{- define "llm.otlpEndpoint" -}}
{{- if .Values.collector.enabled -}}
{{- printf "http://%s:4318" (include "llm.componentName" (dict "root" . "component" "collector")) -}}
{{- else -}}
{{- .Values.telemetry.otlpEndpoint -}}
{{- end -}}
{{- end -}}

{{/* Environment every platform service shares: Redis, Jobs:*, OpenTelemetry. Call with (dict "root" $ "service" "llm-gateway"). */}}
{{- define "llm.commonEnv" -}}
{{- $root := .root -}}
{{- if include "llm.redisHasPassword" $root }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "llm.redisSecretName" $root }}
      key: {{ include "llm.redisSecretKey" $root }}
- name: ConnectionStrings__redis
  value: {{ printf "%s:%s,password=$(REDIS_PASSWORD)%s" (include "llm.redisHost" $root) (include "llm.redisPort" $root) (ternary ",ssl=true" "" (and (not $root.Values.redis.enabled) $root.Values.externalRedis.ssl)) | quote }}
{{- else }}
- name: ConnectionStrings__redis
  value: {{ printf "%s:%s%s" (include "llm.redisHost" $root) (include "llm.redisPort" $root) (ternary ",ssl=true" "" (and (not $root.Values.redis.enabled) $root.Values.externalRedis.ssl)) | quote }}
{{- end }}
- name: Jobs__KeyPrefix
  value: {{ $root.Values.jobs.keyPrefix | quote }}
- name: Jobs__ConsumerGroup
  value: {{ $root.Values.jobs.consumerGroup | quote }}
- name: Jobs__MaxAttempts
  value: {{ $root.Values.jobs.maxAttempts | int64 | quote }}
- name: Jobs__VisibilityTimeout
  value: {{ $root.Values.jobs.visibilityTimeout | quote }}
- name: Jobs__ResultTimeToLive
  value: {{ $root.Values.jobs.resultTimeToLive | quote }}
- name: POD_NAME
  valueFrom:
    fieldRef: { fieldPath: metadata.name }
- name: POD_NAMESPACE
  valueFrom:
    fieldRef: { fieldPath: metadata.namespace }
- name: OTEL_SERVICE_NAME
  value: {{ .service | quote }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "service.namespace=llm-platform,service.instance.id=$(POD_NAME),k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE)%s" (ternary (printf ",%s" $root.Values.telemetry.resourceAttributes) "" (ne $root.Values.telemetry.resourceAttributes "")) | quote }}
{{- with include "llm.otlpEndpoint" $root }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: http/protobuf
{{- end }}
- name: OTEL_METRIC_EXPORT_INTERVAL
  value: {{ $root.Values.telemetry.metricExportIntervalMs | int64 | quote }}
{{- end -}}

{{/* The /tmp emptyDir .NET needs with a read-only root filesystem. */}}
{{- define "llm.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}

{{- define "llm.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* Secret name of the gateway's API keys. */}}
{{- define "llm.apiKeysSecretName" -}}
{{- include "llm.componentName" (dict "root" . "component" "gateway-keys") -}}
{{- end -}}

{{/* Secret name and key of API key N (for Gateway__ApiKeys__N__Key). Call with (dict "root" $ "index" N "key" item). */}}
{{- define "llm.apiKeyRef" -}}
{{- if .key.existingSecret -}}
name: {{ .key.existingSecret }}
key: {{ required "gateway.apiKeys[].existingSecretKey is required with existingSecret" .key.existingSecretKey }}
{{- else -}}
name: {{ include "llm.apiKeysSecretName" .root }}
key: {{ printf "key-%d" (int .index) }}
{{- end -}}
{{- end -}}

{{/* Name of the worker's Deployment (the ScalePolicy's targetRef). */}}
{{- define "llm.workerName" -}}
{{- include "llm.componentName" (dict "root" . "component" "worker") -}}
{{- end -}}

{{- define "llm.operatorServiceAccountName" -}}
{{- default (include "llm.componentName" (dict "root" . "component" "operator")) .Values.operator.serviceAccount.name -}}
{{- end -}}

{{/* NetworkPolicy egress rule to Redis (in-chart pods or externalRedis.cidr). */}}
{{- define "llm.redisEgress" -}}
{{- if .Values.redis.enabled }}
- to:
    - podSelector:
        matchLabels:
          {{- include "llm.selectorLabels" (dict "root" . "component" "redis") | nindent 10 }}
  ports:
    - { port: 6379, protocol: TCP }
{{- else }}
- to:
    - ipBlock: { cidr: {{ .Values.externalRedis.cidr | quote }} }
  ports:
    - { port: {{ .Values.externalRedis.port }}, protocol: TCP }
{{- end }}
{{- end -}}

{{/* NetworkPolicy egress rule to the collector (or an external one). */}}
{{- define "llm.collectorEgress" -}}
{{- if .Values.collector.enabled }}
- to:
    - podSelector:
        matchLabels:
          {{- include "llm.selectorLabels" (dict "root" . "component" "collector") | nindent 10 }}
  ports:
    - { port: 4317, protocol: TCP }
    - { port: 4318, protocol: TCP }
{{- else if .Values.telemetry.otlpEndpoint }}
{{- /* An external collector: its address is not known as a pod selector. */}}
- ports:
    - { port: 4317, protocol: TCP }
    - { port: 4318, protocol: TCP }
    - { port: 443, protocol: TCP }
{{- end }}
{{- end -}}
