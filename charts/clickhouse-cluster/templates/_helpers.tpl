{{/* Labels every object of this chart carries. */}}
{{- define "clickhouse-cluster.labels" -}}
app.kubernetes.io/part-of: clickhouse
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{/* Restricted-profile container security context (ClickHouse runs as uid 101). */}}
{{- define "clickhouse-cluster.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: false
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{- define "clickhouse-cluster.podSecurity" -}}
runAsNonRoot: true
runAsUser: 101
runAsGroup: 101
fsGroup: 101
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Service name of replica $r of shard $s, as the operator names it. */}}
{{- define "clickhouse-cluster.hostService" -}}
chi-{{ .root.Values.installation }}-{{ .root.Values.cluster }}-{{ .shard }}-{{ .replica }}
{{- end -}}
