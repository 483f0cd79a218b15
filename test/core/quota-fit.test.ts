/**
 * The quota-fit check: apps placed in a SecureNamespace must fit its ResourceQuotas and its
 * LimitRange at their peak (replicas or the HPA's maximum, plus the rollout's surge and the
 * replaced pods still terminating), alone and together; the problems carry the app's name, its props path and the numbers.
 */
import { api as exampleApi, web as exampleWeb } from '../../examples/shop';
import {
  BatchJobProps,
  buildBatchJob,
  KeelsonValidationError,
  NetworkPeer,
  Port,
  Quantity,
  SecureNamespaceProps,
  StatefulAppProps,
  StatelessAppProps,
  buildSecureNamespace,
  buildCanaryRelease,
  buildStatefulApp,
  buildStatelessApp,
  CanaryRouting,
  Exposure,
} from '../../lib';
import { AppObjects, checkQuotaFit, namespacePolicy, quotaFitProblems } from '../../lib/core/secure-namespace/quota-fit';
import { validationError } from '../helpers/fixtures';

const IMAGE = 'ghcr.io/acme/web:1.4.2';
const policy = (props: Omit<SecureNamespaceProps, 'name'> = {}) => namespacePolicy(buildSecureNamespace({ name: 'shop', ...props }));
const stateless = (props: Partial<StatelessAppProps> = {}): AppObjects => {
  const m = buildStatelessApp({ name: 'web', namespace: 'shop', containers: [{ image: IMAGE }], ...props } as StatelessAppProps);
  return { name: m.deployment.metadata!.name!, type: 'StatelessApp', objects: m.objects };
};
const stateful = (props: Partial<StatefulAppProps> = {}): AppObjects => {
  const m = buildStatefulApp({
    name: 'db',
    namespace: 'shop',
    replicas: 3,
    containers: [{ image: IMAGE, ports: [Port.tcp(5432, { name: 'db' })] }],
    storage: [{ name: 'data', mountPath: '/var/lib/db', size: Quantity.gibibytes(10) }],
    ...props,
  } as StatefulAppProps);
  return { name: m.statefulSet.metadata!.name!, type: 'StatefulApp', objects: m.objects };
};
const cpu = (request: string, limit?: string) => ({ cpu: { request, ...(limit ? { limit } : {}) } });
const problems = (p: ReturnType<typeof policy>, apps: AppObjects[]) =>
  quotaFitProblems(p, apps).map(({ construct, path, message }) => ({ construct, path, message }));

