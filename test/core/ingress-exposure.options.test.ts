/**
 * `Exposure.ingress()` on StatelessApp, StatefulApp and CanaryRelease: the Ingress `<name>` to the
 * app's Service, the NetworkPolicy rule for the controller's namespace, the mesh entry, a release's
 * split, the removed `ingress` prop, and the SecureNamespace's mesh check.
 */
import {
  buildCanaryRelease, buildSecureNamespace, buildStatefulApp, CanaryRouting, Exposure, NetworkPeer,
} from '../../lib';
import { namespacePolicy, quotaFitProblems } from '../../lib/core/secure-namespace/quota-fit';
import { canaryProps } from '../helpers/canary';
import { exposedWeb, paths, validationError } from '../helpers/fixtures';
import { schemaProblems } from '../helpers/schema';
import { minimalStatefulProps } from '../helpers/stateful';

const web = exposedWeb;
const controllerRule = (ns: string, port: number) => ({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } }], ports: [{ protocol: 'TCP', port }] });

describe('StatelessApp Exposure.ingress()', () => {
  it('an Ingress <name> to the ClusterIP Service, labelled as the exposure, and the controller admitted on the routed port only', () => {
    const m = web(Exposure.ingress({ hosts: ['shop.example.com'], className: 'nginx', tlsSecretName: 'shop-tls' }));
    expect(m.service!.spec!.type).toBe('ClusterIP');
    expect(m.ingress!.metadata!.labels!['keelson.dev/exposure']).toBe('ingress');
    expect(m.ingress!.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }],
    });
    expect(m.networkPolicy.spec!.ingress!.at(-1)).toEqual(controllerRule('ingress-nginx', 8080));
    expect(m.peerAuthentication).toBeUndefined();
    expect(schemaProblems(m.objects)).toEqual([]);
  });

  it('mesh: a PeerAuthentication PERMISSIVE and an AuthorizationPolicy ALLOW on the routed port, before the pods', () => {
    const m = web(Exposure.ingress({ hosts: ['shop.example.com'], portName: 'grpc', mesh: true }));
    expect(m.peerAuthentication!.spec).toEqual({ selector: { matchLabels: m.selector }, portLevelMtls: { 9090: { mode: 'PERMISSIVE' } } });
    expect(m.authorizationPolicy!.spec).toEqual({ selector: { matchLabels: m.selector }, action: 'ALLOW', rules: [{ to: [{ operation: { ports: ['9090'] } }] }] });
    const kinds = m.objects.map((o) => o.kind);
    expect(kinds.indexOf('PeerAuthentication')).toBeLessThan(kinds.indexOf('Deployment'));
    expect(m.networkPolicy.spec!.ingress!.at(-1)).toEqual(controllerRule('ingress-nginx', 9090));
  });

  it('the checks of every Ingress, at exposure.*: hosts, Prefix path, nginx strict path, controllerNamespace for another class', () => {
    expect(paths(validationError(() => web(Exposure.ingress({ hosts: [], path: '/a//b' }))))).toEqual(['exposure.hosts', 'exposure.path']);
    expect(paths(validationError(() => web(Exposure.ingress({ hosts: ['a.example.com'], path: '/~me' }))))).toEqual(['exposure.path']);
    expect(() => web(Exposure.ingress({ hosts: ['a.example.com'], path: '/~me', className: 'traefik', controllerNamespace: 'traefik' }))).not.toThrow();
    expect(paths(validationError(() => web(Exposure.ingress({ hosts: ['a.example.com'], className: 'traefik' }))))).toEqual(['exposure.controllerNamespace']);
  });

  it('the removed ingress prop is an unknown property whose hint shows the exposure', () => {
    const e = validationError(() => web(undefined as never, { ingress: { hosts: ['a.example.com'] } } as never));
    expect(e.problems.map((p) => [p.path, p.message])).toEqual([['ingress', 'unknown property; an Ingress is an exposure: write exposure: Exposure.ingress({ hosts, ... })']]);
  });
});

