import { describe } from './checks';
import { path } from './path';
import { Problems } from './problems';
import type { KubeObject } from '../workload/objects';

/**
 * Dangerous settings keelson refuses unless the props acknowledge them by name
 * (`acknowledgeRisks: ['ingress-from-any-address']`). An acknowledged risk shows in the output:
 * the object that carries it has the annotation `keelson.dev/acknowledged-risks`, so a reviewer
 * reading the manifests sees it too. Each risk and when it applies:
 */
export const RISKS = {
  /** `allowFrom` (or `network.allowFrom`) admits an ipBlock of prefix length 0: every address, the internet included. */
  'ingress-from-any-address': 'admits every address',
  /** `allowFrom` admits a namespace selector with no positive condition: pods of every namespace. */
  'ingress-from-every-namespace': 'admits every namespace',
  /** `allowTo` reaches a block holding the cloud metadata endpoint (169.254.169.254, fd00:ec2::254) without excepting it. */
  'egress-to-cloud-metadata': 'reaches the cloud metadata endpoint',
  /** A RoleBinding subject that stands for everyone: system:authenticated, system:unauthenticated, system:serviceaccounts, system:anonymous. */
  'binding-to-everyone': 'binds a role to everyone',
  /** `mesh.allowFromPrincipals` has a pattern that matches workloads of every namespace (`*`, `cluster.local/ns/*`...). */
  'mesh-any-principal': 'admits any mesh workload',
  /** A SecureNamespace named `default`, where every unqualified command and manifest lands. */
  'default-namespace': 'takes over the default namespace',
  /** A PodDisruptionBudget that lets every pod of a workload of two or more be evicted at once. */
  'budget-never-limits': 'a disruption budget that limits nothing',
  /** A ResourceQuota of zero (or less than a millicore or a container's memory floor) for CPU, memory, pods, Services, claims or storage. */
  'zero-quota': 'a quota of zero',
  /** The canary would take at least twice the load per pod that stable is sized for. */
  'canary-overload': 'overloads the canary',
  /** Argo Rollouts routing with `analysis: false`: the controller promotes the canary on time alone, unmeasured. */
  'canary-without-analysis': 'promotes the canary without metric analysis',
  /** `securityContext.runAsUser: 0`: the containers run as root (`runAsNonRoot: false`); Pod Security baseline, not restricted. */
  'run-as-root': 'runs the containers as root',
  /** `addCapabilities` beyond `NET_BIND_SERVICE` (those Pod Security baseline allows); baseline, not restricted. */
  'baseline-capabilities': 'adds capabilities beyond what Pod Security restricted allows',
} as const;

/** The name of a risk that can be acknowledged. */
export type Risk = keyof typeof RISKS;

/** The annotation that lists the risks acknowledged for an object. */
export const RISK_ANNOTATION = 'keelson.dev/acknowledged-risks';

/** An acknowledged risk and the object it shows on. */
export interface AcknowledgedRisk {
  readonly risk: Risk;
  readonly kind: string;
  readonly name: string;
}

/** How a message about a risk ends: what to write to take it. */
export function acknowledgeHint(risk: Risk): string {
  return `; if that is intended, acknowledge it with acknowledgeRisks: ['${risk}']`;
}

/**
 * The risks a construct's props acknowledge, and those they take. A check calls `accepts` when the
 * props take a risk: acknowledged, it is recorded against the object that carries it; otherwise
 * the check records its problem (ending with `acknowledgeHint`). `finish` reports acknowledgements
 * the props do not need, so a stale one cannot hide a later change.
 */
export class RiskLedger {
  /** Checks the `acknowledgeRisks` prop (any input). */
  public static from(problems: Problems, value: unknown): RiskLedger {
    const known = Object.keys(RISKS) as Risk[];
    const acknowledged = new Map<Risk, number>();
    if (value !== undefined && !Array.isArray(value)) {
      problems.invalid('acknowledgeRisks', `must be a list of risk names, got ${describe(value)}`);
    } else {
      (value ?? []).forEach((r: unknown, i: number) => {
        if (typeof r !== 'string' || !known.includes(r as Risk)) problems.notSupported(path('acknowledgeRisks', i), `${describe(r)} is not a risk keelson knows: use ${known.map((k) => `'${k}'`).join(', ')}`);
        else if (acknowledged.has(r as Risk)) problems.duplicate(path('acknowledgeRisks', i), `'${r}' is listed twice`);
        else acknowledged.set(r as Risk, i);
      });
    }
    return new RiskLedger(problems, acknowledged);
  }

  private readonly taken: AcknowledgedRisk[] = [];

  private constructor(private readonly problems: Problems, private readonly acknowledged: ReadonlyMap<Risk, number>) {}

  /** The props take `risk` on the object `kind`/`name`: true when acknowledged (recorded), false when the caller must report it. */
  public accepts(risk: Risk, kind: string, name: string): boolean {
    if (!this.acknowledged.has(risk)) return false;
    if (!this.taken.some((t) => t.risk === risk && t.kind === kind && t.name === name)) this.taken.push({ risk, kind, name });
    return true;
  }

  /** Reports acknowledged risks the props do not take; returns those they take, for the output. */
  public finish(): readonly AcknowledgedRisk[] {
    for (const [risk, i] of this.acknowledged) {
      if (!this.taken.some((t) => t.risk === risk)) {
        this.problems.invalid(path('acknowledgeRisks', i), `'${risk}' is acknowledged, but these props do not take that risk: remove it, so that a later change that does take it is noticed`);
      }
    }
    return this.taken;
  }
}

/** Annotates each object with the risks acknowledged for it (a mapping: objects are this build's own). */
export function annotateRisks(objects: readonly KubeObject[], risks: readonly AcknowledgedRisk[]): void {
  for (const o of objects) {
    const mine = [...new Set(risks.filter((r) => r.kind === o.kind && r.name === o.metadata.name).map((r) => r.risk))].sort();
    if (mine.length === 0) continue;
    (o as { metadata: KubeObject['metadata'] }).metadata = { ...o.metadata, annotations: { ...o.metadata.annotations, [RISK_ANNOTATION]: mine.join(',') } };
  }
}
