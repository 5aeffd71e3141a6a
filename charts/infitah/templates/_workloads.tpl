{{/* The objects of one `infitah serve` component (web or a split service):
(dict "root" $ "component" "web" "services" (list …) "w" <workload values>) */}}

{{- define "infitah.serve.deployment" -}}
{{- $root := .root -}}
{{- $w := .w -}}
{{- $fullname := include "infitah.fullname" $root -}}
{{- $grace := add (int64 $root.Values.config.shutdown_grace_secs) (int64 $root.Values.preStopSleepSeconds) 5 -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullname }}-{{ .component }}
  labels:
    {{- include "infitah.labels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  {{- if not $w.autoscaling.enabled }}
  replicas: {{ $w.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "infitah.selectorLabels" (dict "root" $root "component" .component) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "infitah.selectorLabels" (dict "root" $root "component" .component) | nindent 8 }}
        {{- with $w.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include "infitah.checksumConfig" $root }}
        {{- with $w.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "infitah.serviceAccountName" $root }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $grace }}
      securityContext:
        {{- include "infitah.podSecurityContext" $root.Values.podSecurityContext | nindent 8 }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . | quote }}
        {{- end }}
      {{- end }}
      {{- with include "infitah.scheduling" $w | trim }}{{ . | nindent 6 }}{{ end }}
      containers:
        - name: infitah
          image: {{ include "infitah.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: {{ concat (list "serve" "--services" (join "," .services)) $root.Values.serveArgs | toJson }}
          ports:
            - name: http
              containerPort: {{ $root.Values.ports.http }}
              protocol: TCP
            - name: metrics
              containerPort: {{ $root.Values.ports.metrics }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ $fullname }}-config
          env:
            {{- include "infitah.appSecretEnv" $root | nindent 12 }}
            {{- with include "infitah.extraEnv" $root }}{{ . | nindent 12 }}{{ end }}
          startupProbe:
            httpGet: {path: /healthz, port: http}
            {{- toYaml $root.Values.probes.startup | nindent 12 }}
          livenessProbe:
            httpGet: {path: /healthz, port: http}
            {{- toYaml $root.Values.probes.liveness | nindent 12 }}
          readinessProbe:
            httpGet: {path: /readyz, port: http}
            {{- toYaml $root.Values.probes.readiness | nindent 12 }}
          {{- if gt (int64 $root.Values.preStopSleepSeconds) 0 }}
          lifecycle:
            preStop:
              sleep:
                seconds: {{ $root.Values.preStopSleepSeconds }}
          {{- end }}
          resources:
            {{- toYaml $w.resources | nindent 12 }}
          securityContext:
            {{- include "infitah.containerSecurityContext" $root | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
{{- end -}}

{{- define "infitah.serve.service" -}}
{{- $root := .root -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "infitah.fullname" $root }}-{{ .component }}
  labels:
    {{- include "infitah.labels" (dict "root" $root "component" .component) | nindent 4 }}
  {{- with $root.Values.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ $root.Values.service.type }}
  selector:
    {{- include "infitah.selectorLabels" (dict "root" $root "component" .component) | nindent 4 }}
  ports:
    - name: http
      port: {{ $root.Values.service.port }}
      targetPort: http
      protocol: TCP
    - name: metrics
      port: {{ $root.Values.ports.metrics }}
      targetPort: metrics
      protocol: TCP
{{- end -}}

{{/* HorizontalPodAutoscaler of any Deployment: (dict "root" $ "component" "web" "w" <workload>) */}}
{{- define "infitah.hpa" -}}
{{- $root := .root -}}
{{- $a := .w.autoscaling -}}
{{- if $a.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "infitah.fullname" $root }}-{{ .component }}
  labels:
    {{- include "infitah.labels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "infitah.fullname" $root }}-{{ .component }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.targetCPUUtilizationPercentage }}
    {{- if gt (int64 $a.targetMemoryUtilizationPercentage) 0 }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ $a.targetMemoryUtilizationPercentage }}
    {{- end }}
{{- end }}
{{- end -}}

{{/* PodDisruptionBudget of any Deployment: (dict "root" $ "component" "web" "w" <workload>) */}}
{{- define "infitah.pdb" -}}
{{- $root := .root -}}
{{- $p := .w.podDisruptionBudget -}}
{{- if $p.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "infitah.fullname" $root }}-{{ .component }}
  labels:
    {{- include "infitah.labels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  {{- if ne (toString $p.minAvailable) "" }}
  minAvailable: {{ $p.minAvailable }}
  {{- else }}
  maxUnavailable: {{ $p.maxUnavailable }}
  {{- end }}
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      {{- include "infitah.selectorLabels" (dict "root" $root "component" .component) | nindent 6 }}
{{- end }}
{{- end -}}