describe('quota fit: one app', () => {
  it('the default quota: the example web frontend at its HPA maximum, with its surge and terminating pods, fits its memory and pods but not its 4 CPUs', () => {
    // 12 + 3 + 3 = 18 pods: 18 × 256Mi = 4608Mi of 8Gi memory, 18 of 50 pods; 18 × 250m = 4500m of 4 CPUs.
    const web = buildStatelessApp({ ...exampleWeb, name: 'web', namespace: 'shop' });
    expect(problems(policy(), [{ name: 'web', type: 'StatelessApp', objects: web.objects }])).toEqual([{
      construct: 'web',
      path: 'containers[0].resources.cpu.request',
      message: '12 replicas (HPA maximum) × 250m + surge 3 × 250m + terminating 3 × 250m = 4500m exceeds the quota\'s requests.cpu 4 in namespace "shop"',
    }]);
  });

  it('does not fit: replicas × request + surge × request + terminating × request above the CPU request quota', () => {
    const web = stateless({ replicas: 3, containers: [{ image: IMAGE, resources: cpu('250m') }] });
    expect(problems(policy({ quota: { cpu: { request: '800m' } } }), [web])).toEqual([{
      construct: 'web',
      path: 'containers[0].resources.cpu.request',
      message: '3 replicas × 250m + surge 1 × 250m + terminating 1 × 250m = 1250m exceeds the quota\'s requests.cpu 800m in namespace "shop"',
    }]);
  });

  it('fits exactly at the quota', () => {
    // 3 replicas + surge 1 + terminating 1 = 5 pods × 200m = 1000m.
    const web = stateless({ replicas: 3, containers: [{ image: IMAGE, resources: cpu('200m') }] });
    expect(problems(policy({ quota: { cpu: { request: '1000m' } } }), [web])).toEqual([]);
    expect(problems(policy({ quota: { cpu: { request: '999m' } } }), [web])).toHaveLength(1);
  });

  it('counts the HPA maximum, not minReplicas, its surge and its terminating pods (the docs example, real output)', () => {
    const web = buildStatelessApp({ ...exampleWeb, name: 'web', namespace: 'shop' });
    const e = validationError(() => checkQuotaFit(policy({ quota: { cpu: { request: '2' } } }), [{ name: 'web', type: 'StatelessApp', objects: web.objects }]));
    expect(e.message).toBe([
      'StatelessApp "web": 1 problem in its props:',
      '  - web: containers[0].resources.cpu.request: 12 replicas (HPA maximum) × 250m + surge 3 × 250m + terminating 3 × 250m = 4500m exceeds the quota\'s requests.cpu 2 in namespace "shop"',
    ].join('\n'));
    // The same app fits once the quota covers its peak.
    expect(problems(policy({ quota: { cpu: { request: '4500m' } } }), [{ name: 'web', type: 'StatelessApp', objects: web.objects }])).toEqual([]);
  });

  it.each<[string, Partial<StatelessAppProps>, number, number]>([
    ['25% of 3 rounds up to 1', { replicas: 3 }, 3, 1],
    ['25% of 12 is 3', { autoscaling: { maxReplicas: 12 } }, 12, 3],
    ['25% of 11 rounds up to 3', { autoscaling: { maxReplicas: 11 } }, 11, 3],
    ['10% of 12 rounds up to 2', { replicas: 12, maxSurge: '10%' }, 12, 2],
    ['50% of 3 rounds up to 2', { replicas: 3, maxSurge: '50%' }, 3, 2],
    ['a count is taken as it is', { replicas: 4, maxSurge: 3 }, 4, 3],
  ])('surge: %s', (_what, props, replicas, surge) => {
    const web = stateless({ ...props, containers: [{ image: IMAGE, resources: cpu('100m') }] });
    const [p] = problems(policy({ quota: { pods: 1 } }), [web]);
    // keelson's Deployments have maxUnavailable 0: the replaced pods still terminating are as many as the surge.
    expect(p.message).toMatch(new RegExp(`^${replicas} replicas${'autoscaling' in props ? ' \\(HPA maximum\\)' : ''} \\+ surge ${surge} \\+ terminating ${surge} = ${replicas + 2 * surge} exceeds the quota's pods 1`));
    expect(p.path).toBe('autoscaling' in props ? 'autoscaling.maxReplicas' : 'replicas');
  });

  it.each<[string, Record<string, unknown> | undefined, number, string]>([
    ['the API defaults (25% each): 25% of 5 surges 2 and leaves 1 unavailable', undefined, 5, '5 replicas + surge 2 + terminating 3 = 10'],
    ['maxUnavailable 25% of 3 rounds down to 0', { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, 3, '3 replicas + surge 1 + terminating 1 = 5'],
    ['maxUnavailable 50% of 3 rounds down to 1', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '50%' } }, 3, '3 replicas + surge 1 + terminating 2 = 6'],
    ['no surge, one unavailable', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }, 3, '3 replicas + terminating 1 = 4'],
    ['Recreate: neither', { type: 'Recreate' }, 3, '3 replicas = 3'],
  ])('terminating pods of a Deployment keelson did not build: %s', (_what, strategy, replicas, expr) => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'raw', namespace: 'shop' },
      spec: { replicas, ...(strategy ? { strategy } : {}), selector: { matchLabels: { app: 'raw' } }, template: { metadata: { labels: { app: 'raw' } }, spec: { containers: [{ name: 'raw', image: IMAGE }] } } },
    };
    expect(problems(policy({ quota: { pods: 1 } }), [{ name: 'raw', type: 'Deployment', objects: [deployment] }])).toEqual([
      { construct: 'raw', path: 'spec.replicas', message: `${expr} exceeds the quota's pods 1 in namespace "shop"` },
    ]);
  });

  it('checks memory requests and limits (memory limits equal requests by default)', () => {
    const web = stateless({ replicas: 2, containers: [{ image: IMAGE, resources: { memory: { request: '1Gi', limit: '2Gi' } } }] });
    expect(problems(policy({ quota: { memory: { request: '4Gi', limit: '5Gi' } } }), [web])).toEqual([{
      construct: 'web',
      path: 'containers[0].resources.memory.limit',
      message: '2 replicas × 2Gi + surge 1 × 2Gi + terminating 1 × 2Gi = 8Gi exceeds the quota\'s limits.memory 5Gi in namespace "shop"',
    }]);
  });

  it('sums the containers of a pod, and names each', () => {
    const web = stateless({
      replicas: 2,
      containers: [{ image: IMAGE, resources: cpu('250m') }, { name: 'proxy', image: IMAGE, ports: [], resources: cpu('100m') }],
    });
    expect(problems(policy({ quota: { cpu: { request: '1' } } }), [web])).toEqual([{
      construct: 'web',
      path: 'containers',
      message: '2 replicas × 350m (web 250m + proxy 100m) + surge 1 × 350m + terminating 1 × 350m = 1400m exceeds the quota\'s requests.cpu 1 in namespace "shop"',
    }]);
  });

  it('counts an init container when it requests more than the running containers together', () => {
    const web = stateless({
      replicas: 2,
      containers: [{ image: IMAGE, resources: cpu('100m') }],
      initContainers: [{ name: 'migrate', image: IMAGE, resources: cpu('1') }],
    });
    expect(problems(policy({ quota: { cpu: { request: '2' } } }), [web])).toEqual([{
      construct: 'web',
      path: 'initContainers[0].resources.cpu.request',
      message: '2 replicas × 1 (init container migrate) + surge 1 × 1 + terminating 1 × 1 = 4 exceeds the quota\'s requests.cpu 2 in namespace "shop"',
    }]);
  });
});

