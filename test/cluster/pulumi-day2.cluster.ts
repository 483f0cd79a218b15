/**
 * Day-2 changes through the real Pulumi engine: `pulumi preview --diff` of each routine change
 * (docs/upgrade-safety.md, "What may change freely") plans only updates of the objects it should
 * touch, never a replace or a delete, and `pulumi up` applies it; a change the page documents as a
 * replacement plans exactly that. Then what the mocks cannot show: a KeelsonValidationError as the
 * engine renders it, the StatefulSet's `protect`, `pulumi destroy` and claims, aliases, and `transforms`.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { Stack } from '@pulumi/pulumi/automation';
import { get, list, namespace, rolledOut, until } from './kube';
import { realEngineSuite, Steps, stackOf } from './pulumi-engine';
import { EnvValue, Port, Quantity, StatefulAppProps, StatelessAppProps, Subject } from '../../lib';
import type { TeamRole } from '../../lib/core/secure-namespace/rbac';
import * as p from '../../lib/pulumi';

const small = { cpu: { request: Quantity.millicores(50) }, memory: { request: Quantity.mebibytes(64) } };
const roomy = { cpu: { request: Quantity.cores(4) }, memory: { request: Quantity.gibibytes(16) }, pods: 40 };

const { stacks, namespaces } = realEngineSuite();

async function stack(name: string, program: () => Promise<Record<string, unknown>>): Promise<Stack> {
  const s = await stackOf(name, program);
  stacks.push(s);
  namespaces.push(name);
  return s;
}

/** `pulumi preview --diff`, then `pulumi up`: the steps of both. */
async function previewAndUp(s: Stack): Promise<{ preview: Steps; up: Steps }> {
  const preview = new Steps();
  await s.preview({ diff: true, onEvent: preview.onEvent });
  const up = new Steps();
  const r = await s.up({ onEvent: up.onEvent });
  expect(r.summary.result).toBe('succeeded');
  return { preview, up };
}

