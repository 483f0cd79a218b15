/**
 * A Pod Security Standards checker written from the published standard
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/, policy version "latest",
 * i.e. what Pod Security Admission enforces for Kubernetes 1.30+; the 1.34 host-probe rule is
 * included). It returns one string per violation; an empty list means the pod passes.
 *
 * Every control is checked on the pod and on every container, init container and ephemeral
 * container. The Windows exemptions of the restricted profile are not modelled: keelson emits
 * Linux pods only, so a Windows pod is checked as if it were Linux (stricter, never looser).
 */
import type { Container, EphemeralContainer, PodSpec, PodTemplateSpec, SecurityContext } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/** The profile to check against; `restricted` includes everything in `baseline`. */
export type PssLevel = 'baseline' | 'restricted';

/** Capabilities the baseline profile allows in `capabilities.add`. */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Sysctls the baseline profile allows (the "safe" namespaced set). */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

/** SELinux types the baseline profile allows (plus empty/undefined). */
export const SELINUX_TYPES: ReadonlySet<string> = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/** Volume sources the restricted profile allows; every volume must use one of them. */
export const RESTRICTED_VOLUME_SOURCES: readonly string[] = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
];

type AnyContainer = Container | EphemeralContainer;

interface NamedContainer {
  readonly where: string;
  readonly c: AnyContainer;
}

function allContainers(spec: PodSpec): NamedContainer[] {
  const out: NamedContainer[] = [];
  (spec.containers ?? []).forEach((c, i) => out.push({ where: `containers[${i}] (${c.name})`, c }));
  (spec.initContainers ?? []).forEach((c, i) => out.push({ where: `initContainers[${i}] (${c.name})`, c }));
  (spec.ephemeralContainers ?? []).forEach((c, i) => out.push({ where: `ephemeralContainers[${i}] (${c.name})`, c }));
  return out;
}

/**
 * Checks a pod (metadata + spec) against a Pod Security Standards profile. Returns the violations.
 */