describe('quota fit: the LimitRange', () => {
  it('gives containers without a CPU limit the default limit (the max here), and counts it against a limits.cpu quota', () => {
    const web = stateless({ replicas: 3, containers: [{ image: IMAGE, resources: cpu('250m') }] });
    expect(problems(policy({ quota: { cpu: { request: '2', limit: '3' } }, limitRange: { cpu: { max: '1' } } }), [web])).toEqual([{
      construct: 'web',
      path: 'containers[0].resources.cpu.limit',
      message: '3 replicas × 1 [LimitRange default] + surge 1 × 1 + terminating 1 × 1 = 5 exceeds the quota\'s limits.cpu 3 in namespace "shop"',
    }]);
  });

  it('reports a container without a CPU limit when the quota tracks limits.cpu and the LimitRange gives none', () => {
    const web = stateless({ containers: [{ image: IMAGE, resources: cpu('250m') }] });
    expect(problems(policy({ quota: { cpu: { request: '4', limit: '8' } } }), [web])).toEqual([{
      construct: 'web',
      path: 'containers[0].resources.cpu.limit',
      message: 'is not set, and ResourceQuota "default" in namespace "shop" tracks limits.cpu without a LimitRange default for it: Kubernetes rejects such pods; set it',
    }]);
  });

  it('reports a default limit below the request: Kubernetes would reject the pods', () => {
    const web = stateless({ containers: [{ image: IMAGE, resources: cpu('250m') }] });
    expect(problems(policy({ limitRange: { cpu: { max: '200m' } } }), [web])).toEqual([
      {
        construct: 'web',
        path: 'containers[0].resources.cpu.limit',
        message: 'is not set, so the LimitRange in namespace "shop" gives the container its default cpu limit 200m, below the request 250m: Kubernetes would reject the pods; set a cpu limit of at least 250m',
      },
      { construct: 'web', path: 'containers[0].resources.cpu.request', message: '250m is above the max cpu 200m per container of LimitRange "default" in namespace "shop"' },
    ]);
  });

  it('checks each container against the max and the min', () => {
    const web = stateless({
      containers: [
        { image: IMAGE, resources: { cpu: { request: '250m', limit: '4' }, memory: { request: '8Gi' } } },
        { name: 'tiny', image: IMAGE, ports: [], resources: { cpu: { request: '5m' } } },
      ],
    });
    expect(problems(policy({ quota: { cpu: { request: '100' }, memory: { request: '1Ti' } }, limitRange: { cpu: { min: '10m', max: '2', defaultRequest: '100m' } } }), [web])).toEqual([
      { construct: 'web', path: 'containers[0].resources.cpu.limit', message: '4 is above the max cpu 2 per container of LimitRange "default" in namespace "shop"' },
      { construct: 'web', path: 'containers[0].resources.memory.limit', message: '8Gi is above the max memory 4Gi per container of LimitRange "default" in namespace "shop"' },
      { construct: 'web', path: 'containers[0].resources.memory.request', message: '8Gi is above the max memory 4Gi per container of LimitRange "default" in namespace "shop"' },
      { construct: 'web', path: 'containers[1].resources.cpu.request', message: '5m is below the min cpu 10m per container of LimitRange "default" in namespace "shop"' },
    ]);
  });

  it('counts ephemeral-storage against the quota and the LimitRange of quota.ephemeralStorage and limitRange.ephemeralStorage', () => {
    const withDisk = policy({ quota: { ephemeralStorage: { request: '4Gi', limit: '8Gi' } }, limitRange: { ephemeralStorage: { max: '1Gi' } } });
    const web = stateless({ replicas: 3, containers: [{ image: IMAGE, resources: { ephemeralStorage: { request: '1Gi', limit: '2Gi' } } }] });
    expect(problems(withDisk, [web])).toEqual([
      { construct: 'web', path: 'containers[0].resources.ephemeralStorage.limit', message: '2Gi is above the max ephemeral-storage 1Gi per container of LimitRange "default" in namespace "shop"' },
      {
        construct: 'web',
        path: 'containers[0].resources.ephemeralStorage.request',
        message: '3 replicas × 1Gi + surge 1 × 1Gi + terminating 1 × 1Gi = 5Gi exceeds the quota\'s requests.ephemeral-storage 4Gi in namespace "shop"',
      },
      {
        construct: 'web',
        path: 'containers[0].resources.ephemeralStorage.limit',
        message: '3 replicas × 2Gi + surge 1 × 2Gi + terminating 1 × 2Gi = 10Gi exceeds the quota\'s limits.ephemeral-storage 8Gi in namespace "shop"',
      },
    ]);
    // A container that sets none gets the LimitRange's default (the max here, as the API server does), and is counted with it.
    const bare = stateless({ replicas: 3 });
    expect(problems(withDisk, [bare])).toEqual([{
      construct: 'web',
      path: 'containers[0].resources.ephemeralStorage.request',
      message: '3 replicas × 1Gi [LimitRange default] + surge 1 × 1Gi + terminating 1 × 1Gi = 5Gi exceeds the quota\'s requests.ephemeral-storage 4Gi in namespace "shop"',
    }]);
    expect(problems(policy({ quota: { ephemeralStorage: { request: '5Gi', limit: '5Gi' } }, limitRange: { ephemeralStorage: { max: '1Gi' } } }), [bare])).toEqual([]);
    // Without a LimitRange default (a quota set by an escape hatch), Kubernetes refuses such a container.
    expect(problems({ ...withDisk, limitRanges: [] }, [bare]).map((p) => p.path)).toEqual([
      'containers[0].resources.ephemeralStorage.request', 'containers[0].resources.ephemeralStorage.limit',
    ]);
  });

  it('together over the ephemeral-storage quota: reported at the quota prop that sets it', () => {
    const p = policy({ quota: { ephemeralStorage: { request: '6Gi' } }, limitRange: { ephemeralStorage: { defaultRequest: '1Gi' } } });
    const found = problems(p, [stateless({ replicas: 2, maxSurge: 1 }), { ...stateless({ name: 'api', replicas: 2, maxSurge: 1 }), name: 'api' }]);
    expect(found.map((x) => x.path)).toEqual(['quota.ephemeralStorage.request']);
    expect(found[0].message).toMatch(/^the apps together need web 4Gi \+ api 4Gi = 8Gi at their peak, which exceeds the quota's requests\.ephemeral-storage 6Gi/);
  });

  it('checks claim sizes against the per-claim max', () => {
    const db = stateful({ storage: [{ name: 'data', mountPath: '/var/lib/db', size: Quantity.gibibytes(80) }] });
    expect(problems(policy({ quota: { storage: '1Ti' } }), [db])).toEqual([{
      construct: 'db',
      path: 'storage[0].size',
      message: 'claim template "data" requests 80Gi, above the max storage 50Gi per PersistentVolumeClaim of LimitRange "default" in namespace "shop"',
    }]);
  });
});

describe('quota fit: StatefulSets, Services and other objects', () => {
  it('counts a StatefulSet\'s claims and storage: replicas × templates, no surge', () => {
    const db = stateful({ replicas: 5, storage: [{ name: 'data', mountPath: '/var/lib/db', size: Quantity.gibibytes(30) }] });
    expect(problems(policy({ quota: { persistentVolumeClaims: 4 } }), [db])).toEqual([
      { construct: 'db', path: 'storage', message: '5 replicas × 1 claim template (data) = 5 exceeds the quota\'s persistentvolumeclaims 4 in namespace "shop"' },
      { construct: 'db', path: 'storage[0].size', message: '5 replicas × 30Gi (data) = 150Gi exceeds the quota\'s requests.storage 100Gi in namespace "shop"' },
    ]);
    const fits = stateful({ replicas: 3, resources: undefined } as Partial<StatefulAppProps>);
    expect(problems(policy(), [fits])).toEqual([]);
  });

  it('counts Services, LoadBalancer Services and node ports', () => {
    const lb = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'edge', namespace: 'shop' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }, { port: 443 }] } };
    const np = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'debug', namespace: 'shop' }, spec: { type: 'NodePort', ports: [{ port: 8080 }] } };
    const apps: AppObjects[] = [{ name: 'edge', type: 'Service', objects: [lb] }, { name: 'debug', type: 'Service', objects: [np] }];
    expect(problems(policy({ quota: { nodePorts: 2 } }), apps)).toEqual([
      { construct: 'edge', path: 'metadata.name', message: 'LoadBalancer Services (edge) = 1 exceeds the quota\'s services.loadbalancers 0 in namespace "shop"; raise quota.loadBalancers of SecureNamespace "shop" to let the app in' },
      { construct: 'shop', path: 'quota.nodePorts', message: 'the apps together need edge 2 + debug 1 = 3 at their peak, which exceeds the quota\'s services.nodeports 2 in namespace "shop"; raise the quota or shrink the apps' },
    ]);
  });

  it('takes an HPA that targets another owner\'s Deployment, and a Recreate strategy has no surge', () => {
    const web = buildStatelessApp({ name: 'web', namespace: 'shop', containers: [{ image: IMAGE, resources: cpu('500m') }] });
    const deployment = { ...web.deployment, spec: { ...web.deployment.spec!, strategy: { type: 'Recreate' } } };
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web-hpa', namespace: 'shop' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10 } };
    expect(problems(policy(), [{ name: 'web', type: 'StatelessApp', objects: [deployment] }, { name: 'web-hpa', type: 'HorizontalPodAutoscaler', objects: [hpa] }])).toEqual([{
      construct: 'web',
      path: 'containers[0].resources.cpu.request',
      message: '10 replicas (HPA maximum) × 500m = 5 exceeds the quota\'s requests.cpu 4 in namespace "shop"',
    }]);
  });
});

