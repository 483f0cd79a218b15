/**
 * What an unknown property probably meant: a keelson prop within a few typing mistakes of it, the
 * keelson name of a Kubernetes field (`livenessProbe` is `liveness`), or, for a Kubernetes field
 * keelson has no prop for (`imagePullPolicy`, `hostNetwork`), the escape hatch that sets it.
 */

/** The Kubernetes objects a level of props mirrors, for naming the fields keelson has no prop for. */
export type KubernetesObjectKind =
  | 'Container' | 'SecurityContext' | 'PodSpec' | 'PodSecurityContext' | 'Probe' | 'ContainerPort' | 'ServicePort'
  | 'DeploymentSpec' | 'StatefulSetSpec' | 'PersistentVolumeClaimSpec' | 'PodDisruptionBudgetSpec' | 'HorizontalPodAutoscalerSpec';

/**
 * Field names of the Kubernetes objects keelson renders (kubernetes-types 1.30; a test compares
 * them with the package's declarations). A key in one of these lists that keelson does not take is
 * answered with the escape hatch.
 */
export const KUBERNETES_FIELDS: Readonly<Record<KubernetesObjectKind, readonly string[]>> = {
  Container: [
    'args', 'command', 'env', 'envFrom', 'image', 'imagePullPolicy', 'lifecycle', 'livenessProbe', 'name', 'ports',
    'readinessProbe', 'resizePolicy', 'resources', 'restartPolicy', 'securityContext', 'startupProbe', 'stdin', 'stdinOnce',
    'terminationMessagePath', 'terminationMessagePolicy', 'tty', 'volumeDevices', 'volumeMounts', 'workingDir',
  ],
  SecurityContext: [
    'allowPrivilegeEscalation', 'appArmorProfile', 'capabilities', 'privileged', 'procMount', 'readOnlyRootFilesystem',
    'runAsGroup', 'runAsNonRoot', 'runAsUser', 'seLinuxOptions', 'seccompProfile', 'windowsOptions',
  ],
  PodSpec: [
    'activeDeadlineSeconds', 'affinity', 'automountServiceAccountToken', 'containers', 'dnsConfig', 'dnsPolicy',
    'enableServiceLinks', 'ephemeralContainers', 'hostAliases', 'hostIPC', 'hostNetwork', 'hostPID', 'hostUsers', 'hostname',
    'imagePullSecrets', 'initContainers', 'nodeName', 'nodeSelector', 'os', 'overhead', 'preemptionPolicy', 'priority',
    'priorityClassName', 'readinessGates', 'resourceClaims', 'restartPolicy', 'runtimeClassName', 'schedulerName',
    'schedulingGates', 'securityContext', 'serviceAccount', 'serviceAccountName', 'setHostnameAsFQDN', 'shareProcessNamespace',
    'subdomain', 'terminationGracePeriodSeconds', 'tolerations', 'topologySpreadConstraints', 'volumes',
  ],
  PodSecurityContext: [
    'appArmorProfile', 'fsGroup', 'fsGroupChangePolicy', 'runAsGroup', 'runAsNonRoot', 'runAsUser', 'seLinuxOptions',
    'seccompProfile', 'supplementalGroups', 'sysctls', 'windowsOptions',
  ],
  Probe: [
    'exec', 'failureThreshold', 'grpc', 'httpGet', 'initialDelaySeconds', 'periodSeconds', 'successThreshold', 'tcpSocket',
    'terminationGracePeriodSeconds', 'timeoutSeconds',
  ],
  ContainerPort: ['containerPort', 'hostIP', 'hostPort', 'name', 'protocol'],
  ServicePort: ['appProtocol', 'name', 'nodePort', 'port', 'protocol', 'targetPort'],
  DeploymentSpec: ['minReadySeconds', 'paused', 'progressDeadlineSeconds', 'replicas', 'revisionHistoryLimit', 'selector', 'strategy', 'template'],
  StatefulSetSpec: [
    'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy', 'podManagementPolicy', 'replicas',
    'revisionHistoryLimit', 'selector', 'serviceName', 'template', 'updateStrategy', 'volumeClaimTemplates',
  ],
  PersistentVolumeClaimSpec: [
    'accessModes', 'dataSource', 'dataSourceRef', 'resources', 'selector', 'storageClassName', 'volumeAttributesClassName',
    'volumeMode', 'volumeName',
  ],
  PodDisruptionBudgetSpec: ['maxUnavailable', 'minAvailable', 'selector', 'unhealthyPodEvictionPolicy'],
  HorizontalPodAutoscalerSpec: ['behavior', 'maxReplicas', 'metrics', 'minReplicas', 'scaleTargetRef'],
};

/** The generated object (its cdk8s property) a Kubernetes field is patched on. */
const PATCHED_ON: Readonly<Record<KubernetesObjectKind, string>> = {
  Container: 'app.deployment or app.statefulSet',
  SecurityContext: 'app.deployment or app.statefulSet',
  PodSpec: 'app.deployment or app.statefulSet',
  PodSecurityContext: 'app.deployment or app.statefulSet',
  Probe: 'app.deployment or app.statefulSet',
  ContainerPort: 'app.deployment or app.statefulSet',
  ServicePort: 'app.service',
  DeploymentSpec: 'app.deployment',
  StatefulSetSpec: 'app.statefulSet',
  PersistentVolumeClaimSpec: 'app.statefulSet',
  PodDisruptionBudgetSpec: 'app.podDisruptionBudget',
  HorizontalPodAutoscalerSpec: 'app.horizontalPodAutoscaler',
};

