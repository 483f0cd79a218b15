import type { ResolvedPod } from './pod';
import { Problems } from '../validation/problems';
import { RiskLedger, acknowledgeHint } from '../validation/risks';

/** An object that carries the pod template, for the acknowledged-risks annotation. */
export interface PodCarrier {
  readonly kind: string;
  readonly name: string;
}

/**
 * Settings beyond Pod Security restricted (root, capabilities only baseline allows) are refused
 * unless the props acknowledge them; acknowledged, each shows on the objects that carry the pods.
 * Such pods need a namespace at `baseline`: a keelson SecureNamespace at `restricted` refuses them
 * when the app is placed in it.
 */
export function checkPodPrivileges(problems: Problems, pod: ResolvedPod, risks: RiskLedger, carriers: readonly PodCarrier[]): void {
  const accepted = (risk: 'run-as-root' | 'baseline-capabilities') => carriers.map((c) => risks.accepts(risk, c.kind, c.name)).every(Boolean);
  if (pod.rootAt !== undefined && !accepted('run-as-root')) {
    problems.conflict(pod.rootAt, `0 runs the containers as root (runAsNonRoot: false), which Pod Security "restricted" refuses: the pods need a namespace at "baseline"${acknowledgeHint('run-as-root')}`);
  }
  const caps = [...pod.initContainers, ...pod.containers].flatMap((c) => c.baselineCapabilities);
  if (caps.length && !accepted('baseline-capabilities')) {
    for (const { at, capability } of caps) {
      problems.conflict(at, `${JSON.stringify(capability)} is a capability Pod Security "restricted" refuses (only NET_BIND_SERVICE may be added): the pods need a namespace at "baseline"${acknowledgeHint('baseline-capabilities')}`);
    }
  }
}