describe('quota fit: CanaryRelease', () => {
  it('sums both tracks\' Deployments, each with its surge and terminating pods, and names each', () => {
    // ingress-nginx routing: Istio routing needs a meshed namespace, whose proxies would add to the sums.
    const m = buildCanaryRelease({ ...exampleApi, name: 'api', namespace: 'shop', routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }) });
    expect(problems(policy({ quota: { cpu: { request: '1' } } }), [{ name: 'api', type: 'CanaryRelease', objects: m.objects }])).toEqual([{
      construct: 'api',
      // Both tracks run the first container's request: that is the prop to change.
      path: 'containers[0].resources.cpu.request',
      message: 'Deployment api-stable: 3 replicas × 250m + surge 1 × 250m + terminating 1 × 250m = 1250m; Deployment api-canary: 1 replica × 250m + surge 1 × 250m + terminating 1 × 250m = 750m; together 2 exceeds the quota\'s requests.cpu 1 in namespace "shop"',
    }]);
  });

  it('attributes an excess to the track that causes most of it, at that track\'s props path', () => {
    const m = buildCanaryRelease({
      ...exampleApi,
      name: 'api',
      namespace: 'shop',
      stable: { replicas: 2 },
      canary: { ...exampleApi.canary!, replicas: 6 },
      routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }),
    });
    const found = problems(policy({ quota: { pods: 6 } }), [{ name: 'api', type: 'CanaryRelease', objects: m.objects }]);
    expect(found).toEqual([{ construct: 'api', path: 'canary.replicas', message: expect.stringContaining('Deployment api-canary: 6 replicas') }]);
  });

  it('attributes an excess to a named version at its props path (versions.<version>.replicas)', () => {
    const m = buildCanaryRelease({
      ...exampleApi,
      name: 'api',
      namespace: 'shop',
      stable: { replicas: 2 },
      versions: { v3: { image: 'ghcr.io/acme/api-v3:1.0.0', replicas: 6 } },
      routing: CanaryRouting.gatewayApi({ gateway: 'public' }),
    });
    const found = problems(policy({ quota: { pods: 7 } }), [{ name: 'api', type: 'CanaryRelease', objects: m.objects }]);
    // The version's 6 pods (+ surge and terminating) are most of the 17: the excess is reported at its replicas.
    expect(found.filter((p) => p.message.includes('exceeds the quota\'s pods'))).toEqual([
      { construct: 'api', path: 'versions.v3.replicas', message: expect.stringContaining('Deployment api-v3: 6 replicas + surge 2 + terminating 2 = 10') },
    ]);
  });

  it('gives every problem a path: the Services of an app are its containers\' exposed ports', () => {
    const web = buildStatelessApp({ name: 'web', namespace: 'shop', containers: [{ image: IMAGE, resources: cpu('100m') }] });
    expect(problems(policy({ quota: { services: 0 }, acknowledgeRisks: ['zero-quota'] }), [{ name: 'web', type: 'StatelessApp', objects: web.objects }])).toEqual([
      { construct: 'web', path: 'containers', message: 'Services (web) = 1 exceeds the quota\'s services 0 in namespace "shop"' },
    ]);
  });

  it('counts an Argo Rollout with traffic routing at twice its replicas (both ReplicaSets may be full)', () => {
    const m = buildCanaryRelease({ ...exampleApi, name: 'api', namespace: 'shop', canary: undefined, routing: CanaryRouting.argoRollouts({ steps: [10, 50] }) } as never);
    expect(m.objects.map((o) => o.kind)).toContain('Rollout');
    // Argo Rollouts drives Istio routing: the namespace has the mesh (proxies add no pods).
    expect(problems(policy({ quota: { pods: 5 }, mesh: {} }), [{ name: 'api', type: 'CanaryRelease', objects: m.objects }])).toEqual([
      { construct: 'api', path: 'replicas', message: '3 replicas + surge 3 = 6 exceeds the quota\'s pods 5 in namespace "shop"' },
    ]);
  });
});

