/**
 * Gateway exposures (`Exposure.gatewayApi()`, `Exposure.istioGateway()`) on StatelessApp, StatefulApp and
 * CanaryRelease: the route or Gateway and VirtualService, the NetworkPolicy rule for the gateway's pods,
 * the mesh entry for its identity, a release's split, and the SecureNamespace's mesh check.
 */
import {
  buildCanaryRelease, buildSecureNamespace, buildStatefulApp, CanaryRouting, Duration, Exposure, Port,
} from '../../lib';
import { namespacePolicy, quotaFitProblems } from '../../lib/core/secure-namespace/quota-fit';
import { canaryProps } from '../helpers/canary';
import { exposedWeb, paths, validationError } from '../helpers/fixtures';
import { schemaProblems } from '../helpers/schema';
import { minimalStatefulProps } from '../helpers/stateful';

const web = exposedWeb;
const gatewayRule = (m: { networkPolicy: { spec?: { ingress?: Array<{ from?: unknown[] }> } } }) => m.networkPolicy.spec!.ingress![1];

describe('Exposure.gatewayApi()', () => {
  it('an HTTPRoute <name> attached to the shared Gateway, routing to the ClusterIP Service port, with matches and timeouts', () => {
    const m = web(Exposure.gatewayApi({
      gateway: { name: 'public', namespace: 'infra', sectionName: 'https' },
      hostnames: ['shop.example.com'],
      matches: [{ path: { value: '/api' }, headers: { 'x-env': 'prod' } }, { path: { type: 'Exact', value: '/health' } }],
      timeouts: { request: Duration.seconds(30), backendRequest: Duration.millis(2500) },
    }));
    expect(m.service!.spec!.type).toBe('ClusterIP');
    expect(m.httpRoute).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web', namespace: 'shop', labels: { ...m.deployment.metadata!.labels, 'keelson.dev/exposure': 'gateway-api' } },
      spec: {
        parentRefs: [{ name: 'public', namespace: 'infra', sectionName: 'https' }],
        hostnames: ['shop.example.com'],
        rules: [{
          matches: [
            { path: { type: 'PathPrefix', value: '/api' }, headers: [{ type: 'Exact', name: 'x-env', value: 'prod' }] },
            { path: { type: 'Exact', value: '/health' } },
          ],
          backendRefs: [{ name: 'web', port: 80 }],
          timeouts: { request: '30s', backendRequest: '2500ms' },
        }],
      },
    });
    expect(schemaProblems(m.objects)).toEqual([]);
    expect(m.objects.map((o) => o.kind)).not.toContain('PeerAuthentication');
  });

  it('the NetworkPolicy admits the gateway\'s pods (the Gateway\'s namespace, the gateway-name label) on the routed container port only', () => {
    const m = web(Exposure.gatewayApi({ gateway: { name: 'public', namespace: 'infra' } }));
    expect(gatewayRule(m)).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'infra' } }, podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'public' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    // A Gateway in the app's namespace: a peer of that namespace (no namespace selector); allowFrom: [] keeps the gateway's way in.
    const local = web(Exposure.gatewayApi({ gateway: { name: 'public' } }), { allowFrom: [] });
    expect(local.networkPolicy.spec!.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'public' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }]);
  });

  it('a gRPC port gets a GRPCRoute (header matches only, no timeouts)', () => {
    const m = web(Exposure.gatewayApi({ gateway: { name: 'public' }, port: 'grpc', matches: [{ headers: { 'x-tenant': 'a' } }] }));
    expect(m.httpRoute).toBeUndefined();
    expect(m.grpcRoute!.spec).toEqual({
      parentRefs: [{ name: 'public' }],
      rules: [{ matches: [{ headers: [{ type: 'Exact', name: 'x-tenant', value: 'a' }] }], backendRefs: [{ name: 'web', port: 9090 }] }],
    });
    expect(gatewayRule(m)).toMatchObject({ ports: [{ protocol: 'TCP', port: 9090 }] });
    const e = validationError(() => web(Exposure.gatewayApi({ gateway: { name: 'public' }, port: 'grpc', matches: [{ path: { value: '/a' } }], timeouts: { request: Duration.seconds(1) } })));
    expect(paths(e)).toEqual(['exposure.matches[0].path', 'exposure.timeouts']);
  });

  it('mesh: an AuthorizationPolicy <name>-exposure allowing the gateway\'s principal on the routed port; overrides of the gateway\'s pods', () => {
    const m = web(Exposure.gatewayApi({ gateway: { name: 'public', namespace: 'infra' }, mesh: true }));
    expect(m.peerAuthentication).toBeUndefined();
    expect(m.authorizationPolicy!.metadata!.name).toBe('web-exposure');
    expect(m.authorizationPolicy!.spec).toEqual({
      selector: { matchLabels: m.selector },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/infra/sa/public-istio'] } }], to: [{ operation: { ports: ['8080'] } }] }],
    });
    const own = web(Exposure.gatewayApi({
      gateway: { name: 'public', namespace: 'infra' },
      mesh: true,
      gatewayPods: { namespace: 'edge', labels: { app: 'envoy' }, serviceAccount: 'envoy-gw', trustDomain: 'corp.example' },
    }));
    expect(own.authorizationPolicy!.spec).toMatchObject({ rules: [{ from: [{ source: { principals: ['corp.example/ns/edge/sa/envoy-gw'] } }] }] });
    expect(gatewayRule(own)).toMatchObject({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } }, podSelector: { matchLabels: { app: 'envoy' } } }] });
    // In the app's namespace: its principal names that namespace.
    expect(web(Exposure.gatewayApi({ gateway: { name: 'public' }, mesh: true })).authorizationPolicy!.spec).toMatchObject({
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/public-istio'] } }] }],
    });
    expect(paths(validationError(() => web(Exposure.gatewayApi({ gateway: { name: 'public' }, mesh: true }), { namespace: undefined }))))
      .toEqual(['exposure.gatewayPods.namespace']);
  });

  it('bad input: one error listing every problem at its path', () => {
    const e = validationError(() => web(Exposure.gatewayApi({
      gateway: { name: 'Public_GW', namespace: 'in fra' },
      hostnames: ['shop..example.com', '10.0.0.1'],
      matches: [{ path: { value: 'api' } }, {}],
      timeouts: { request: Duration.seconds(2), backendRequest: Duration.seconds(5) },
      port: 'metrics',
      gatewayPods: { labels: {} },
    })));
    expect(paths(e)).toEqual([
      'exposure.port', 'exposure.matches[0].path.value', 'exposure.matches[1]', 'exposure.gateway.name', 'exposure.gateway.namespace',
      'exposure.hostnames[0]', 'exposure.hostnames[1]', 'exposure.timeouts.backendRequest', 'exposure.gatewayPods.labels',
    ]);
    expect(paths(validationError(() => web({ type: 'GatewayAPI' } as Exposure)))).toEqual(['exposure.gateway']);
    expect(paths(validationError(() => web(Exposure.gatewayApi({ gateway: { name: 'a' }, timeouts: { request: Duration.seconds(100000) } })))))
      .toEqual(['exposure.timeouts.request']);
  });
});