describe('routine changes: pulumi preview --diff plans updates only, and up applies them', () => {
  const ns = 'pulumi-day2';
  const web0: Omit<StatelessAppProps, 'name'> = { replicas: 3, containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [Port.http(8080)], resources: small }] };
  const db0: Omit<StatefulAppProps, 'name'> = {
    replicas: 3,
    containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'pg' })], resources: small }],
    storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(1) }],
  };
  let web = web0;
  let db = db0;
  let teamRole: TeamRole = 'viewer';
  let dbOptions: { protect?: boolean } = {};
  let s: Stack;
  const program = async () => {
    const space = new p.SecureNamespace(ns, { quota: roomy, access: { team: [Subject.group('web-developers')], teamRole } });
    new p.StatelessApp('web', { ...web, namespace: space });
    new p.StatefulApp('db', { ...db, namespace: space }, dbOptions);
    return {};
  };
  const withWeb = (props: Partial<StatelessAppProps>, container: Record<string, unknown> = {}) => {
    web = { ...web, ...props, containers: [{ ...web.containers[0], ...container }] };
  };
  const DEPLOYMENT = 'kubernetes:apps/v1:Deployment::web-deployment';
  const STATEFULSET = 'kubernetes:apps/v1:StatefulSet::db-statefulset';

  beforeAll(async () => {
    s = await stack(ns, program);
    const up = new Steps();
    await s.up({ onEvent: up.onEvent });
    expect(up.ops()).toEqual(['create']);
  });

  const routine: Array<[string, () => void, string[], () => void]> = [
    ['web image tag', () => withWeb({}, { image: 'ghcr.io/acme/web:1.0.1' }), [`update ${DEPLOYMENT}`], () => {
      expect(get('Deployment', 'web', ns)!.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/web:1.0.1');
    }],
    ['web replicas', () => withWeb({ replicas: 4 }), [`update ${DEPLOYMENT}`], () => {
      expect(get('Deployment', 'web', ns)!.spec.replicas).toBe(4);
    }],
    ['web env', () => withWeb({}, { env: { LOG_LEVEL: 'debug', POD: EnvValue.fromField('metadata.name') } }), [`update ${DEPLOYMENT}`], () => {
      expect(get('Deployment', 'web', ns)!.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name)).toEqual(['LOG_LEVEL', 'POD']);
    }],
    ['web resources', () => withWeb({}, { resources: { cpu: { request: Quantity.millicores(60) }, memory: { request: Quantity.mebibytes(80) } } }), [`update ${DEPLOYMENT}`], () => {
      expect(get('Deployment', 'web', ns)!.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '60m', memory: '80Mi' });
    }],
    ['db image tag', () => {
      db = { ...db, containers: [{ ...db.containers[0], image: 'ghcr.io/acme/db:1.0.1' }] };
    }, [`update ${STATEFULSET}`], () => {
      expect(get('StatefulSet', 'db', ns)!.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/db:1.0.1');
    }],
  ];

  /** The workloads' steps, and the other objects' changed paths (labels only, when any). */
  const split = (steps: Steps) => ({
    ops: steps.ops().filter((o) => o !== 'same' && o !== 'update'),
    workloads: steps.changes().filter((c) => c === `update ${DEPLOYMENT}` || c === `update ${STATEFULSET}`),
    others: [...new Set(steps.steps.filter((x) => x.op === 'update' && x.resource !== DEPLOYMENT && x.resource !== STATEFULSET).flatMap((x) => x.paths))],
  });

  it.each(routine)('%s', async (step, change, expected, check) => {
    change();
    const { preview, up } = await previewAndUp(s);
    // A new image tag changes the `app.kubernetes.io/version` label of every object of the app, in place.
    const others = step.includes('image') ? ['metadata.labels["app.kubernetes.io/version"]'] : [];
    expect(split(preview)).toEqual({ ops: [], workloads: expected, others });
    expect(split(up)).toEqual({ ops: [], workloads: expected, others });
    check();
    // The provider awaited the rollout; the controllers agree.
    if (expected[0] === `update ${DEPLOYMENT}`) await rolledOut('Deployment', 'web', ns);
    else await rolledOut('StatefulSet', 'db', ns);
  });

  it('SecureNamespace access.teamRole: a new RoleBinding and Role replace the old ones (the role is in the binding\'s name)', async () => {
    teamRole = 'deployer';
    const { preview, up } = await previewAndUp(s);
    const rbac = 'kubernetes:rbac.authorization.k8s.io/v1';
    const expected = [
      `create ${rbac}:Role::${ns}-role-keelson-deployer`,
      `create ${rbac}:RoleBinding::${ns}-rolebinding-team-keelson-deployer`,
      `delete ${rbac}:Role::${ns}-role-keelson-viewer`,
      `delete ${rbac}:RoleBinding::${ns}-rolebinding-team-keelson-viewer`,
    ];
    const detail = (x: Steps) => x.steps.filter((y) => y.op !== 'same').map((y) => `${y.op} ${y.resource}${y.paths.length ? ` ${y.paths.join(' ')}` : ''}`).sort();
    const isRbac = (d: string) => /:(Role|RoleBinding)::/.test(d);
    expect(detail(preview).filter(isRbac)).toEqual(expected);
    expect(detail(up).filter(isRbac)).toEqual(expected);
    // Nothing else but a label found stale: after the StatefulApp's image change, the next preview
    // still updates the headless Service's version label (see docs/pulumi.md).
    const rest = (x: Steps) => detail(x).filter((d) => !isRbac(d));
    expect(rest(preview)).toEqual(rest(up));
    for (const r of rest(preview)) expect(r).toMatch(/^update \S+ metadata\.labels\["app\.kubernetes\.io\/version"\]$/);
    expect(get('RoleBinding', 'team-keelson-viewer', ns)).toBeUndefined();
    expect(get('RoleBinding', 'team-keelson-deployer', ns)!.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'keelson-deployer' });
  });

  it('StatefulApp podManagementPolicy: the protected StatefulSet fails the preview and nothing changes', async () => {
    const before = get('StatefulSet', 'db', ns)!;
    db = { ...db, podManagementPolicy: 'Parallel' };
    const refused = await s.preview({ diff: true }).then(() => undefined, (e: Error) => e.message);
    expect(refused).toMatch(/protect/i);
    expect(get('StatefulSet', 'db', ns)!.metadata.uid).toBe(before.metadata.uid);
    expect(get('StatefulSet', 'db', ns)!.spec.podManagementPolicy).toBe('OrderedReady');
  });

  it('StatefulApp podManagementPolicy with { protect: false } (after an update that unprotects): Pulumi replaces the StatefulSet, with its pods', async () => {
    // The protection is read from the state: first an update that only records protect: false.
    db = { ...db, podManagementPolicy: undefined };
    dbOptions = { protect: false };
    const unprotect = new Steps();
    await s.up({ onEvent: unprotect.onEvent });
    expect(unprotect.ops().filter((o) => o !== 'same' && o !== 'update')).toEqual([]);
    const before = get('StatefulSet', 'db', ns)!;
    db = { ...db, podManagementPolicy: 'Parallel' };
    const { preview, up } = await previewAndUp(s);
    const replaced = preview.steps.filter((x) => x.op !== 'same');
    expect(replaced.map((x) => x.resource).every((r) => r === STATEFULSET)).toBe(true);
    expect(preview.ops()).toContain('replace');
    expect(preview.steps.find((x) => x.op === 'replace')!.replaceKeys).toEqual(['spec.podManagementPolicy']);
    expect(up.ops()).toContain('replace');
    const after = get('StatefulSet', 'db', ns)!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.spec.podManagementPolicy).toBe('Parallel');
    await rolledOut('StatefulSet', 'db', ns);
  });
});

