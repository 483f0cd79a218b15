/**
 * `exposure` (LoadBalancer, NodePort) on StatelessApp, StatefulApp and CanaryRelease: the Service,
 * the NetworkPolicy rule that lets the clients in, the mesh entry, and what an upgrade may change.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import {
  CanaryRouting, Exposure, KUBERNETES_VERSIONS, Port, RISK_ANNOTATION, buildCanaryRelease, buildStatefulApp, buildStatelessApp,
  immutableChanges, immutableSnapshot,
} from '../../lib';
import { CANARY_IMAGE, canaryProps } from '../helpers/canary';
import { minimalProps } from '../helpers/fixtures';
import { minimalStatefulProps } from '../helpers/stateful';

const RANGES = ['203.0.113.0/24', '2001:db8::/32'];
const web = (exposure: Exposure | undefined, extra: object = {}) => buildStatelessApp(minimalProps({
  containers: [{ image: 'ghcr.io/acme/web:1.4.2', ports: [Port.http(8080), Port.grpc(9090), Port.tcp(9100, { name: 'metrics', expose: false })] }],
  ...(exposure ? { exposure } : {}),
  ...extra,
}));
const exposureRule = (policy: NetworkPolicy) => policy.spec!.ingress!.find((r) => r.from?.some((p) => p.ipBlock));

describe('StatelessApp exposure', () => {
  it('a LoadBalancer: the Service type, Local traffic policy by default, the source ranges, annotations, class and fixed node ports', () => {
    const m = web(Exposure.loadBalancer({
      sourceRanges: RANGES, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' }, loadBalancerClass: 'service.k8s.aws/nlb', nodePorts: { grpc: 32090 },
    }));
    expect(m.service!.metadata!.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' });
    expect(m.service!.spec).toEqual({
      type: 'LoadBalancer',
      selector: m.selector,
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
        { name: 'grpc', port: 9090, targetPort: 'grpc', protocol: 'TCP', appProtocol: 'grpc', nodePort: 32090 },
      ],
      externalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: RANGES,
      loadBalancerClass: 'service.k8s.aws/nlb',
    });
    // keelson never sets the health-check node port: the API server allocates it and keeps it.
    expect(m.service!.spec!.healthCheckNodePort).toBeUndefined();
  });

  it('the NetworkPolicy admits the source ranges on the exposed ports only (not the unexposed metrics port), beside the namespace rule', () => {
    const m = web(Exposure.loadBalancer({ sourceRanges: RANGES }));
    expect(m.networkPolicy.spec!.ingress).toEqual([
      { from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 9090 }] },
      { from: RANGES.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 9090 }] },
    ]);
    // allowFrom: [] admits nobody from inside, but the exposure's clients still get in.
    const closed = web(Exposure.loadBalancer({ sourceRanges: RANGES }), { allowFrom: [] });
    expect(closed.networkPolicy.spec!.ingress).toEqual([exposureRule(m.networkPolicy)]);
  });

  it('unrestricted: every IPv4 and IPv6 address, once acknowledged, and the NetworkPolicy carries the acknowledgement', () => {
    const m = web(Exposure.nodePort(), { acknowledgeRisks: ['ingress-from-any-address'] });
    expect(m.service!.spec!.type).toBe('NodePort');
    expect(m.service!.spec!.loadBalancerSourceRanges).toBeUndefined();
    expect(exposureRule(m.networkPolicy)!.from).toEqual([{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }]);
    expect(m.networkPolicy.metadata!.annotations).toEqual({ [RISK_ANNOTATION]: 'ingress-from-any-address' });
    expect(() => web(Exposure.nodePort())).toThrow(/exposure\.sourceRanges: is not set, so the NodePort Service and the NetworkPolicy admit every address/);
  });

  it('Cluster traffic policy: the load balancer keeps the ranges, the NetworkPolicy admits every address (the pods see node addresses)', () => {
    const m = web(Exposure.loadBalancer({ sourceRanges: RANGES, externalTrafficPolicy: 'Cluster', allocateNodePorts: false }));
    expect(m.service!.spec).toMatchObject({ externalTrafficPolicy: 'Cluster', loadBalancerSourceRanges: RANGES, allocateLoadBalancerNodePorts: false });
    expect(exposureRule(m.networkPolicy)!.from).toEqual([{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }]);
    // A NodePort has no load balancer to filter: its ranges need Local.
    expect(() => web(Exposure.nodePort({ sourceRanges: RANGES, externalTrafficPolicy: 'Cluster' }))).toThrow(/exposure\.sourceRanges: cannot be enforced/);
  });

  it('the mesh entry: PeerAuthentication PERMISSIVE and AuthorizationPolicy ALLOW on the exposed container ports, before the pods', () => {
    const m = web(Exposure.loadBalancer({ sourceRanges: RANGES, mesh: true }));
    expect(m.peerAuthentication).toEqual(expect.objectContaining({
      kind: 'PeerAuthentication',
      metadata: expect.objectContaining({ name: 'web-exposure' }),
      spec: { selector: { matchLabels: m.selector }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' }, 9090: { mode: 'PERMISSIVE' } } },
    }));
    expect(m.authorizationPolicy!.spec).toEqual({
      selector: { matchLabels: m.selector },
      action: 'ALLOW',
      rules: [{ from: [{ source: { ipBlocks: RANGES } }], to: [{ operation: { ports: ['8080', '9090'] } }] }],
    });
    const kinds = m.objects.map((o) => o.kind);
    expect(kinds.indexOf('AuthorizationPolicy')).toBeLessThan(kinds.indexOf('Deployment'));
    // Unrestricted (or Cluster): no source condition.
    const open = web(Exposure.loadBalancer({ mesh: true }), { acknowledgeRisks: ['ingress-from-any-address'] });
    expect(open.authorizationPolicy!.spec).toMatchObject({ rules: [{ to: [{ operation: { ports: ['8080', '9090'] } }] }] });
    expect(web(Exposure.loadBalancer({ sourceRanges: RANGES })).peerAuthentication).toBeUndefined();
  });

  it('without exposure nothing changes: a ClusterIP Service and no extra rule', () => {
    const m = web(undefined);
    expect(m.service!.spec!.type).toBe('ClusterIP');
    expect(m.service!.spec!.externalTrafficPolicy).toBeUndefined();
    expect(exposureRule(m.networkPolicy)).toBeUndefined();
    expect(m.objects.map((o) => o.kind)).not.toContain('PeerAuthentication');
  });
});

describe('StatefulApp and CanaryRelease exposure', () => {
  it('a StatefulApp exposes its client Service, never the headless one', () => {
    const m = buildStatefulApp(minimalStatefulProps({ exposure: Exposure.nodePort({ sourceRanges: ['10.20.0.0/16'], nodePorts: { db: 31432 } }) }));
    expect(m.service!.spec).toMatchObject({ type: 'NodePort', externalTrafficPolicy: 'Local', ports: [expect.objectContaining({ name: 'db', nodePort: 31432 })] });
    expect(m.headlessService.spec!.type).toBeUndefined();
    expect(m.headlessService.spec!.clusterIP).toBe('None');
    expect(m.networkPolicy.spec!.ingress).toContainEqual({ from: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] });
  });

  it('a blue/green release exposes its Service <name> (the active colour), not the preview', () => {
    const m = buildCanaryRelease(canaryProps({ canary: { image: CANARY_IMAGE }, routing: CanaryRouting.blueGreen({ active: 'stable' }), exposure: Exposure.loadBalancer({ sourceRanges: RANGES }) }));
    const byName = Object.fromEntries(m.services.map((s: Service) => [s.metadata!.name, s.spec!.type]));
    expect(byName).toEqual({ 'api': 'LoadBalancer', 'api-preview': 'ClusterIP' });
    expect(buildCanaryRelease(canaryProps({ routing: CanaryRouting.replicaRatio(), exposure: Exposure.nodePort({ sourceRanges: RANGES }) })).services[0].spec!.type).toBe('NodePort');
  });

  it('a release whose router splits the traffic refuses it: outside clients would bypass the split', () => {
    expect(() => buildCanaryRelease(canaryProps({ exposure: Exposure.loadBalancer({ sourceRanges: RANGES }) }))).toThrow(/exposure: cannot be used with istio routing/);
  });
});

describe('upgrades: no routine exposure change touches an immutable field', () => {
  const service = (exposure: Exposure | undefined) => web(exposure).service!;
  const changes = (a: Exposure | undefined, b: Exposure | undefined) => KUBERNETES_VERSIONS.flatMap((v) =>
    immutableChanges('Service', immutableSnapshot(service(a))!, immutableSnapshot(service(b))!, v).map((c) => c.path));
  const lb = (o: object = {}) => Exposure.loadBalancer({ sourceRanges: RANGES, ...o });
  const np = (o: object = {}) => Exposure.nodePort({ sourceRanges: RANGES, ...o });

  it('switching types, traffic policy, ranges, annotations and node ports is accepted', () => {
    const steps = [undefined, lb(), np(), lb({ externalTrafficPolicy: 'Cluster' }), lb({ nodePorts: { http: 30080 } }), lb({ nodePorts: { http: 30081 } }), np({ annotations: { 'a.io/b': 'c' } }), undefined];
    for (let i = 1; i < steps.length; i++) expect(changes(steps[i - 1], steps[i])).toEqual([]);
    // A class goes with the type: leaving LoadBalancer drops it, and it may be set with the type.
    expect(changes(lb({ loadBalancerClass: 'a.io/lb' }), np())).toEqual([]);
    expect(changes(np(), lb({ loadBalancerClass: 'a.io/lb' }))).toEqual([]);
  });

  it('changing the class of a LoadBalancer is refused (its remedy: docs/validation-errors.md)', () => {
    const refused = changes(lb({ loadBalancerClass: 'a.io/lb' }), lb({ loadBalancerClass: 'b.io/lb' }));
    expect(new Set(refused)).toEqual(new Set(['spec.loadBalancerClass']));
  });
});