describe('quota fit: several apps and scoped quotas', () => {
  it('reports when the apps fit alone but not together, at the namespace\'s quota prop', () => {
    const a = stateless({ name: 'web', replicas: 3, containers: [{ image: IMAGE, resources: cpu('500m') }] });
    const b = stateless({ name: 'api', replicas: 3, containers: [{ image: IMAGE, resources: cpu('500m') }] });
    const p = policy({ quota: { cpu: { request: '3' } } });
    expect(problems(p, [a])).toEqual([]);
    const e = validationError(() => checkQuotaFit(p, [a, b]));
    expect(e.constructType).toBe('SecureNamespace');
    expect(e.message).toBe([
      'SecureNamespace "shop": 1 problem in its props:',
      '  - shop: quota.cpu.request: the apps together need web 2500m + api 2500m = 5 at their peak, which exceeds the quota\'s requests.cpu 3 in namespace "shop"; raise the quota or shrink the apps',
    ].join('\n'));
  });

  it('lists the apps\' own problems first, then what only the apps together exceed', () => {
    const big = stateless({ name: 'big', replicas: 4, containers: [{ image: IMAGE, resources: cpu('1') }] });
    const small = stateless({ name: 'small', replicas: 2, containers: [{ image: IMAGE, resources: { memory: { request: '3Gi' } } }] });
    const other = stateless({ name: 'other', replicas: 2, containers: [{ image: IMAGE, resources: { memory: { request: '3Gi' } } }] });
    const found = quotaFitProblems(policy({ quota: { memory: { request: '16Gi' } } }), [small, big, other]);
    expect(found.map((f) => [f.constructType, f.construct, f.path])).toEqual([
      ['StatelessApp', 'big', 'containers[0].resources.cpu.request'],
      ['SecureNamespace', 'shop', 'quota.memory.request'],
      ['SecureNamespace', 'shop', 'quota.memory.limit'],
    ]);
  });

  it('counts only the pods of the priority classes a scoped quota names', () => {
    const p = policy({ quota: { scoped: [{ name: 'high-priority', priorityClasses: ['high'], pods: 2, cpu: { request: '500m' } }] } });
    const high = stateless({ name: 'payments', replicas: 2, priorityClassName: 'high', containers: [{ image: IMAGE, resources: cpu('100m') }] });
    const normal = stateless({ name: 'web', replicas: 8 });
    expect(problems(p, [high, normal])).toEqual([
      { construct: 'payments', path: 'replicas', message: '2 replicas + surge 1 + terminating 1 = 4 exceeds pods 2 of ResourceQuota "high-priority" in namespace "shop"' },
    ]);
    expect(problems(p, [normal])).toEqual([]);
  });
});

