{{/* ---------- names and labels ---------- */}}

{{- define "yanxiu.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "yanxiu.fullname" -}}
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

{{/* Name of a component's resources: (list $root "identity") -> <fullname>-identity */}}
{{- define "yanxiu.componentName" -}}
{{- $root := index . 0 }}
{{- printf "%s-%s" (include "yanxiu.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Headless Service of a component's gRPC port. */}}
{{- define "yanxiu.grpcServiceName" -}}
{{- printf "%s-grpc-headless" (include "yanxiu.componentName" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* gRPC target for clients, resolving to every ready pod: (list $root "identity") -> dns:///<svc>:50051 */}}
{{- define "yanxiu.grpcTarget" -}}
{{- $root := index . 0 }}
{{- $c := index $root.Values.components (index . 1) }}
{{- printf "dns:///%s:%v" (include "yanxiu.grpcServiceName" .) (required (printf "components.%s.grpcPort is required" (index . 1)) $c.grpcPort) }}
{{- end }}

{{- define "yanxiu.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "yanxiu.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Common labels: (list $root "identity") */}}
{{- define "yanxiu.labels" -}}
{{- $root := index . 0 -}}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/part-of: {{ include "yanxiu.name" $root }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
{{ include "yanxiu.selectorLabels" . }}
{{- end }}

{{/* Selector labels: (list $root "identity") */}}
{{- define "yanxiu.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "yanxiu.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "yanxiu.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* ---------- configuration ---------- */}}

{{/*
A component's non-secret environment as a YAML map: the shared `config`, then the component's
`env` (both may use templates, e.g. yanxiu.grpcTarget), then HTTP_PORT / GRPC_URL derived from
its ports so the probes, Services and the process always agree. (list $root "identity")
*/}}
{{- define "yanxiu.envMap" -}}
{{- $root := index . 0 }}
{{- $c := index $root.Values.components (index . 1) }}
{{- $env := dict }}
{{- range $k, $v := $root.Values.config }}
{{- $_ := set $env $k (tpl (toString $v) $root) }}
{{- end }}
{{- range $k, $v := $c.env }}
{{- $_ := set $env $k (tpl (toString $v) $root) }}
{{- end }}
{{- if $c.httpPort }}
{{- $_ := set $env "HTTP_PORT" (toString $c.httpPort) }}
{{- end }}
{{- if $c.grpcPort }}
{{- $_ := set $env "GRPC_URL" (printf "0.0.0.0:%v" $c.grpcPort) }}
{{- end }}
{{- toYaml $env }}
{{- end }}

{{/* env entries reading a component's secretEnv keys from the existing Secret: (list $root "identity") */}}
{{- define "yanxiu.secretEnv" -}}
{{- $root := index . 0 }}
{{- $c := index $root.Values.components (index . 1) }}
{{- range $c.secretEnv }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ required "existingSecret: name an existing Secret holding the keys listed in secretEnv" (default $root.Values.existingSecret $c.existingSecret) }}
      key: {{ . }}
{{- end }}
{{- end }}

{{/* ---------- pod pieces shared by Deployments and Jobs ---------- */}}

{{- define "yanxiu.podSpecCommon" -}}
enableServiceLinks: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  # The root filesystem is read-only; /tmp is the only writable path.
  - name: tmp
    emptyDir: {}
{{- end }}

{{- define "yanxiu.containerCommon" -}}
image: {{ include "yanxiu.image" . | quote }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
securityContext:
  {{- toYaml .Values.securityContext | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end }}

{{/*
---------- pod template of a run-to-completion process (migrations, account provisioning) ----------
(list $root "<container name>" "<component whose env and secretEnv it gets>" <command> <resources>).
The environment is rendered inline, not from the component's ConfigMap: pre-install hooks run
before the release's ConfigMaps and ServiceAccount exist. The namespace's default ServiceAccount is
used, with no token mounted.
*/}}
{{- define "yanxiu.jobPodTemplate" -}}
{{- $root := index . 0 }}
{{- $name := index . 1 }}
{{- $component := index . 2 -}}
metadata:
  labels:
    {{- include "yanxiu.selectorLabels" (list $root $name) | nindent 4 }}
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  {{- include "yanxiu.podSpecCommon" $root | nindent 2 }}
  containers:
    - name: {{ $name }}
      {{- include "yanxiu.containerCommon" $root | nindent 6 }}
      command: {{ required (printf "%s: command is required" $name) (index . 3) | toJson }}
      env:
        {{- range $k, $v := (include "yanxiu.envMap" (list $root $component) | fromYaml) }}
        - name: {{ $k }}
          value: {{ $v | quote }}
        {{- end }}
        {{- with (include "yanxiu.secretEnv" (list $root $component) | trim) }}
        {{- . | nindent 8 }}
        {{- end }}
      resources:
        {{- toYaml (index . 4) | nindent 8 }}
{{- end }}

{{/* ---------- one Deployment per component: (list $root "identity") ---------- */}}

{{- define "yanxiu.deployment" -}}
{{- $root := index . 0 }}
{{- $name := index . 1 }}
{{- $c := index $root.Values.components $name }}
{{- $fullName := include "yanxiu.componentName" . }}
{{- $autoscaled := or (dig "autoscaling" "enabled" false $c) (dig "keda" "enabled" false $c) }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullName }}
  labels:
    {{- include "yanxiu.labels" . | nindent 4 }}
spec:
  {{- if not $autoscaled }}
  replicas: {{ $c.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "yanxiu.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "yanxiu.selectorLabels" . | nindent 8 }}
        {{- with $root.Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        # Rolls the pods when their ConfigMap changes (Secret changes need a restart: see docs).
        checksum/config: {{ include "yanxiu.envMap" . | sha256sum }}
        {{- if and $c.httpPort $root.Values.metrics.podAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $c.httpPort | quote }}
        prometheus.io/path: /metrics
        {{- end }}
        {{- with $root.Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "yanxiu.serviceAccountName" $root }}
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: {{ $c.terminationGracePeriodSeconds | default 30 }}
      {{- include "yanxiu.podSpecCommon" $root | nindent 6 }}
      {{- if $root.Values.spreadAcrossNodes }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "yanxiu.selectorLabels" . | nindent 14 }}
      {{- end }}
      containers:
        - name: {{ $name }}
          {{- include "yanxiu.containerCommon" $root | nindent 10 }}
          command: {{ required (printf "components.%s.command is required" $name) $c.command | toJson }}
          envFrom:
            - configMapRef:
                name: {{ $fullName }}
          {{- with (include "yanxiu.secretEnv" . | trim) }}
          env:
            {{- . | nindent 12 }}
          {{- end }}
          {{- if or $c.httpPort $c.grpcPort }}
          ports:
            {{- if $c.httpPort }}
            - name: http
              containerPort: {{ $c.httpPort }}
              protocol: TCP
            {{- end }}
            {{- if $c.grpcPort }}
            - name: grpc
              containerPort: {{ $c.grpcPort }}
              protocol: TCP
            {{- end }}
          {{- end }}
          {{- if and $c.probes $c.httpPort }}
          startupProbe:
            httpGet: { path: /health/live, port: http }
            periodSeconds: 2
            failureThreshold: 30
          livenessProbe:
            httpGet: { path: /health/live, port: http }
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 3
          readinessProbe:
            httpGet: { path: /health/ready, port: http }
            periodSeconds: 5
            timeoutSeconds: 2
            failureThreshold: 3
          {{- end }}
          {{- if $c.preStopSleepSeconds }}
          lifecycle:
            preStop:
              # Keep serving while endpoints and gRPC clients drop this pod, then SIGTERM drains.
              exec:
                command: [sleep, {{ $c.preStopSleepSeconds | quote }}]
          {{- end }}
          resources:
            {{- toYaml $c.resources | nindent 12 }}
{{- end }}
