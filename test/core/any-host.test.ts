/**
 * The host "*" (every host), listed alone, in every host list keelson takes: each target writes its
 * own form of "every host" (an Ingress rule without `host`, a route without `hostnames`, Traefik's
 * `PathPrefix(\`/\`)`, Istio's `*` on a gateway-only VirtualService), and the objects stay valid for
 * their schemas; where the target has no such form, "*" is refused saying why (bad-input tables).
 */
import type { Ingress } from 'kubernetes-types/networking/v1';
import { buildCanaryRelease, buildStatelessApp, CanaryRouting, Exposure, Port } from '../../lib';
import { canaryProps, CANARY_IMAGE } from '../helpers/canary';
import { schemaProblems } from '../helpers/schema';

const release = (routing: CanaryRouting, extra: object = {}) =>
  buildCanaryRelease(canaryProps({ routing, canary: { image: CANARY_IMAGE, weight: 10 }, ...extra }));
const ruleHosts = (i: Ingress) => i.spec!.rules!.map((r) => r.host);
const web = (exposure: Exposure) => buildStatelessApp({
  name: 'web', namespace: 'shop', containers: [{ image: 'ghcr.io/acme/web:1.4.2', ports: [Port.http(8080)] }], exposure,
});

describe('the host "*"', () => {
  it('ingress-nginx routing: both Ingresses have one rule without a host, and the TLS entry names no hosts', () => {
    const m = release(CanaryRouting.ingressNginx({ hosts: ['*'], tlsSecretName: 'api-tls' }));
    expect(m.ingresses.map(ruleHosts)).toEqual([[undefined], [undefined]]);
    expect(m.ingresses.every((i) => Object.keys(i.spec!.rules![0]).join() === 'http')).toBe(true);
    expect(m.ingresses.map((i) => i.spec!.tls)).toEqual([[{ secretName: 'api-tls' }], [{ secretName: 'api-tls' }]]);
    // The canary Ingress matches the main one's (empty) host: ingress-nginx pairs them by host and path.
    expect(m.ingresses[1].metadata!.annotations!['nginx.ingress.kubernetes.io/canary']).toBe('true');
    expect(schemaProblems(m.ingresses)).toEqual([]);
  });

  it('named hosts keep one rule per host and the TLS hosts', () => {
    const m = release(CanaryRouting.ingressNginx({ hosts: ['api.example.com', '*.api.example.org'], tlsSecretName: 'api-tls' }));
    expect(m.ingresses.map(ruleHosts)).toEqual([['api.example.com', '*.api.example.org'], ['api.example.com', '*.api.example.org']]);
    expect(m.ingresses[0].spec!.tls).toEqual([{ hosts: ['api.example.com', '*.api.example.org'], secretName: 'api-tls' }]);
  });

  it('Argo Rollouts over ingress-nginx: the stable Ingress has a rule without a host', () => {
    const m = buildCanaryRelease(canaryProps({ canary: undefined, routing: CanaryRouting.argoRolloutsIngressNginx({ hosts: ['*'] }) }));
    expect(m.ingresses.map(ruleHosts)).toEqual([[undefined]]);
  });

  it.each<[string, CanaryRouting]>([
    ['gateway-api routing', CanaryRouting.gatewayApi({ gateway: 'infra/public', hostnames: ['*'] })],
    ['Argo Rollouts over the Gateway API', CanaryRouting.argoRolloutsGatewayApi({ gateway: 'infra/public', hostnames: ['*'] })],
  ])('%s: the HTTPRoute names no hostnames (every host its Gateway accepts), as when none are given', (_, routing) => {
    const argo = routing.kind.startsWith('argo');
    const m = release(routing, argo ? { canary: undefined } : {});
    const none = release(routing.kind === 'gateway-api'
      ? CanaryRouting.gatewayApi({ gateway: 'infra/public' })
      : CanaryRouting.argoRolloutsGatewayApi({ gateway: 'infra/public' }), argo ? { canary: undefined } : {});
    expect(m.httpRoute!.spec).not.toHaveProperty('hostnames');
    expect(m.httpRoute).toEqual(none.httpRoute);
  });

  it.each(['gatewayapi:v1', 'nginx'] as const)('Flagger with the %s provider: "*" is the same Canary as no hosts', (provider) => {
    const props = (hosts?: string[]) => canaryProps({
      canary: undefined, routing: CanaryRouting.flagger({ provider, ...(provider === 'gatewayapi:v1' ? { gateway: 'infra/public' } : {}), ...(hosts ? { hosts } : {}) }),
    });
    const m = buildCanaryRelease(props(['*']));
    expect(m.objects).toEqual(buildCanaryRelease(props()).objects);
  });

  it('Exposure.ingress(): one rule without a host, and TLS without hosts', () => {
    const m = web(Exposure.ingress({ hosts: ['*'], tlsSecretName: 'web-tls' }));
    expect(ruleHosts(m.ingress!)).toEqual([undefined]);
    expect(m.ingress!.spec!.tls).toEqual([{ secretName: 'web-tls' }]);
    expect(schemaProblems([m.ingress!])).toEqual([]);
  });

  it('Exposure.gatewayApi(): the HTTPRoute names no hostnames', () => {
    const m = web(Exposure.gatewayApi({ gateway: { name: 'public', namespace: 'infra' }, hostnames: ['*'] }));
    expect(m.httpRoute!.spec).not.toHaveProperty('hostnames');
    expect(schemaProblems([m.httpRoute!])).toEqual([]);
  });

  it('Exposure.istioGateway(): the Gateway\'s server and its gateway-only VirtualService take Istio\'s "*"', () => {
    const m = web(Exposure.istioGateway({ hosts: ['*'] }));
    expect((m.gateway!.spec as any).servers[0].hosts).toEqual(['*']);
    expect((m.virtualService!.spec as any)).toMatchObject({ hosts: ['*'], gateways: ['web'] });
    expect(schemaProblems([m.gateway!, m.virtualService!])).toEqual([]);
  });

  it('an Istio gateway for every host fronts a replica-ratio release (its own VirtualService, not the mesh\'s)', () => {
    const m = release(CanaryRouting.replicaRatio(), { exposure: Exposure.istioGateway({ hosts: ['*'] }) });
    expect((m.virtualService!.spec as any).hosts).toEqual(['*']);
  });
});