export function checkPodSecurity(metadata: ObjectMeta | undefined, spec: PodSpec | undefined, level: PssLevel = 'restricted'): string[] {
  const v: string[] = [];
  if (!spec) return ['pod has no spec'];
  const podSc = spec.securityContext ?? {};
  const containers = allContainers(spec);
  const sc = (c: AnyContainer): SecurityContext => c.securityContext ?? {};

  // ---------------- Baseline ----------------

  // HostProcess (Windows): must be undefined or false.
  if (podSc.windowsOptions?.hostProcess === true) v.push('HostProcess: spec.securityContext.windowsOptions.hostProcess is true');
  for (const { where, c } of containers) {
    if (sc(c).windowsOptions?.hostProcess === true) v.push(`HostProcess: ${where}.securityContext.windowsOptions.hostProcess is true`);
  }

  // Host namespaces.
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[field] === true) v.push(`Host namespaces: spec.${field} is true`);
  }

  // Privileged containers.
  for (const { where, c } of containers) {
    if (sc(c).privileged === true) v.push(`Privileged: ${where}.securityContext.privileged is true`);
  }

  // Capabilities (baseline): add only from the default set.
  for (const { where, c } of containers) {
    for (const cap of sc(c).capabilities?.add ?? []) {
      if (!BASELINE_CAPABILITIES.has(cap)) v.push(`Capabilities: ${where} adds ${cap}`);
    }
  }

  // HostPath volumes.
  for (const vol of spec.volumes ?? []) {
    if (vol.hostPath !== undefined) v.push(`HostPath volumes: volume ${vol.name} is a hostPath`);
  }

  // Host ports: undefined or 0.
  for (const { where, c } of containers) {
    for (const p of c.ports ?? []) {
      if (p.hostPort !== undefined && p.hostPort !== 0) v.push(`Host ports: ${where} port ${p.name ?? p.containerPort} uses hostPort ${p.hostPort}`);
    }
  }

  // Host probes / lifecycle hooks (1.34+): the `host` field must be unset or empty.
  for (const { where, c } of containers) {
    const handlers: Array<[string, { httpGet?: { host?: string }; tcpSocket?: { host?: string } } | undefined]> = [
      ['livenessProbe', c.livenessProbe],
      ['readinessProbe', c.readinessProbe],
      ['startupProbe', c.startupProbe],
      ['lifecycle.postStart', c.lifecycle?.postStart],
      ['lifecycle.preStop', c.lifecycle?.preStop],
    ];
    for (const [name, h] of handlers) {
      if (h?.httpGet?.host) v.push(`Host probes: ${where}.${name}.httpGet.host is set`);
      if (h?.tcpSocket?.host) v.push(`Host probes: ${where}.${name}.tcpSocket.host is set`);
    }
  }

  // AppArmor: profile type undefined, RuntimeDefault or Localhost; legacy annotations runtime/default or localhost/*.
  const apparmorOk = (t: string | undefined) => t === undefined || t === 'RuntimeDefault' || t === 'Localhost';
  if (!apparmorOk(podSc.appArmorProfile?.type)) v.push(`AppArmor: spec.securityContext.appArmorProfile.type is ${podSc.appArmorProfile?.type}`);
  for (const { where, c } of containers) {
    const t = sc(c).appArmorProfile?.type;
    if (!apparmorOk(t)) v.push(`AppArmor: ${where}.securityContext.appArmorProfile.type is ${t}`);
  }
  for (const [key, value] of Object.entries(metadata?.annotations ?? {})) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      v.push(`AppArmor: annotation ${key} is ${value}`);
    }
  }

  // SELinux: type from the allowed set; user and role unset.
  const selinux = (where: string, o: SecurityContext['seLinuxOptions']) => {
    if (!o) return;
    if (o.type !== undefined && o.type !== '' && !SELINUX_TYPES.has(o.type)) v.push(`SELinux: ${where}.seLinuxOptions.type is ${o.type}`);
    if (o.user) v.push(`SELinux: ${where}.seLinuxOptions.user is set`);
    if (o.role) v.push(`SELinux: ${where}.seLinuxOptions.role is set`);
  };
  selinux('spec.securityContext', podSc.seLinuxOptions);
  for (const { where, c } of containers) selinux(`${where}.securityContext`, sc(c).seLinuxOptions);

  // /proc mount type: undefined or Default.
  for (const { where, c } of containers) {
    const pm = sc(c).procMount;
    if (pm !== undefined && pm !== 'Default') v.push(`/proc mount: ${where}.securityContext.procMount is ${pm}`);
  }

  // Seccomp (baseline): never Unconfined.
  const seccompOk = (t: string | undefined) => t === 'RuntimeDefault' || t === 'Localhost';
  if (podSc.seccompProfile?.type !== undefined && !seccompOk(podSc.seccompProfile.type)) {
    v.push(`Seccomp: spec.securityContext.seccompProfile.type is ${podSc.seccompProfile.type}`);
  }
  for (const { where, c } of containers) {
    const t = sc(c).seccompProfile?.type;
    if (t !== undefined && !seccompOk(t)) v.push(`Seccomp: ${where}.securityContext.seccompProfile.type is ${t}`);
  }

  // Sysctls: only the safe set.
  for (const s of podSc.sysctls ?? []) {
    if (!SAFE_SYSCTLS.has(s.name)) v.push(`Sysctls: ${s.name} is not in the safe set`);
  }

  if (level === 'baseline') return v;

  // ---------------- Restricted ----------------

  // Volume types: every volume must use an allowed source.
  for (const vol of spec.volumes ?? []) {
    const sources = Object.keys(vol).filter((k) => k !== 'name' && (vol as unknown as Record<string, unknown>)[k] !== undefined);
    const bad = sources.filter((s) => !RESTRICTED_VOLUME_SOURCES.includes(s));
    if (sources.length === 0 || bad.length) v.push(`Volume types: volume ${vol.name} uses ${bad.join(', ') || 'no source'}`);
  }

  // Privilege escalation: every container sets allowPrivilegeEscalation: false explicitly.
  for (const { where, c } of containers) {
    if (sc(c).allowPrivilegeEscalation !== false) v.push(`Privilege escalation: ${where}.securityContext.allowPrivilegeEscalation is not false`);
  }

  // Running as non-root: pod-level true (containers may then leave it unset), or every container true;
  // a container setting false fails either way.
  const podNonRoot = podSc.runAsNonRoot;
  if (podNonRoot === false) v.push('Running as non-root: spec.securityContext.runAsNonRoot is false');
  for (const { where, c } of containers) {
    const cn = sc(c).runAsNonRoot;
    if (cn === false) v.push(`Running as non-root: ${where}.securityContext.runAsNonRoot is false`);
    else if (cn === undefined && podNonRoot !== true) v.push(`Running as non-root: ${where} does not set runAsNonRoot and the pod does not either`);
  }
  if (containers.length === 0 && podNonRoot !== true) v.push('Running as non-root: spec.securityContext.runAsNonRoot is not true');

  // Running as non-root user: runAsUser is never 0.
  if (podSc.runAsUser === 0) v.push('Running as non-root user: spec.securityContext.runAsUser is 0');
  for (const { where, c } of containers) {
    if (sc(c).runAsUser === 0) v.push(`Running as non-root user: ${where}.securityContext.runAsUser is 0`);
  }

  // Seccomp (restricted): RuntimeDefault or Localhost on the pod, or on every container.
  const podSeccomp = podSc.seccompProfile?.type;
  for (const { where, c } of containers) {
    const t = sc(c).seccompProfile?.type;
    if (t === undefined && !seccompOk(podSeccomp)) v.push(`Seccomp: ${where} has no seccomp profile and the pod sets none`);
  }
  if (containers.length === 0 && !seccompOk(podSeccomp)) v.push('Seccomp: spec.securityContext.seccompProfile.type is not set');

  // Capabilities (restricted): drop ALL, add at most NET_BIND_SERVICE.
  for (const { where, c } of containers) {
    const caps = sc(c).capabilities;
    if (!(caps?.drop ?? []).includes('ALL')) v.push(`Capabilities: ${where} does not drop ALL`);
    for (const cap of caps?.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE') v.push(`Capabilities: ${where} adds ${cap} (restricted allows only NET_BIND_SERVICE)`);
    }
  }

  return v;
}

