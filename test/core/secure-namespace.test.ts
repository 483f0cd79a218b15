/**
 * SecureNamespace core: the objects and every option, each object validated against the
 * Kubernetes schemas (Istio's against Istio's CRD schemas), determinism, and the documentation of
 * NAMESPACE_DEFAULTS.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  NAMESPACE_DEFAULTS,
  NetworkEgress,
  NetworkPeer,
  Quantity,
  SecureNamespaceManifest,
  SecureNamespaceProps,
  Subject,
  buildSecureNamespace,
} from '../../lib';
import { AnyObject } from '../helpers/best-practice';
import { validationError } from '../helpers/fixtures';
import { schemaProblems } from '../helpers/schema';

const json = (m: SecureNamespaceManifest): AnyObject[] => JSON.parse(JSON.stringify(m.objects));
const byKind = (m: SecureNamespaceManifest) => json(m).map((o) => `${o.kind}/${o.metadata?.name}`);

/** Every option at once. */
const full = (): SecureNamespaceProps => ({
  name: 'shop',
  partOf: 'storefront',
  labels: { team: 'shop' },
  annotations: { 'example.com/cost-centre': '4711' },
  podSecurity: { enforce: 'baseline', audit: 'restricted', warn: 'restricted', version: 'v1.31' },
  quota: {
    cpu: { request: Quantity.cores(8), limit: '16' },
    memory: { request: '16Gi', limit: Quantity.gibibytes(32) },
    ephemeralStorage: { request: '20Gi', limit: Quantity.gibibytes(40) },
    pods: 80,
    services: 30,
    loadBalancers: 1,
    nodePorts: 2,
    persistentVolumeClaims: 20,
    storage: '500Gi',
    scoped: [{ name: 'high-priority', priorityClasses: ['high', 'critical'], cpu: { request: '2' }, memory: { request: '4Gi', limit: '4Gi' }, ephemeralStorage: { request: '5Gi' }, pods: 10 }],
  },
  limitRange: {
    cpu: { defaultRequest: '200m', defaultLimit: '1', min: '10m', max: '4' },
    memory: { defaultRequest: '256Mi', defaultLimit: '512Mi', min: '16Mi', max: '8Gi' },
    ephemeralStorage: { defaultRequest: '256Mi', defaultLimit: '1Gi', min: '64Mi', max: '4Gi' },
    storage: { min: '1Gi', max: '200Gi' },
  },
  network: {
    allowSameNamespace: true,
    allowFrom: [NetworkPeer.namespace('monitoring'), NetworkPeer.namespace('ingress-nginx')],
    allowTo: [NetworkEgress.to(NetworkPeer.cidr('10.20.0.0/16'), 5432), NetworkEgress.to(NetworkPeer.namespace('payments'), 8080, { port: 8125, protocol: 'UDP' })],
    dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
  },
  access: {
    team: [Subject.group('shop-developers'), Subject.user('alice@example.com')],
    teamRole: 'deployer',
    deployers: [Subject.serviceAccount('shop-deployer', 'ci')],
    admins: [Subject.group('platform-admins')],
  },
  mesh: {
    revision: 'canary-1-22',
    controlPlaneNamespace: 'istio-system',
    mtls: 'STRICT',
    allowFromNamespaces: ['shop', 'istio-ingress'],
    allowFromPrincipals: ['cluster.local/ns/istio-ingress/sa/istio-ingressgateway'],
    egressHosts: ['*/api.stripe.com'],
    outboundTrafficPolicy: 'REGISTRY_ONLY',
  },
});