/**
 * Other spellings of keelson props: Kubernetes fields (mostly `*Seconds` integers that keelson takes
 * as a Duration), Helm chart values, and container props given to the app. Each offers the first
 * keelson path whose first key is known where the key was found.
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  livenessProbe: ['liveness', 'containers[0].liveness'],
  // A CanaryRelease's version label is per track (not its named `versions`).
  version: ['stable.version'],
  readinessProbe: ['readiness', 'containers[0].readiness'],
  startupProbe: ['startup', 'containers[0].startup'],
  command: ['containers[0].command'],
  args: ['containers[0].args'],
  initialDelaySeconds: ['initialDelay'],
  periodSeconds: ['period'],
  timeoutSeconds: ['timeout'],
  terminationGracePeriodSeconds: ['terminationGracePeriod'],
  minReadySeconds: ['minReady'],
  progressDeadlineSeconds: ['progressDeadline'],
  topologySpreadConstraints: ['topologySpread'],
  persistentVolumeClaimRetentionPolicy: ['volumeRetention'],
  volumeClaimTemplates: ['storage'],
  volumes: ['containers[0].volumeMounts'],
  volumeMounts: ['containers[0].volumeMounts'],
  mountPath: ['path'],
  sizeLimit: ['size'],
  automountServiceAccountToken: ['automountToken', 'serviceAccount.automountToken'],
  runAsUser: ['securityContext.runAsUser'],
  runAsGroup: ['securityContext.runAsGroup'],
  fsGroup: ['securityContext.fsGroup'],
  replicaCount: ['replicas'],
  port: ['servicePort'],
  image: ['containers[0].image'],
  ports: ['containers[0].ports'],
  env: ['containers[0].env'],
  resources: ['containers[0].resources'],
  serviceAccountName: ['serviceAccount.name'],
};

/** Props keelson replaced: the hint shows the new form (when the new prop is known where the old one was written). */
const REPLACED: Readonly<Record<string, { readonly by: string; readonly hint: string }>> = {
  ingress: { by: 'exposure', hint: 'an Ingress is an exposure: write exposure: Exposure.ingress({ hosts, ... })' },
};

/** Kubernetes fields keelson splits into several props: the hint names each. */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  affinity: ['nodeAffinity', 'podAffinity', 'podAntiAffinity'],
};

/** The first key of a path: `containers` of `containers[0].image`. */
function head(p: string): string {
  return /^[^.[]*/.exec(p)![0];
}

/**
 * The optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions),
 * ignoring case: `replica`/`replicas` 1, `lables`/`labels` 1, `Replicas`/`replicas` 0.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) rows.push([i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) rows[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[s.length][t.length];
}

/**
 * The known key `key` most probably stands for: one within about a quarter of the key's length in
 * edits (at least one; two from 9 characters, three from 13), or one that starts with the key or that the key starts with, sharing at least
 * four characters and half of the longer one (`storageClass` for `storageClassName`, `sizeGi` for
 * `size`). Close enough to be a slip, far enough that unrelated or opposite words (`minAvailable`,
 * `maxUnavailable`) are not offered. The fewest edits win; ties go to the first in `known`.
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  if (key.length > 64) return undefined;
  const limit = Math.max(1, Math.floor((key.length - 1) / 4));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(key, k);
    if ((d <= limit || sharesPrefix(key, k)) && d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** One of the two starts the other, over at least four characters and half of the longer one. */
function sharesPrefix(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a.toLowerCase(), b.toLowerCase()] : [b.toLowerCase(), a.toLowerCase()];
  return short.length >= 4 && short.length * 2 >= long.length && long.startsWith(short);
}

/**
 * The message for a key that is not among `known`: a hint when there is one. `mirrors` are the
 * Kubernetes objects this level of props stands for; their fields get the escape hatch.
 */
export function unknownKeyMessage(key: string, known: readonly string[], mirrors: readonly KubernetesObjectKind[] = [], what = 'property'): string {
  const choices = (Object.prototype.hasOwnProperty.call(CHOICES, key) ? CHOICES[key] : []).filter((c) => known.includes(c));
  if (choices.length > 1) return `unknown ${what}; did you mean ${choices.slice(0, -1).map((c) => JSON.stringify(c)).join(', ')} or ${JSON.stringify(choices[choices.length - 1])}?`;
  const replaced = Object.prototype.hasOwnProperty.call(REPLACED, key) ? REPLACED[key] : undefined;
  if (replaced !== undefined && known.includes(replaced.by)) return `unknown ${what}; ${replaced.hint}`;
  const aliases = Object.prototype.hasOwnProperty.call(ALIASES, key) ? ALIASES[key] : [];
  const alias = aliases.find((a) => known.includes(head(a)));
  if (alias !== undefined) return `unknown ${what}; did you mean "${alias}"?`;
  const owner = mirrors.find((m) => KUBERNETES_FIELDS[m].includes(key));
  if (owner !== undefined) {
    return `unknown ${what}: ${JSON.stringify(key)} is a field of the Kubernetes ${owner} that keelson sets itself or has no prop for; `
      + `change it on the generated object with an escape hatch: a cdk8s JSON patch (on ${PATCHED_ON[owner]}) or a Pulumi transform (see docs/escape-hatches.md)`;
  }
  const near = nearestKey(key, known);
  return near !== undefined ? `unknown ${what}; did you mean "${near}"?` : `unknown ${what}`;
}