describe('quota fit: Pod Security level', () => {
  const rootApp = (extra: Partial<StatelessAppProps> = {}) => stateless({
    containers: [{ image: IMAGE, addCapabilities: ['NET_BIND_SERVICE', 'CHOWN'] }],
    securityContext: { runAsUser: 0 },
    acknowledgeRisks: ['run-as-root', 'baseline-capabilities'],
    ...extra,
  });

  it('a restricted namespace (the default) refuses an app that runs as root or adds a baseline capability, at the props that ask for it', () => {
    expect(problems(policy(), [rootApp()])).toEqual([
      {
        construct: 'web',
        path: 'securityContext.runAsUser',
        message: 'the pods run as root, which Pod Security "restricted" enforced in namespace "shop" refuses: place the app in a namespace at "baseline" (podSecurity: { enforce: \'baseline\' })',
      },
      {
        construct: 'web',
        path: 'containers[0].addCapabilities[1]',
        message: 'the container "web" adds the capability "CHOWN", which Pod Security "restricted" enforced in namespace "shop" refuses: place the app in a namespace at "baseline" (podSecurity: { enforce: \'baseline\' })',
      },
    ]);
  });

  it('a baseline namespace holds it; NET_BIND_SERVICE alone fits restricted', () => {
    expect(problems(policy({ podSecurity: { enforce: 'baseline' } }), [rootApp()])).toEqual([]);
    expect(problems(policy(), [stateless({ containers: [{ image: IMAGE, addCapabilities: ['NET_BIND_SERVICE'] }] })])).toEqual([]);
  });

  it('a CanaryRelease is reported once for both tracks', () => {
    const m = buildCanaryRelease({
      name: 'api',
      namespace: 'shop',
      containers: [{ image: IMAGE }],
      securityContext: { runAsUser: 0 },
      acknowledgeRisks: ['run-as-root'],
      canary: { image: 'ghcr.io/acme/web:1.5.0' },
      routing: CanaryRouting.blueGreen(),
    });
    expect(problems(policy(), [{ name: 'api', type: 'CanaryRelease', objects: m.objects }]).map((p) => p.path)).toEqual(['securityContext.runAsUser']);
  });
});