/**
 * Runs test/cluster/pulumi-failing-program.ts in its own process (the SDK leaves a program's error
 * as an unhandled rejection in the process that runs the automation API, which jest would pin on
 * the running test): what the CLI printed, the error, and the unhandled rejections.
 */
function failing(...args: string[]): { printed: string; error: string | null; unhandled: string[] } {
  const r = spawnSync(path.join(__dirname, '../../node_modules/.bin/tsx'), [path.join(__dirname, 'pulumi-failing-program.ts'), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`pulumi-failing-program.ts ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line);
}

/** How many times `needle` occurs in `haystack`. */
function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('what the mocks cannot show', () => {
  const web: Omit<StatelessAppProps, 'name'> = { replicas: 2, containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [Port.http(8080)], resources: small }] };
  const db: Omit<StatefulAppProps, 'name'> = {
    replicas: 2,
    containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'pg' })], resources: small }],
    storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(1) }],
  };

  it('a KeelsonValidationError fails the preview before anything is registered (its message printed twice)', () => {
    namespaces.push('pulumi-invalid');
    const { printed: text, error, unhandled } = failing('invalid');
    expect(error).toContain('StatelessApp "web": 2 problems in its props:');
    // Through the automation API the engine prints the error twice: the message as it is, and the
    // SDK's "Unhandled exception" report of the same rejection, with its name and stack.
    const diagnostics = text.slice(text.indexOf('Diagnostics:'));
    expect(count(diagnostics, '\n    error: StatelessApp "web": 2 problems in its props:\n')).toBe(1);
    expect(count(diagnostics, 'error: Unhandled exception: KeelsonValidationError: StatelessApp "web": 2 problems in its props:')).toBe(1);
    expect(count(diagnostics, '- web: containers[0].image: "nginx" has no tag; pin a tag or digest (or set allowUnpinnedImages: true)')).toBe(2);
    expect(count(diagnostics, '- web: replicas: -1 is out of range: must be between 1 and 10000')).toBe(2);
    expect(new Set(unhandled)).toEqual(new Set(['KeelsonValidationError: StatelessApp "web": 2 problems in its props:']));
    expect(get('Namespace', 'pulumi-invalid')).toBeUndefined();
  });

  it('protect: only the StatefulSet is protected (destroy refused); with protect: false, pulumi destroy keeps the claims unless volumeRetention.whenDeleted is Delete', async () => {
    for (const [ns, whenDeleted, claimsLeft] of [['pulumi-destroy-retain', undefined, 2], ['pulumi-destroy-delete', 'Delete', 0]] as const) {
      namespace(ns);
      namespaces.push(ns);
      let protect: boolean | undefined;
      const s = await stackOf(ns, async () => {
        new p.StatefulApp('db', { ...db, namespace: ns, volumeRetention: whenDeleted ? { whenDeleted } : undefined }, protect === undefined ? {} : { protect });
        return {};
      });
      await s.up();
      await until(`2 bound claims in ${ns}`, () => (list('persistentvolumeclaims', ns).filter((c) => c.status?.phase === 'Bound').length === 2 ? true : undefined));
      const state = (await s.exportStack()).deployment.resources as Array<{ urn: string; protect?: boolean; retainOnDelete?: boolean }>;
      expect(state.filter((r) => r.protect).map((r) => r.urn.split('::').pop())).toEqual(['db-statefulset']);
      expect(state.filter((r) => r.retainOnDelete).map((r) => r.urn)).toEqual([]);
      const refused = await s.destroy().then(() => undefined, (e: Error) => e.message);
      expect(refused).toMatch(/protect/i);
      expect(get('StatefulSet', 'db', ns)).toBeDefined();
      // To delete the app: an update with protect: false, then the destroy.
      protect = false;
      await s.up();
      const destroy = new Steps();
      await s.destroy({ onEvent: destroy.onEvent });
      expect(destroy.ops()).toEqual(['delete']);
      expect(get('StatefulSet', 'db', ns)).toBeUndefined();
      // The claims are the StatefulSet controller's, not Pulumi resources: its retention policy decides.
      const left = await until(`${claimsLeft} claims left in ${ns}`, () => {
        const claims = list('persistentvolumeclaims', ns).filter((c) => !c.metadata.deletionTimestamp);
        return claims.length === claimsLeft ? claims : undefined;
      });
      expect(left.map((c) => c.metadata.name).sort()).toEqual(claimsLeft ? ['data-db-0', 'data-db-1'] : []);
    }
  });

  it('aliases: moving a component under a parent, or renaming it with the same name, keeps every child', async () => {
    const ns = 'pulumi-alias';
    namespace(ns);
    let shape: 'top' | 'parented' | 'renamed' = 'top';
    const s = await stack(ns, async () => {
      const args = { ...web, namespace: ns };
      if (shape === 'top') {
        new p.StatelessApp('web', args);
      } else {
        const team = new pulumi.ComponentResource('acme:index:Team', 'team');
        if (shape === 'parented') new p.StatelessApp('web', args, { parent: team, aliases: [{ parent: pulumi.rootStackResource }] });
        else new p.StatelessApp('storefront', { ...args, name: 'web' }, { parent: team, aliases: [{ name: 'web' }] });
      }
      return {};
    });
    await s.up();
    const uid = get('Deployment', 'web', ns)!.metadata.uid;

    shape = 'parented';
    const parented = await previewAndUp(s);
    expect(parented.preview.changes()).toEqual(['create acme:index:Team::team']);
    expect(parented.up.changes()).toEqual(['create acme:index:Team::team']);

    shape = 'renamed';
    const renamed = await previewAndUp(s);
    expect(renamed.preview.changes()).toEqual([]);
    expect(renamed.up.changes()).toEqual([]);
    // The children's URNs follow the new resource name.
    const urns = ((await s.exportStack()).deployment.resources as Array<{ urn: string }>).map((r) => r.urn);
    expect(urns.filter((u) => u.endsWith('::storefront-deployment'))).toHaveLength(1);
    expect(get('Deployment', 'web', ns)!.metadata.uid).toBe(uid);
  });

  it('transforms on a component reach every child it registers', async () => {
    const ns = 'pulumi-transforms';
    namespace(ns);
    const s = await stack(ns, async () => {
      new p.StatelessApp('web', { ...web, replicas: undefined, namespace: ns, autoscaling: { minReplicas: 2, maxReplicas: 4 } }, {
        transforms: [(args) => {
          if (!args.type.startsWith('kubernetes:')) return undefined;
          const metadata = { ...args.props.metadata, labels: { ...args.props.metadata?.labels, 'acme.example/team': 'storefront' } };
          return { props: { ...args.props, metadata }, opts: args.opts };
        }],
      });
      return {};
    });
    const up = new Steps();
    await s.up({ onEvent: up.onEvent });
    const children = up.steps.filter((x) => x.resource.startsWith('kubernetes:')).map((x) => x.resource.split('::')[1]);
    expect(children.sort()).toEqual(['web-deployment', 'web-horizontalpodautoscaler', 'web-networkpolicy', 'web-poddisruptionbudget', 'web-service', 'web-serviceaccount']);
    for (const kind of ['Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']) {
      expect({ kind, label: get(kind, 'web', ns)!.metadata.labels['acme.example/team'] }).toEqual({ kind, label: 'storefront' });
    }
  });
});