/** Checks a pod template. */
export function checkPodTemplate(template: PodTemplateSpec | undefined, level: PssLevel = 'restricted'): string[] {
  return checkPodSecurity(template?.metadata, template?.spec, level);
}

/** Every pod template in a set of objects (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, Pods). */
export function podTemplatesOf(objects: readonly unknown[]): Array<{ owner: string; template: PodTemplateSpec }> {
  const out: Array<{ owner: string; template: PodTemplateSpec }> = [];
  for (const o of objects as Array<{ kind: string; metadata?: { name?: string }; spec?: any }>) {
    const owner = `${o.kind}/${o.metadata?.name}`;
    switch (o.kind) {
      case 'Deployment':
      case 'StatefulSet':
      case 'DaemonSet':
      case 'ReplicaSet':
      case 'Job':
        out.push({ owner, template: o.spec?.template });
        break;
      case 'CronJob':
        out.push({ owner, template: o.spec?.jobTemplate?.spec?.template });
        break;
      case 'Pod':
        out.push({ owner, template: { metadata: o.metadata, spec: o.spec } });
        break;
      default:
        break;
    }
  }
  return out;
}

/** Violations of every pod template among `objects`, prefixed with the owner. */
export function podSecurityViolations(objects: readonly unknown[], level: PssLevel = 'restricted'): string[] {
  return podTemplatesOf(objects).flatMap(({ owner, template }) => checkPodTemplate(template, level).map((m) => `${owner}: ${m}`));
}