describe('quota fit: placement', () => {
  it('reports an app outside the namespace, or without one', () => {
    const other = stateless({ namespace: 'other' });
    const none = buildStatelessApp({ name: 'api', containers: [{ image: IMAGE }] });
    expect(problems(policy(), [other, { name: 'api', type: 'StatelessApp', objects: none.objects }])).toEqual([
      { construct: 'web', path: 'namespace', message: '"other" is not the namespace "shop" where the app is placed; leave namespace out' },
      { construct: 'api', path: 'namespace', message: 'is not set, so the app\'s objects would go to the default namespace, not "shop" where the app is placed' },
    ]);
  });

  it('reports an app whose objects have the names of the namespace\'s own', () => {
    expect(problems(policy(), [stateless({ name: 'default' })])).toEqual([
      { construct: 'default', path: 'name', message: 'the app\'s ServiceAccount "default" has the name of one that SecureNamespace "shop" emits in namespace "shop"; rename the app' },
    ]);
  });

  it('reports two apps with one name', () => {
    const found = problems(policy(), [stateless({ name: 'web' }), { ...stateless({ name: 'web' }), type: 'StatefulApp' }]);
    expect(found[0]).toEqual({ construct: 'web', path: 'name', message: 'the app\'s ServiceAccount "web" has the name of one that StatelessApp "web" emits in namespace "shop"; rename the app' });
  });
});

describe('checkQuotaFit', () => {
  it('throws the library\'s error typed after the app, and returns when everything fits', () => {
    // 1 replica + surge 1 + terminating 1 = 3 pods fits exactly; 2 replicas need 4.
    const p = policy({ quota: { pods: 3 } });
    expect(() => checkQuotaFit(p, [stateless({ replicas: 1, maxSurge: 1 })])).not.toThrow();
    const e = validationError(() => checkQuotaFit(p, [stateless({ replicas: 2, allowFrom: [NetworkPeer.sameNamespace()] })]));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(e.constructType).toBe('StatelessApp');
    expect(e.problems).toEqual([{ construct: 'web', path: 'replicas', message: '2 replicas + surge 1 + terminating 1 = 4 exceeds the quota\'s pods 3 in namespace "shop"', type: 'conflict' }]);
  });

  it('is deterministic, and takes garbage among the objects without a TypeError', () => {
    const p = policy({ quota: { cpu: { request: '1' } } });
    const apps = [stateless({ replicas: 9 }), { name: 'junk', type: 'Unknown', objects: [null, 42, 'x', {}, { kind: 'Deployment' }] as unknown[] }];
    expect(JSON.stringify(quotaFitProblems(p, apps))).toBe(JSON.stringify(quotaFitProblems(p, apps)));
    // A Deployment without a pod template uses nothing; without a namespace it is misplaced.
    expect(problems(p, apps).map((f) => `${f.construct}: ${f.path}`)).toEqual(['web: containers[0].resources.cpu.request', 'junk: namespace']);
  });
});