describe('SecureNamespace defaults', () => {
  const m = buildSecureNamespace({ name: 'shop' });

  it('emits the Namespace first, then what must exist before any pod, default-deny last among the policies', () => {
    expect(byKind(m)).toEqual([
      'Namespace/shop',
      'ResourceQuota/default',
      'LimitRange/default',
      'ServiceAccount/default',
      'NetworkPolicy/allow-dns',
      'NetworkPolicy/default-deny',
    ]);
    expect(m.objects[0]).toBe(m.namespace);
  });

  it('is schema-valid', () => {
    expect(schemaProblems(m.objects)).toEqual([]);
  });

  it('labels the Namespace with Pod Security Admission restricted for enforce, audit and warn, pinned to v1.30', () => {
    expect(m.namespace.metadata!.labels).toEqual({
      'app.kubernetes.io/name': 'shop',
      'app.kubernetes.io/instance': 'shop',
      'app.kubernetes.io/managed-by': 'keelson',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.30',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.30',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.30',
    });
    expect(m.namespace.metadata).not.toHaveProperty('namespace');
  });

  it('puts every other object in the namespace with the recommended labels', () => {
    for (const o of json(m).slice(1)) {
      expect(o.metadata?.namespace).toBe('shop');
      expect(o.metadata?.labels).toEqual({ 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'keelson' });
    }
  });

  it('sets a ResourceQuota with no LoadBalancer or NodePort Services and memory limits equal to requests', () => {
    expect(m.resourceQuota.spec).toEqual({
      hard: {
        'requests.cpu': '4',
        'requests.memory': '8Gi',
        'limits.memory': '8Gi',
        'pods': '50',
        'services': '20',
        'services.loadbalancers': '0',
        'services.nodeports': '0',
        'persistentvolumeclaims': '10',
        'requests.storage': '100Gi',
      },
    });
    expect(m.scopedQuotas).toEqual([]);
  });

  it('sets a LimitRange with keelson workload defaults, a memory max and a claim size max, and no CPU limit', () => {
    expect(m.limitRange.spec!.limits).toEqual([
      { type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { memory: '128Mi' }, max: { memory: '4Gi' } },
      { type: 'PersistentVolumeClaim', max: { storage: '50Gi' } },
    ]);
  });

  it('turns off the default ServiceAccount API token', () => {
    expect(m.serviceAccount).toMatchObject({ kind: 'ServiceAccount', metadata: { name: 'default' }, automountServiceAccountToken: false });
  });

  it('denies all ingress and egress, and allows DNS to kube-system on 53 UDP and TCP', () => {
    const [dns, deny] = m.networkPolicies;
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(dns.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      }],
    });
  });

  it('binds no roles and turns no mesh on', () => {
    expect(m.roleBindings).toEqual([]);
    expect(m.peerAuthentication).toBeUndefined();
    expect(m.authorizationPolicies).toEqual([]);
    expect(m.sidecar).toBeUndefined();
    expect(m.namespace.metadata!.labels).not.toHaveProperty(['istio-injection']);
  });
});