describe('StatefulApp and CanaryRelease Exposure.ingress()', () => {
  it('a StatefulApp: the Ingress routes to the client Service, never the headless one', () => {
    const m = buildStatefulApp(minimalStatefulProps({ exposure: Exposure.ingress({ hosts: ['db.example.com'], portName: 'db', mesh: true }) }));
    expect(m.ingress!.spec!.rules![0].http!.paths[0].backend.service).toEqual({ name: 'db', port: { name: 'db' } });
    expect(m.networkPolicy.spec!.ingress).toContainEqual(controllerRule('ingress-nginx', 5432));
    expect(m.peerAuthentication!.spec).toMatchObject({ portLevelMtls: { 5432: { mode: 'PERMISSIVE' } } });
    expect(schemaProblems(m.objects)).toEqual([]);
  });

  it('replica-ratio and blue-green: the Ingress <name> routes to the Service <name>, which carries the split', () => {
    for (const routing of [CanaryRouting.replicaRatio(), CanaryRouting.blueGreen()]) {
      const m = buildCanaryRelease(canaryProps({ routing, exposure: Exposure.ingress({ hosts: ['api.example.com'] }), ...(routing.kind === 'blue-green' ? { canary: { image: canaryProps().canary!.image } } : {}) }));
      expect(m.ingresses.map((i) => [i.metadata!.name, i.spec!.rules![0].http!.paths[0].backend.service!.name])).toEqual([['api', 'api']]);
      expect(m.networkPolicy.spec!.ingress!.at(-1)).toEqual(controllerRule('ingress-nginx', 8080));
    }
  });

  it('every routing that splits elsewhere refuses it, with the reason', () => {
    const refused = (routing: CanaryRouting) => validationError(() => buildCanaryRelease(canaryProps({ routing, exposure: Exposure.ingress({ hosts: ['api.example.com'] }) })))
      .problems.map((p) => `${p.path}: ${p.message}`);
    expect(refused(CanaryRouting.istio())).toEqual([expect.stringMatching(/^exposure: Exposure.ingress\(\) cannot be used with istio routing: an ingress controller outside the mesh .* bypasses the VirtualService's split/)]);
    expect(refused(CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }))).toEqual([expect.stringMatching(/with ingress-nginx routing: the routing's own Ingresses are the entry/)]);
    expect(refused(CanaryRouting.traefik({ hosts: ['api.example.com'] }))).toEqual([expect.stringMatching(/with traefik routing: the routing's IngressRoute is the entry/)]);
    expect(refused(CanaryRouting.gatewayApi({ gateway: 'infra/public' }))).toEqual([expect.stringMatching(/with gateway-api routing: the release's HTTPRoute is the entry/)]);
    expect(refused(CanaryRouting.argoRollouts())).toContainEqual(expect.stringMatching(/^exposure: .* with argo-rollouts routing: an ingress controller outside the mesh/));
  });
});

describe('SecureNamespace mesh check: an Ingress-exposed app is never a silent deadlock', () => {
  const policy = (mesh: false | { allowFromNamespaces?: string[] }) => namespacePolicy(buildSecureNamespace({ name: 'shop', ...(mesh ? { mesh } : {}) }));
  const fit = (mesh: false | { allowFromNamespaces?: string[] }, exposure: Exposure) =>
    quotaFitProblems(policy(mesh), [{ name: 'web', type: 'StatelessApp', objects: web(exposure).objects }]).map((p) => `${p.path}: ${p.message}`);

  it('a mesh namespace refuses it without mesh (the controller sends plaintext), and takes it with mesh', () => {
    expect(fit({}, Exposure.ingress({ hosts: ['a.example.com'] }))).toEqual([
      'exposure.mesh: is not set, but SecureNamespace "shop" has a mesh (mutual TLS STRICT, deny-all authorization): an ingress controller outside the mesh sends the requests of the Ingress "web" in plaintext, so they would be refused; set exposure.mesh: true (a PeerAuthentication PERMISSIVE and an AuthorizationPolicy ALLOW on the routed port), or, for a controller with sidecars, list its namespace in the namespace\'s mesh.allowFromNamespaces',
    ]);
    expect(fit({}, Exposure.ingress({ hosts: ['a.example.com'], mesh: true }))).toEqual([]);
  });

  it('a controller in the mesh (its namespace allowed by the namespace\'s mesh) needs no mesh entry; another allowed namespace does not count', () => {
    expect(fit({ allowFromNamespaces: ['ingress-nginx'] }, Exposure.ingress({ hosts: ['a.example.com'] }))).toEqual([]);
    expect(fit({ allowFromNamespaces: ['monitoring'] }, Exposure.ingress({ hosts: ['a.example.com'] }))).toHaveLength(1);
    expect(fit({ allowFromNamespaces: ['traefik'] }, Exposure.ingress({ hosts: ['a.example.com'], className: 'traefik', controllerNamespace: 'traefik' }))).toEqual([]);
  });

  it('a namespace without a mesh refuses the mesh entry', () => {
    expect(fit(false, Exposure.ingress({ hosts: ['a.example.com'], mesh: true }))).toEqual([
      'exposure.mesh: is true, but SecureNamespace "shop" has no mesh: the PeerAuthentication and AuthorizationPolicy would need Istio and change nothing; leave mesh out',
    ]);
    expect(fit(false, Exposure.ingress({ hosts: ['a.example.com'] }))).toEqual([]);
  });
});

describe('SecureNamespace mesh check: a release routed by an ingress controller or a gateway', () => {
  type Mesh = false | { allowFromNamespaces?: string[]; allowFromPrincipals?: string[] };
  const policy = (mesh: Mesh) => namespacePolicy(buildSecureNamespace({ name: 'shop', ...(mesh ? { mesh } : {}) }));
  const fit = (mesh: Mesh, routing: CanaryRouting) => {
    const m = buildCanaryRelease(canaryProps({ routing, ...(routing.kind.startsWith('argo') || routing.kind === 'flagger' ? { canary: undefined } : {}) }));
    return quotaFitProblems(policy(mesh), [{ name: 'api', type: 'CanaryRelease', objects: m.objects }]).map((p) => `${p.path}: ${p.message}`);
  };
  const ROUTERS: Array<[string, CanaryRouting, string]> = [
    ['ingress-nginx', CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }), 'ingress-nginx'],
    ['Traefik', CanaryRouting.traefik({ hosts: ['api.example.com'] }), 'traefik'],
    ['Gateway API', CanaryRouting.gatewayApi({ gateway: 'infra/public' }), 'infra'],
    ['Argo over ingress-nginx', CanaryRouting.argoRolloutsIngressNginx({ hosts: ['api.example.com'] }), 'ingress-nginx'],
    ['Argo over the Gateway API', CanaryRouting.argoRolloutsGatewayApi({ gateway: 'infra/public' }), 'infra'],
    ['Flagger nginx', CanaryRouting.flagger({ provider: 'nginx' }), 'ingress-nginx'],
    ['Flagger gatewayapi:v1', CanaryRouting.flagger({ provider: 'gatewayapi:v1', gateway: 'infra/public' }), 'infra'],
  ];

  it.each(ROUTERS)('%s: refused in a mesh namespace that does not allow the controller, with the way out', (_, routing, controller) => {
    const problems = fit({}, routing);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^routing: enters through the \\w+ "api(-canary)?", but SecureNamespace "shop" has a mesh .*: the requests of its controller \\(namespace "${controller}"\\) would be refused; run the controller with sidecars and allow it`));
  });

  it.each(ROUTERS)('%s: taken when the mesh allows the controller\'s namespace or identity, and without a mesh', (_, routing, controller) => {
    expect(fit({ allowFromNamespaces: ['shop', controller] }, routing)).toEqual([]);
    expect(fit({ allowFromPrincipals: [`cluster.local/ns/${controller}/sa/gateway`] }, routing)).toEqual([]);
    expect(fit(false, routing)).toEqual([]);
  });

  it('only the controller\'s namespace counts: an allowFrom peer the mesh allows (the namespace itself) is not the controller', () => {
    const m = buildCanaryRelease(canaryProps({ routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }), allowFrom: [NetworkPeer.namespace('shop')] }));
    const problems = quotaFitProblems(policy({}), [{ name: 'api', type: 'CanaryRelease', objects: m.objects }]);
    expect(problems.map((p) => p.path)).toEqual(['routing']);
    expect(problems[0].message).toContain('the requests of its controller (namespace "ingress-nginx") would be refused');
  });

  it('Istio routing and Flagger\'s istio provider enter through the mesh itself: nothing to allow', () => {
    expect(fit({}, CanaryRouting.istio())).toEqual([]);
    expect(fit({}, CanaryRouting.flagger({ provider: 'istio' }))).toEqual([]);
  });
});