describe('quota fit: a BatchJob', () => {
  const job = (props: Record<string, unknown>): AppObjects => ({
    name: 'migrate',
    type: 'BatchJob',
    objects: buildBatchJob({ name: 'migrate', namespace: 'shop', containers: [{ image: IMAGE, resources: cpu('250m') }], ...props } as BatchJobProps).objects,
  });

  it('counts parallelism pods of a Job, and names parallelism when the pods quota is too small', () => {
    expect(problems(policy({ quota: { cpu: { request: '800m' }, pods: 2 } }), [job({ completions: 6, parallelism: 4 })])).toEqual([
      { construct: 'migrate', path: 'containers[0].resources.cpu.request', message: '4 replicas × 250m = 1 exceeds the quota\'s requests.cpu 800m in namespace "shop"' },
      { construct: 'migrate', path: 'parallelism', message: '4 replicas = 4 exceeds the quota\'s pods 2 in namespace "shop"' },
    ]);
    expect(problems(policy({ quota: { cpu: { request: '1' }, pods: 4 } }), [job({ completions: 6, parallelism: 4 })])).toEqual([]);
  });

  it('counts a CronJob\'s job template the same way', () => {
    expect(problems(policy({ quota: { cpu: { request: '800m' }, pods: 2 } }), [job({ schedule: '@daily', completions: 4, parallelism: 4 })])).toHaveLength(2);
  });
});

describe('quota fit: exposed apps (LoadBalancer, NodePort)', () => {
  const lb = { exposure: Exposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'] }) };

  it('the default quota grants no load balancer and no node port: the problems point at exposure and say which quota to raise', () => {
    const web = stateless({ ...lb, containers: [{ image: IMAGE, ports: [Port.http(8080), Port.grpc(9090)] }] });
    expect(problems(policy(), [web])).toEqual([
      { construct: 'web', path: 'exposure', message: 'LoadBalancer Services (web) = 1 exceeds the quota\'s services.loadbalancers 0 in namespace "shop"; raise quota.loadBalancers of SecureNamespace "shop" to let the app in' },
      { construct: 'web', path: 'exposure', message: 'node ports (web 2) = 2 exceeds the quota\'s services.nodeports 0 in namespace "shop"; raise quota.nodePorts of SecureNamespace "shop" to let the app in' },
    ]);
  });

  it('fits once the namespace grants them; a load balancer without node ports needs none', () => {
    expect(problems(policy({ quota: { loadBalancers: 1, nodePorts: 1 } }), [stateless(lb)])).toEqual([]);
    const direct = stateless({ exposure: Exposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'], allocateNodePorts: false }) });
    expect(problems(policy({ quota: { loadBalancers: 1 } }), [direct])).toEqual([]);
  });

  it('counts a StatefulApp\'s client Service (never the headless one) and two apps together', () => {
    const db = stateful({ exposure: Exposure.nodePort({ sourceRanges: ['10.20.0.0/16'] }) });
    const web = stateless({ exposure: Exposure.nodePort({ sourceRanges: ['10.20.0.0/16'] }) });
    expect(problems(policy({ quota: { nodePorts: 1 } }), [db])).toEqual([]);
    expect(problems(policy({ quota: { nodePorts: 1 } }), [db, web])).toEqual([{
      construct: 'shop',
      path: 'quota.nodePorts',
      message: 'the apps together need db 1 + web 1 = 2 at their peak, which exceeds the quota\'s services.nodeports 1 in namespace "shop"; raise the quota or shrink the apps',
    }]);
  });
});

describe('mesh fit: exposed apps', () => {
  const quota = { loadBalancers: 1, nodePorts: 1 };
  it('a mesh namespace refuses an exposed app without its mesh entry, and takes it with exposure.mesh', () => {
    const open = stateless({ exposure: Exposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'] }) });
    expect(problems(policy({ quota, mesh: {} }), [open])).toEqual([{
      construct: 'web',
      path: 'exposure.mesh',
      message: 'is not set, but SecureNamespace "shop" has a mesh (mutual TLS STRICT, deny-all authorization): the clients of the LoadBalancer Service "web" bring no mesh identity and would be refused; set exposure.mesh: true (a PeerAuthentication PERMISSIVE and an AuthorizationPolicy ALLOW on the exposed ports)',
    }]);
    const entered = stateless({ exposure: Exposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'], mesh: true }) });
    expect(problems(policy({ quota, mesh: {} }), [entered])).toEqual([]);
  });

  it('a namespace without a mesh refuses the mesh entry', () => {
    const entered = stateful({ exposure: Exposure.nodePort({ sourceRanges: ['10.20.0.0/16'], mesh: true }) });
    expect(problems(policy({ quota }), [entered])).toEqual([{
      construct: 'db',
      path: 'exposure.mesh',
      message: 'is true, but SecureNamespace "shop" has no mesh: the PeerAuthentication and AuthorizationPolicy would need Istio and change nothing; leave mesh out',
    }]);
  });
});
