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

{{/*
Where clickhouse-backup keeps this installation's backups (S3, the backups bucket, SSE-KMS), shared
by the backup sidecar and the restore drill so the drill always reads what the sidecar writes.
S3_PATH keeps the {shard} macro: clickhouse-backup expands it from system.macros on a live pod; the
drill substitutes each shard's name itself.
*/}}
{{- define "clickhouse-cluster.backupStorageEnv" -}}
- { name: REMOTE_STORAGE, value: s3 }
- { name: S3_BUCKET, value: {{ .Values.backup.bucket | quote }} }
- { name: S3_REGION, value: {{ .Values.backup.region | quote }} }
- { name: S3_PATH, value: {{ printf "clickhouse/%s/shard-{shard}" .Values.installation | quote }} }
- { name: S3_SSE, value: "aws:kms" }
- { name: S3_SSE_KMS_KEY_ID, value: {{ .Values.backup.kmsKeyArn | quote }} }
- { name: S3_STORAGE_CLASS, value: {{ .Values.backup.storageClass | quote }} }
{{- end -}}

{{/* Restricted container security context with a read-only root filesystem (restore drill). */}}
{{- define "clickhouse-cluster.readOnlyContainerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}
