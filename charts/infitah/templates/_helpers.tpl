{{/* Names, labels and the pieces every workload shares. */}}

{{- define "infitah.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The prefix of every resource name; kept to 40 characters so that
"<fullname>-<component>-<suffix>" stays within Kubernetes' limits. */}}
{{- define "infitah.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "infitah.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "web") */}}
{{- define "infitah.selectorLabels" -}}
app.kubernetes.io/name: {{ include "infitah.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* All labels of one component: (dict "root" $ "component" "web") */}}
{{- define "infitah.labels" -}}
helm.sh/chart: {{ include "infitah.chart" .root }}
{{ include "infitah.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: infitah
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "infitah.image" -}}
{{- $repo := required "image.repository is required: where the image built from the repository's Dockerfile was pushed" .Values.image.repository -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repo .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "infitah.baseDomain" -}}
{{- required "baseDomain is required: the national space is served on it, each collectivity on <slug>.<baseDomain>" .Values.baseDomain -}}
{{- end -}}

{{- define "infitah.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "infitah.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The split services that run, as a sorted list of names. */}}
{{- define "infitah.splitServices" -}}
{{- $out := list -}}
{{- if .Values.split.enabled -}}
{{- range $name := keys .Values.split.services | sortAlpha -}}
{{- $svc := index $.Values.split.services $name -}}
{{- if $svc.enabled -}}
{{- if not $svc.paths -}}
{{- fail (printf "split.services.%s.paths is empty: list the path prefixes to send to this service, or set split.services.%s.enabled=false" $name $name) -}}
{{- end -}}
{{- $out = append $out $name -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/* The non-secret configuration, as INFITAH_* variables (a JSON object):
every key given in `config` (empty strings are left out, so the binary's
default applies), plus what the chart decides itself. */}}
{{- define "infitah.configData" -}}
{{- $d := dict -}}
{{- range $k, $v := .Values.config -}}
{{- if kindIs "bool" $v -}}
{{- $_ := set $d (printf "INFITAH_%s" (upper $k)) (toString $v) -}}
{{- else if or (kindIs "float64" $v) (kindIs "int64" $v) (kindIs "int" $v) -}}
{{- $_ := set $d (printf "INFITAH_%s" (upper $k)) (toString (int64 $v)) -}}
{{- else if ne (toString $v) "" -}}
{{- $_ := set $d (printf "INFITAH_%s" (upper $k)) (toString $v) -}}
{{- end -}}
{{- end -}}
{{- $_ := set $d "INFITAH_ENV" .Values.environment -}}
{{- $_ := set $d "INFITAH_CONFIG_DIR" "/app/config" -}}
{{- $_ := set $d "INFITAH_BASE_DOMAIN" (include "infitah.baseDomain" .) -}}
{{- $_ := set $d "INFITAH_LISTEN" (printf "0.0.0.0:%d" (int64 .Values.ports.http)) -}}
{{- $_ := set $d "INFITAH_METRICS_LISTEN" (printf "0.0.0.0:%d" (int64 .Values.ports.metrics)) -}}
{{- toJson $d -}}
{{- end -}}

{{/* A secretKeyRef env entry: (dict "name" "INFITAH_X" "secret" "s" "key" "k" "what" "database.existingSecret") */}}
{{- define "infitah.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "%s is required: the name of an existing Secret (credentials never go in values)" .what) .secret | quote }}
      key: {{ .key | quote }}
{{- end -}}

{{/* Credentials of the running application (serve and worker; serve may
run the mail worker too, hence the worker's URL in both). */}}
{{- define "infitah.appSecretEnv" -}}
{{ include "infitah.secretEnv" (dict "name" "INFITAH_DATABASE_URL" "secret" .Values.database.existingSecret "key" .Values.database.urlKey "what" "database.existingSecret") }}
{{ include "infitah.secretEnv" (dict "name" "INFITAH_DATABASE_NATIONAL_URL" "secret" .Values.database.existingSecret "key" .Values.database.nationalUrlKey "what" "database.existingSecret") }}
{{ include "infitah.secretEnv" (dict "name" "INFITAH_DATABASE_WORKER_URL" "secret" .Values.database.existingSecret "key" .Values.database.workerUrlKey "what" "database.existingSecret") }}
{{- if .Values.database.listenUrlKey }}
{{ include "infitah.secretEnv" (dict "name" "INFITAH_DATABASE_LISTEN_URL" "secret" .Values.database.existingSecret "key" .Values.database.listenUrlKey "what" "database.existingSecret") }}
{{- end }}
{{ include "infitah.secretEnv" (dict "name" "INFITAH_SECRET_KEY" "secret" .Values.secretKey.existingSecret "key" .Values.secretKey.key "what" "secretKey.existingSecret") }}
{{ include "infitah.secretEnv" (dict "name" "INFITAH_REDIS_URL" "secret" .Values.redis.existingSecret "key" .Values.redis.urlKey "what" "redis.existingSecret") }}
{{ include "infitah.secretEnv" (dict "name" "INFITAH_SMTP_URL" "secret" .Values.smtp.existingSecret "key" .Values.smtp.urlKey "what" "smtp.existingSecret") }}
{{- end -}}

{{/* The administrator's credential, for the hook Jobs only. */}}
{{- define "infitah.adminSecretEnv" -}}
{{ include "infitah.secretEnv" (dict "name" "INFITAH_DATABASE_ADMIN_URL" "secret" (default .Values.database.existingSecret .Values.database.adminExistingSecret) "key" .Values.database.adminUrlKey "what" "database.existingSecret (or database.adminExistingSecret)") }}
{{- end -}}

{{- define "infitah.extraEnv" -}}
{{- with .Values.extraEnv -}}
{{ toYaml . }}
{{- end -}}
{{- end -}}

{{- define "infitah.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup }}
fsGroup: {{ .fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "infitah.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Scheduling fields of a pod spec from a workload's values. */}}
{{- define "infitah.scheduling" -}}
{{- with .priorityClassName }}
priorityClassName: {{ . | quote }}
{{- end }}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Every host the chart routes, in order, without duplicates (a JSON list):
the base domain, *.<baseDomain> when asked, then per collectivity its
<slug>.<baseDomain> and its custom hosts. */}}
{{- define "infitah.hosts" -}}
{{- $base := include "infitah.baseDomain" . -}}
{{- $hosts := list $base -}}
{{- $seen := dict $base "the base domain" -}}
{{- if .Values.ingress.wildcard -}}
{{- $hosts = append $hosts (printf "*.%s" $base) -}}
{{- end -}}
{{- range $i, $c := .Values.collectivities.list -}}
{{- $own := list (printf "%s.%s" $c.slug $base) -}}
{{- range $h := ($c.hosts | default list) -}}
{{- $own = append $own $h -}}
{{- end -}}
{{- range $h := $own -}}
{{- if hasKey $seen $h -}}
{{- fail (printf "collectivities.list[%d] (%s): host %s is already used by %s" $i $c.slug $h (index $seen $h)) -}}
{{- end -}}
{{- if gt (len $h) 253 -}}
{{- fail (printf "collectivities.list[%d] (%s): host %s is longer than 253 characters" $i $c.slug $h) -}}
{{- end -}}
{{- $_ := set $seen $h $c.slug -}}
{{- $hosts = append $hosts $h -}}
{{- end -}}
{{- end -}}
{{- toJson $hosts -}}
{{- end -}}

{{/* The name of the per-host TLS Secret: (dict "root" $ "host" "a.b") */}}
{{- define "infitah.hostTlsSecret" -}}
{{- $prefix := default (printf "%s-tls" (include "infitah.fullname" .root)) .root.Values.ingress.tls.secretPrefix -}}
{{- $name := printf "%s-%s" $prefix (.host | replace "*" "wildcard") -}}
{{- if gt (len $name) 253 -}}
{{- $name = printf "%s-%s" $prefix (sha256sum .host | trunc 20) -}}
{{- end -}}
{{- $name -}}
{{- end -}}

{{- define "infitah.sharedTlsSecret" -}}
{{- default (printf "%s-tls" (include "infitah.fullname" .)) .Values.ingress.tls.secretName -}}
{{- end -}}

{{/* Rolls the pods when the configuration changes. */}}
{{- define "infitah.checksumConfig" -}}
{{- include "infitah.configData" . | sha256sum -}}
{{- end -}}

{{/* One CSV field, always quoted (a quote inside is doubled). */}}
{{- define "infitah.csvField" -}}
"{{ . | toString | replace "\"" "\"\"" }}"
{{- end -}}

{{/* One row of the import CSV, in the order of its header. */}}
{{- define "infitah.csvRow" -}}
{{- $f := list .kind .slug (.parent | default "") (.hcp_code | default "") .name_ar .name_fr (.name_en | default "") (join " " (.hosts | default list)) (join "," (.languages | default list)) (.time_zone | default "") (.primary_color | default "") (ternary "" (toString (int64 (.population | default 0))) (kindIs "invalid" .population)) -}}
{{- $out := list -}}
{{- range $f -}}
{{- $out = append $out (include "infitah.csvField" .) -}}
{{- end -}}
{{- join "," $out -}}
{{- end -}}

{{/* A container running `infitah tenant import …` as the administrator:
(dict "root" $ "name" "import" "args" (list …) "resources" {…}) */}}
{{- define "infitah.tenantImport" -}}
{{- $root := .root -}}
- name: {{ .name }}
  image: {{ include "infitah.image" $root }}
  imagePullPolicy: {{ $root.Values.image.pullPolicy }}
  args: {{ toJson .args }}
  envFrom:
    - configMapRef:
        name: {{ include "infitah.fullname" $root }}-config
  env:
    {{- include "infitah.adminSecretEnv" $root | nindent 4 }}
    {{- with include "infitah.extraEnv" $root }}{{ . | nindent 4 }}{{ end }}
  resources:
    {{- toYaml .resources | nindent 4 }}
  securityContext:
    {{- include "infitah.containerSecurityContext" $root | nindent 4 }}
  volumeMounts:
    - name: tmp
      mountPath: /tmp
    {{- if $root.Values.collectivities.list }}
    - name: collectivities
      mountPath: /collectivities
      readOnly: true
    {{- end }}
{{- end -}}

{{/* Outgoing traffic of the infitah pods, when restricted: DNS, the
listed TCP ports and, with PgBouncer, the pooler. */}}
{{- define "infitah.egressRules" -}}
{{- $root := . -}}
{{- $np := .Values.networkPolicy -}}
- ports:
    - {port: 53, protocol: UDP}
    - {port: 53, protocol: TCP}
- ports:
    {{- range $np.egress.ports }}
    - {port: {{ . }}, protocol: TCP}
    {{- end }}
  {{- with $np.egress.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- if .Values.pgbouncer.enabled }}
- ports:
    - {port: {{ .Values.pgbouncer.port }}, protocol: TCP}
  to:
    - podSelector:
        matchLabels:
          {{- include "infitah.selectorLabels" (dict "root" $root "component" "pgbouncer") | nindent 10 }}
{{- end }}
{{- end -}}

{{/* PgBouncer's configuration: transaction pooling, no secret inside. */}}
{{- define "infitah.pgbouncerIni" -}}
{{- $p := .Values.pgbouncer -}}
[databases]
{{ $p.database.name }} = host={{ $p.database.host }} port={{ $p.database.port }} dbname={{ $p.database.name }}

[pgbouncer]
listen_addr = 0.0.0.0
listen_port = {{ $p.port }}
unix_socket_dir =
auth_type = {{ $p.authType }}
auth_file = /etc/pgbouncer-auth/userlist.txt
pool_mode = transaction
max_client_conn = {{ $p.maxClientConn }}
default_pool_size = {{ $p.defaultPoolSize }}
max_db_connections = {{ $p.maxDbConnections }}
max_prepared_statements = {{ $p.maxPreparedStatements }}
; sqlx sends extra_float_digits at start-up
ignore_startup_parameters = extra_float_digits
server_tls_sslmode = {{ $p.serverTlsSslmode }}
server_reset_query =
log_connections = 0
log_disconnections = 0
{{- end -}}