describe('SecureNamespace options', () => {
  const m = buildSecureNamespace(full());

  it('emits every object, schema-valid (Istio objects against Istio CRD schemas)', () => {
    expect(byKind(m)).toEqual([
      'Namespace/shop',
      'ResourceQuota/default',
      'ResourceQuota/high-priority',
      'LimitRange/default',
      'ServiceAccount/default',
      'NetworkPolicy/allow-dns',
      'NetworkPolicy/allow-same-namespace',
      'NetworkPolicy/allow-ingress',
      'NetworkPolicy/allow-egress',
      'NetworkPolicy/allow-mesh-control-plane',
      'NetworkPolicy/default-deny',
      'Role/keelson-deployer',
      'RoleBinding/team-keelson-deployer',
      'RoleBinding/deployers-keelson-deployer',
      'RoleBinding/admins',
      'PeerAuthentication/default',
      'AuthorizationPolicy/allow',
      'AuthorizationPolicy/default-deny',
      'Sidecar/default',
    ]);
    expect(schemaProblems(m.objects)).toEqual([]);
  });

  it('sets Pod Security levels and version, the revision label instead of istio-injection, labels and annotations', () => {
    const labels = m.namespace.metadata!.labels!;
    expect(labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.31',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'istio.io/rev': 'canary-1-22',
      'app.kubernetes.io/part-of': 'storefront',
      'team': 'shop',
    });
    expect(labels).not.toHaveProperty(['istio-injection']);
    expect(m.namespace.metadata!.annotations).toEqual({ 'example.com/cost-centre': '4711' });
    expect(m.resourceQuota.metadata!.labels).toMatchObject({ 'team': 'shop', 'app.kubernetes.io/part-of': 'storefront' });
    expect(m.resourceQuota.metadata).not.toHaveProperty('annotations');
  });

  it('uses istio-injection: enabled without a revision', () => {
    expect(buildSecureNamespace({ name: 'shop', mesh: {} }).namespace.metadata!.labels).toMatchObject({ 'istio-injection': 'enabled' });
  });

  it('sets every quota, and a quota per priority class', () => {
    expect(m.resourceQuota.spec!.hard).toEqual({
      'requests.cpu': '8',
      'requests.memory': '16Gi',
      'requests.ephemeral-storage': '20Gi',
      'limits.cpu': '16',
      'limits.memory': '32Gi',
      'limits.ephemeral-storage': '40Gi',
      'pods': '80',
      'services': '30',
      'services.loadbalancers': '1',
      'services.nodeports': '2',
      'persistentvolumeclaims': '20',
      'requests.storage': '500Gi',
    });
    expect(m.scopedQuotas[0].spec).toEqual({
      hard: { 'requests.cpu': '2', 'requests.memory': '4Gi', 'requests.ephemeral-storage': '5Gi', 'limits.memory': '4Gi', 'pods': '10' },
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high', 'critical'] }] },
    });
  });

  it('sets the LimitRange bounds', () => {
    expect(m.limitRange.spec!.limits).toEqual([
      {
        type: 'Container',
        defaultRequest: { 'cpu': '200m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' },
        default: { 'cpu': '1', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
        min: { 'cpu': '10m', 'memory': '16Mi', 'ephemeral-storage': '64Mi' },
        max: { 'cpu': '4', 'memory': '8Gi', 'ephemeral-storage': '4Gi' },
      },
      { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '200Gi' } },
    ]);
  });

  it('writes out the CPU max as the default limit, as the API server would', () => {
    const limits = buildSecureNamespace({ name: 'shop', limitRange: { cpu: { max: '2' } } }).limitRange.spec!.limits[0];
    expect(limits.default).toEqual({ cpu: '2', memory: '128Mi' });
    expect(limits.max).toEqual({ cpu: '2', memory: '4Gi' });
  });

  it('bounds ephemeral storage only when asked; a max alone is the default limit and request, as the API server would store them', () => {
    const container = (props: Omit<SecureNamespaceProps, 'name'>) => buildSecureNamespace({ name: 'shop', ...props }).limitRange.spec!.limits[0];
    expect(buildSecureNamespace({ name: 'shop' }).resourceQuota.spec!.hard).not.toHaveProperty('requests.ephemeral-storage');
    expect(JSON.stringify(container({}))).not.toContain('ephemeral-storage');
    const fromMax = container({ quota: { ephemeralStorage: { request: '10Gi', limit: '20Gi' } }, limitRange: { ephemeralStorage: { max: '2Gi' } } });
    expect([fromMax.defaultRequest, fromMax.default, fromMax.max].map((v) => v!['ephemeral-storage'])).toEqual(['2Gi', '2Gi', '2Gi']);
    expect(container({ limitRange: { ephemeralStorage: { min: '100Mi' } } }).defaultRequest).toEqual({ 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '100Mi' });
    const onlyRequest = container({ quota: { ephemeralStorage: { request: '10Gi' } }, limitRange: { ephemeralStorage: { defaultRequest: '512Mi' } } });
    expect(onlyRequest.defaultRequest!['ephemeral-storage']).toBe('512Mi');
    expect(onlyRequest.default).toEqual({ memory: '128Mi' });
  });

  it('a quota on ephemeral storage needs the LimitRange default Kubernetes would otherwise reject containers without', () => {
    const e = validationError(() => buildSecureNamespace({
      name: 'shop',
      quota: { ephemeralStorage: { request: '10Gi', limit: '20Gi' } },
      limitRange: { ephemeralStorage: { defaultRequest: '256Mi' } },
    }));
    expect(e.problems.map((p) => [p.path, p.type])).toEqual([['limitRange.ephemeralStorage.defaultLimit', 'required']]);
    expect(e.problems[0].message).toContain('quota.ephemeralStorage.limit sets limits.ephemeral-storage 20Gi');
    const scoped = validationError(() => buildSecureNamespace({ name: 'shop', quota: { scoped: [{ name: 'high', priorityClasses: ['high'], ephemeralStorage: { request: '1Gi' } }] } }));
    expect(scoped.problems.map((p) => p.path)).toEqual(['limitRange.ephemeralStorage.defaultRequest']);
    expect(scoped.problems[0].message).toMatch(/^is not set, but quota\.scoped\[0\]\.ephemeralStorage\.request sets requests\.ephemeral-storage 1Gi/);
    // A zero quota admits no pod whatever the LimitRange says: only that is reported (and acknowledging it suffices).
    expect(validationError(() => buildSecureNamespace({ name: 'shop', quota: { ephemeralStorage: { request: '0' } } })).problems.map((p) => p.path))
      .toEqual(['quota.ephemeralStorage.request']);
    expect(() => buildSecureNamespace({ name: 'shop', quota: { ephemeralStorage: { request: '0' } }, acknowledgeRisks: ['zero-quota'] })).not.toThrow();
  });

  it('opens same-namespace traffic, ingress from named namespaces, egress to CIDRs and namespaces, DNS pods only', () => {
    const policy = (name: string) => m.networkPolicies.find((p) => p.metadata!.name === name)!.spec;
    expect(policy('allow-same-namespace')).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });
    expect(policy('allow-ingress')).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
        ],
      }],
    });
    expect(policy('allow-egress')).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] },
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } } }], ports: [{ protocol: 'TCP', port: 8080 }, { protocol: 'UDP', port: 8125 }] },
      ],
    });
    expect(policy('allow-dns')!.egress![0].to).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    }]);
    expect(policy('allow-mesh-control-plane')).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } } }], ports: [{ protocol: 'TCP', port: 15012 }] }],
    });
  });

  it('binds keelson\'s namespaced Roles: the team (deployer here) and the deployers to keelson-deployer; admins, the opt-in, to the built-in admin', () => {
    expect(m.roleBindings.map((b) => [b.metadata!.name, b.roleRef, b.subjects])).toEqual([
      ['team-keelson-deployer', { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'keelson-deployer' }, [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'shop-developers' },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice@example.com' },
      ]],
      ['deployers-keelson-deployer', { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'keelson-deployer' }, [{ kind: 'ServiceAccount', name: 'shop-deployer', namespace: 'ci' }]],
      ['admins', { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' }, [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'platform-admins' }]],
    ]);
    // Only the Roles something binds are emitted, in the namespace.
    expect(m.roles.map((r) => [r.metadata!.name, r.metadata!.namespace])).toEqual([['keelson-deployer', 'shop']]);
  });

  it('gives the team the read-only viewer Role by default; the Role is in the binding name (roleRef is immutable)', () => {
    const ns = buildSecureNamespace({ name: 'shop', access: { team: [Subject.group('devs')] } });
    expect(ns.roleBindings.map((x) => [x.metadata!.name, x.roleRef.kind, x.roleRef.name])).toEqual([['team-keelson-viewer', 'Role', 'keelson-viewer']]);
    expect(ns.roles.map((r) => r.metadata!.name)).toEqual(['keelson-viewer']);
  });

  it('names the built-in ClusterRoles keelson bound before: a teamRole naming one says what to use instead', () => {
    const message = (teamRole: string) => validationError(() => buildSecureNamespace({ name: 'shop', access: { team: [Subject.group('devs')], teamRole: teamRole as never } })).problems;
    expect(message('edit')).toEqual([{ construct: 'shop', path: 'access.teamRole', type: 'notSupported', message: expect.stringContaining('use "deployer"') }]);
    expect(message('view')[0].message).toContain('use "viewer"');
    expect(message('admin')[0].message).toContain('`admins`');
    expect(message('owner')[0].message).toBe('"owner" is not a keelson Role: use "viewer" or "deployer"');
  });

  it('turns on STRICT mTLS, a default-deny AuthorizationPolicy with allow rules, and a Sidecar limited to the namespace and the control plane', () => {
    expect(m.peerAuthentication!.spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(m.authorizationPolicies.map((p) => [p.metadata.name, p.spec])).toEqual([
      ['allow', {
        action: 'ALLOW',
        rules: [{
          from: [
            { source: { namespaces: ['shop', 'istio-ingress'] } },
            { source: { principals: ['cluster.local/ns/istio-ingress/sa/istio-ingressgateway'] } },
          ],
        }],
      }],
      ['default-deny', {}],
    ]);
    // The namespaces of network.allowTo are reachable through the mesh too.
    expect(m.sidecar!.spec).toEqual({ egress: [{ hosts: ['./*', 'istio-system/*', 'payments/*', '*/api.stripe.com'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
  });

  it('with the mesh defaults, allows calls from the namespace itself only', () => {
    const mesh = buildSecureNamespace({ name: 'shop', mesh: {} });
    expect(mesh.authorizationPolicies[0].spec).toEqual({ action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] });
    expect(mesh.peerAuthentication!.spec.mtls.mode).toBe('STRICT');
    expect(mesh.sidecar!.spec).toEqual({ egress: [{ hosts: ['./*', 'istio-system/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
    expect(schemaProblems(mesh.objects)).toEqual([]);
  });

  it('with nobody allowed, emits only the default-deny AuthorizationPolicy', () => {
    const mesh = buildSecureNamespace({ name: 'shop', mesh: { allowFromNamespaces: [], mtls: 'PERMISSIVE', outboundTrafficPolicy: 'ALLOW_ANY' } });
    expect(mesh.authorizationPolicies.map((p) => p.metadata.name)).toEqual(['default-deny']);
    expect(mesh.peerAuthentication!.spec.mtls.mode).toBe('PERMISSIVE');
    expect(mesh.sidecar!.spec.outboundTrafficPolicy.mode).toBe('ALLOW_ANY');
  });

  it.each<[string, SecureNamespaceProps]>([
    ['privileged Pod Security, latest version', { name: 'legacy', podSecurity: { enforce: 'privileged', audit: 'baseline', warn: 'baseline', version: 'latest' } }],
    ['a quota of zero everywhere, acknowledged', { name: 'frozen', quota: { cpu: { request: '0', limit: '0' }, memory: { request: '0' }, pods: 0, services: 0, persistentVolumeClaims: 0, storage: '0' }, acknowledgeRisks: ['zero-quota'] }],
    ['a storage quota below the default claim max', { name: 'small', quota: { storage: '20Gi' } }],
    ['IPv6 egress and a pod peer', { name: 'v6', network: { allowTo: [NetworkEgress.to(NetworkPeer.cidr('fd00::/8', ['fd00:1::/32', 'fd00:ec2::254/128']))], allowFrom: [NetworkPeer.podsInNamespace('monitoring', { app: 'prometheus' })] } }],
    ['a scoped quota on pods only', { name: 'batch', quota: { scoped: [{ name: 'low', priorityClasses: ['low'], pods: 5 }] } }],
    ['a mesh with another control plane', { name: 'm', mesh: { controlPlaneNamespace: 'istio-1-22', egressHosts: ['~/*', 'payments/svc.payments.svc.cluster.local'] } }],
  ])('%s is schema-valid', (_what, props) => {
    expect(schemaProblems(buildSecureNamespace(props).objects)).toEqual([]);
  });
});

describe('SecureNamespace determinism', () => {
  it('builds byte-identical output from the same props', () => {
    expect(JSON.stringify(buildSecureNamespace(full()))).toBe(JSON.stringify(buildSecureNamespace(full())));
  });

  it('returns fresh objects: mutating one result, or one policy, touches nothing else', () => {
    const props = full();
    const a = buildSecureNamespace(props);
    (a.networkPolicies[0].spec!.podSelector as Record<string, unknown>).matchLabels = { x: 'y' };
    (a.namespace.metadata!.labels as Record<string, string>).tampered = 'yes';
    expect(a.networkPolicies[1].spec!.podSelector).toEqual({});
    const b = buildSecureNamespace(props);
    expect(b.networkPolicies[0].spec!.podSelector).toEqual({});
    expect(b.namespace.metadata!.labels).not.toHaveProperty('tampered');
  });

  it('does not modify the props it is given', () => {
    const props = full();
    const text = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
    const before = text(props);
    buildSecureNamespace(props);
    expect(text(props)).toBe(before);
  });

  it('keeps every object name when quotas, limits, peers or subjects change (only the team role renames its binding, and adds the Role it binds)', () => {
    const names = (m: SecureNamespaceManifest) => m.objects.map((o) => `${o.kind}/${o.metadata.name}`).filter((n) => !n.startsWith('RoleBinding/team-') && !n.startsWith('Role/'));
    const base = full();
    const changed: SecureNamespaceProps = {
      ...base,
      quota: { ...base.quota, cpu: { request: '12' }, pods: 90 },
      limitRange: { memory: { max: '16Gi' }, ephemeralStorage: { max: '8Gi' } },
      network: { ...base.network, allowFrom: [NetworkPeer.namespace('other')] },
      access: { ...base.access, team: [Subject.group('another-team')], teamRole: 'viewer' },
    };
    expect(names(buildSecureNamespace(changed))).toEqual(names(buildSecureNamespace(base)));
  });
});

describe('docs/defaults.md', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'defaults.md'), 'utf8');
  const lines = doc.split(/\r?\n/);
  test.each(Object.keys(NAMESPACE_DEFAULTS))('documents NAMESPACE_DEFAULTS.%s with its value', (key) => {
    const value = String(NAMESPACE_DEFAULTS[key as keyof typeof NAMESPACE_DEFAULTS]);
    const mentions = lines.filter((l) => l.includes(`\`${key}\``));
    if (mentions.length === 0) throw new Error(`docs/defaults.md never mentions \`${key}\` (in backticks)`);
    if (!mentions.some((l) => l.includes(`\`${value}\``))) {
      throw new Error(`docs/defaults.md mentions \`${key}\` but not its value \`${value}\` on the same line:\n${mentions.join('\n')}`);
    }
  });
});
