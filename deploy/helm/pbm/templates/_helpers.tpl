{{/* The release's name for pbm's objects. */}}
{{- define "pbm.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "pbm.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "pbm.labels" -}}
{{ include "pbm.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "pbm.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The restricted security context of every pbm container. */}}
{{- define "pbm.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The environment and mounts pbm reads its configuration and secrets from. */}}
{{- define "pbm.env" -}}
- name: PBM_CONFIG
  value: /etc/pbm/pbm.toml
- name: PBM_STORE_FILE
  value: /run/secrets/pbm/store/{{ .Values.store.key }}
- name: PBM_CREATOR_PASSWORD_FILE
  value: /run/secrets/pbm/creator/{{ .Values.creatorPassword.key }}
- name: PBM_DOMAIN
  value: {{ .Values.domain | quote }}
{{- with .Values.etcd.endpoints }}
- name: PBM_ETCD_ENDPOINTS
  value: {{ join "," . | quote }}
{{- end }}
{{- with .Values.etcd.prefix }}
- name: PBM_ETCD_PREFIX
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{- define "pbm.secretVolumes" -}}
- name: config
  configMap:
    name: {{ include "pbm.fullname" . }}
- name: store
  secret:
    secretName: {{ .Values.store.existingSecret }}
    defaultMode: 0400
- name: creator-password
  secret:
    secretName: {{ .Values.creatorPassword.existingSecret }}
    defaultMode: 0400
- name: data
  emptyDir: {}
- name: tmp
  emptyDir: {}
{{- end -}}

{{- define "pbm.secretMounts" -}}
- name: config
  mountPath: /etc/pbm
  readOnly: true
- name: store
  mountPath: /run/secrets/pbm/store
  readOnly: true
- name: creator-password
  mountPath: /run/secrets/pbm/creator
  readOnly: true
- name: data
  mountPath: /var/lib/pbm
- name: tmp
  mountPath: /tmp
{{- end -}}