describe('Exposure.istioGateway()', () => {
  it('a path prefix means whole segments, as on the Gateway API: Istio\'s string prefix becomes a regex', () => {
    const uri = (value: string, type?: 'Exact' | 'PathPrefix') =>
      (web(Exposure.istioGateway({ hosts: ['shop.example.com'], matches: [{ path: { value, ...(type ? { type } : {}) } }] })).virtualService!.spec as any).http[0].match[0].uri;
    expect(uri('/api')).toEqual({ regex: '^/api(/.*)?$' });
    expect(uri('/api/')).toEqual({ regex: '^/api(/.*)?$' });
    expect(uri('/')).toEqual({ prefix: '/' });
    expect(uri('/api', 'Exact')).toEqual({ exact: '/api' });
    expect(['/api', '/api/v1'].every((p) => new RegExp(uri('/api').regex).test(p))).toBe(true);
    expect(new RegExp(uri('/api').regex).test('/apis')).toBe(false);
  });

  it('an Istio Gateway on the default ingress gateway and a VirtualService bound to it, routing to the Service', () => {
    const m = web(Exposure.istioGateway({ hosts: ['shop.example.com'], tls: { credentialName: 'shop-tls' }, matches: [{ path: { value: '/' }, headers: { 'X-Env': 'prod' } }], timeout: Duration.seconds(15) }));
    expect(m.gateway!.spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-tls' } }],
    });
    expect(m.virtualService!.spec).toEqual({
      hosts: ['shop.example.com'],
      gateways: ['web'],
      http: [{ match: [{ uri: { prefix: '/' }, headers: { 'x-env': { exact: 'prod' } } }], route: [{ destination: { host: 'web', port: { number: 80 } } }], timeout: '15s' }],
    });
    expect(gatewayRule(m)).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { istio: 'ingressgateway' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    expect(schemaProblems(m.objects)).toEqual([]);
  });

  it('plain HTTP on port 80 without tls; its own selector also selects the admitted pods; mesh allows the ingress gateway\'s ServiceAccount', () => {
    const m = web(Exposure.istioGateway({ hosts: ['shop.example.com'], selector: { istio: 'public-gw' }, mesh: true }));
    expect(m.gateway!.spec).toMatchObject({ selector: { istio: 'public-gw' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' } }] });
    expect(gatewayRule(m)).toMatchObject({ from: [{ podSelector: { matchLabels: { istio: 'public-gw' } } }] });
    expect(m.authorizationPolicy!.spec).toMatchObject({ rules: [{ from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }] }] });
  });

  it('bad input: hosts required, selector and TLS checked', () => {
    const e = validationError(() => web({ type: 'IstioGateway', selector: {}, tls: {}, timeout: 5, gateway: { name: 'x' } } as unknown as Exposure));
    expect(paths(e)).toEqual(['exposure.gateway', 'exposure.hosts', 'exposure.selector', 'exposure.tls.credentialName', 'exposure.timeout']);
  });
});

describe('StatefulApp and CanaryRelease gateway exposures', () => {
  it('a StatefulApp routes to its client Service', () => {
    const m = buildStatefulApp(minimalStatefulProps({
      namespace: 'data', containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.http(8123, { name: 'http' })] }], exposure: Exposure.gatewayApi({ gateway: { name: 'public', namespace: 'infra' } }),
    }));
    expect(m.httpRoute!.spec).toMatchObject({ rules: [{ backendRefs: [{ name: 'db', port: 80 }] }] });
    expect(m.networkPolicy.spec!.ingress).toContainEqual(expect.objectContaining({ ports: [{ protocol: 'TCP', port: 8123 }] }));
  });

  it('replica-ratio and blue-green: the route targets the Service <name>, which carries the split', () => {
    const m = buildCanaryRelease(canaryProps({ routing: CanaryRouting.replicaRatio(), exposure: Exposure.gatewayApi({ gateway: { name: 'public', namespace: 'infra' }, hostnames: ['api.example.com'] }) }));
    expect(m.httpRoute!.spec).toMatchObject({ parentRefs: [{ name: 'public', namespace: 'infra' }], rules: [{ backendRefs: [{ name: 'api', port: 80 }] }] });
    const bg = buildCanaryRelease(canaryProps({ canary: { image: 'ghcr.io/acme/api:1.1.0' }, routing: CanaryRouting.blueGreen(), exposure: Exposure.istioGateway({ hosts: ['api.example.com'] }) }));
    expect(bg.virtualService!.spec).toMatchObject({ gateways: ['api'], http: [{ route: [{ destination: { host: 'api' } }] }] });
  });

  it('istio routing: the Istio gateway joins the release\'s VirtualService (its hosts and gateway), no second VirtualService', () => {
    const m = buildCanaryRelease(canaryProps({ exposure: Exposure.istioGateway({ hosts: ['api.example.com'], mesh: true }) }));
    expect(m.objects.filter((o) => o.kind === 'VirtualService')).toHaveLength(1);
    expect(m.gateway!.metadata!.name).toBe('api');
    expect(m.virtualService!.spec).toMatchObject({ hosts: ['api.shop.svc.cluster.local', 'api.example.com'], gateways: ['mesh', 'api'] });
    const http = (m.virtualService!.spec as { http: Array<{ route: Array<{ weight?: number }> }> }).http;
    expect(http[0].route.map((r) => r.weight)).toEqual([90, 10]);
    expect(m.authorizationPolicy!.metadata!.name).toBe('api-exposure');
    // The routing's own gateways stay.
    const both = buildCanaryRelease(canaryProps({
      routing: CanaryRouting.istio({ gateways: ['istio-ingress/public'], externalHosts: ['api.example.com'] }),
      exposure: Exposure.istioGateway({ hosts: ['api.example.com', 'api.example.org'] }),
    }));
    expect(both.virtualService!.spec).toMatchObject({ hosts: ['api.shop.svc.cluster.local', 'api.example.com', 'api.example.org'], gateways: ['mesh', 'istio-ingress/public', 'api'] });
  });

  it('refuses an exposure that would bypass the split, saying why', () => {
    const refusal = (props: Parameters<typeof canaryProps>[0]) => validationError(() => buildCanaryRelease(canaryProps(props))).problems.map((p) => `${p.path}: ${p.message}`);
    expect(refusal({ routing: CanaryRouting.gatewayApi({ gateway: 'infra/public' }), exposure: Exposure.gatewayApi({ gateway: { name: 'public' } }) }))
      .toEqual([expect.stringMatching(/^exposure: cannot be used with gateway-api routing: the release's HTTPRoute is already the entry/)]);
    expect(refusal({ exposure: Exposure.gatewayApi({ gateway: { name: 'public' } }) })).toEqual([expect.stringMatching(/^exposure: Exposure.gatewayApi\(\) cannot be used with istio routing/)]);
    expect(refusal({ routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }), exposure: Exposure.istioGateway({ hosts: ['api.example.com'] }) }))
      .toEqual([expect.stringMatching(/cannot be used with ingress-nginx routing/)]);
    expect(refusal({ exposure: Exposure.istioGateway({ hosts: ['api.example.com'], timeout: Duration.seconds(3) }) }))
      .toEqual([expect.stringMatching(/^exposure: sets timeout, but with istio routing the Istio gateway enters the release's VirtualService/)]);
  });
});

describe('SecureNamespace mesh check: never a silent deadlock', () => {
  const policy = (mesh: boolean) => namespacePolicy(buildSecureNamespace({ name: 'shop', ...(mesh ? { mesh: {} } : {}) }));
  const fit = (mesh: boolean, exposure: Exposure) => {
    const m = web(exposure);
    return quotaFitProblems(policy(mesh), [{ name: 'web', type: 'StatelessApp', objects: m.objects }]).map((p) => `${p.path}: ${p.message}`);
  };

  it('a mesh namespace refuses a gateway exposure without mesh, and takes it with mesh', () => {
    expect(fit(true, Exposure.gatewayApi({ gateway: { name: 'public' } }))).toEqual([
      'exposure.mesh: is not set, but SecureNamespace "shop" has a mesh (mutual TLS STRICT, deny-all authorization): the gateway\'s requests through the HTTPRoute "web" would be refused; set exposure.mesh: true (an AuthorizationPolicy ALLOW for the gateway\'s identity on the routed port)',
    ]);
    expect(fit(true, Exposure.istioGateway({ hosts: ['a.example.com'] }))).toEqual([expect.stringMatching(/through the Gateway "web" would be refused/)]);
    expect(fit(true, Exposure.gatewayApi({ gateway: { name: 'public' }, mesh: true }))).toEqual([]);
    expect(fit(true, Exposure.istioGateway({ hosts: ['a.example.com'], mesh: true }))).toEqual([]);
  });

  it('a namespace without a mesh refuses the mesh entry', () => {
    expect(fit(false, Exposure.gatewayApi({ gateway: { name: 'public' }, mesh: true }))).toEqual([
      'exposure.mesh: is true, but SecureNamespace "shop" has no mesh: the AuthorizationPolicy would need Istio and change nothing; leave mesh out',
    ]);
    expect(fit(false, Exposure.gatewayApi({ gateway: { name: 'public' } }))).toEqual([]);
  });
});
