/**
 * The rules of what runs keelson's output (class 4) and the dangerous settings that need an
 * acknowledgement (class 5), on the core builders: each refused input gives the library's error
 * at its path, and the boundary values the real rules allow are accepted.
 */
import {
  CanaryMatch,
  CanaryRouting,
  DEFAULTS,
  Duration,
  KeelsonValidationError,
  KubeObject,
  NetworkEgress,
  NetworkPeer,
  Port,
  Probe,
  RISK_ANNOTATION,
  buildCanaryRelease,
  buildSecureNamespace,
  buildStatefulApp,
  buildStatelessApp, Exposure,
} from '../../lib';
import { isRetryOnPolicy } from '../../lib/core/canary-release/istio-checks';
import { namespacePolicy, quotaFitProblems } from '../../lib/core/secure-namespace/quota-fit';
import { ANNOTATIONS_LIMIT_BYTES, appliedAnnotationBytes } from '../../lib/core/validation/output-limits';
import { RISKY, RUNTIME_RULES, IMAGE, CANARY, Kind, riskTarget } from '../helpers/bad-input/rules';
import { paths, validationError } from '../helpers/fixtures';

const NAMES: Record<Kind, string> = { StatelessApp: 'web', StatefulApp: 'db', CanaryRelease: 'api', SecureNamespace: 'team' };

/** Builds a case's props with the core builder of its kind. */
export function build(kind: Kind, props: Record<string, unknown>): readonly KubeObject[] {
  const p = { name: NAMES[kind], ...props } as never;
  switch (kind) {
    case 'StatelessApp': return buildStatelessApp(p).objects;
    case 'StatefulApp': return buildStatefulApp(p).objects;
    case 'CanaryRelease': return buildCanaryRelease(p).objects;
    default: return buildSecureNamespace(p).objects;
  }
}

const unique = (list: readonly string[]) => [...new Set(list)].sort();
const annotation = (objects: readonly KubeObject[], key: string) => objects.find((o) => `${o.kind}/${o.metadata.name}`.startsWith(key))?.metadata.annotations?.[RISK_ANNOTATION];

describe('class 4: what the API server, istiod, ingress-nginx, the Gateway API, Argo Rollouts or the kubelet refuse', () => {
  it.each(RUNTIME_RULES.map(([kind, what, props, at]) => [`${kind}: ${what}`, kind, props, at] as const))('%s', (_what, kind, props, at) => {
    const e = validationError(() => build(kind, props));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(unique(paths(e))).toEqual(unique(at));
  });
});

describe('class 4: the boundary values the real rules accept', () => {
  const ok = (kind: Kind, props: Record<string, unknown>) => expect(() => build(kind, props)).not.toThrow();

  it('RE2 syntax Envoy accepts and JavaScript does not: (?i), named groups, \\z, POSIX classes', () => {
    for (const regex of ['(?i)admin', '(?P<user>[a-z]+)-(?<team>[a-z]+)', 'beta\\z', '[[:alpha:]]+', '\\pL+', 'a{2,1000}']) {
      ok('CanaryRelease', { namespace: 'shop', containers: [{ image: IMAGE }], canary: { image: CANARY }, routing: CanaryRouting.istio({ match: [CanaryMatch.headerRegex('x-user', regex)] }) });
    }
  });

  it('the longest regex istiod accepts, and not one character more', () => {
    const istio = (regex: string) => ({ namespace: 'shop', containers: [{ image: IMAGE }], canary: { image: CANARY }, routing: CanaryRouting.istio({ match: [CanaryMatch.headerRegex('x-user', regex)] }) });
    ok('CanaryRelease', istio('a'.repeat(1024)));
    expect(paths(validationError(() => build('CanaryRelease', istio('a'.repeat(1025)))))).toEqual(['routing.match[0].regex']);
  });

  it('PCRE patterns for ingress-nginx that RE2 rejects: look-ahead, back-references', () => {
    for (const headerPattern of ['^(?=.*beta)', '(a)\\1', '(?i)^x-[a-z]+$']) {
      ok('CanaryRelease', { namespace: 'shop', containers: [{ image: IMAGE }], canary: { image: CANARY }, routing: CanaryRouting.ingressNginx({ hosts: ['shop.example.com'], header: 'X-User', headerPattern }) });
    }
  });

  it("retryOn: Envoy's conditions, gRPC ones and named status codes, as istiod reads them", () => {
    for (const p of ['5xx', 'reset-before-request', 'http3-post-connect-failure', 'cancelled', 'resource-exhausted', '503', '+503', '0429', '418']) expect(isRetryOnPolicy(p)).toBe(true);
    for (const p of ['', ' 5xx', '5XX', 'timeout', '599', '-503', '306', '99999999999999999999']) expect(isRetryOnPolicy(p)).toBe(false);
    ok('CanaryRelease', { namespace: 'shop', containers: [{ image: IMAGE }], canary: { image: CANARY }, routing: CanaryRouting.istio({ retries: { attempts: 0 } }) });
  });

  it('the smallest limits the runtime runs under, whole millicores and bytes', () => {
    ok('StatelessApp', { containers: [{ image: IMAGE, resources: { cpu: { request: '1m', limit: '10m' }, memory: { request: '6Mi' } } }] });
    ok('StatelessApp', { containers: [{ image: IMAGE, resources: { memory: { request: '1Mi', limit: '6Mi' } } }] });
    ok('StatelessApp', { containers: [{ image: IMAGE, resources: { cpu: { request: '0.5' }, memory: { request: '6291456' } } }] });
  });

  it('Argo pauses of whole seconds from 1s, and manual', () => {
    for (const pause of [Duration.seconds(1), Duration.millis(2000), Duration.minutes(10), 'manual' as const]) {
      ok('CanaryRelease', { namespace: 'shop', containers: [{ image: IMAGE }], routing: CanaryRouting.argoRollouts({ pause }) });
    }
  });

  it('Prefix paths as ingress-nginx and other controllers accept them', () => {
    ok('StatelessApp', { containers: [{ image: IMAGE }], exposure: Exposure.ingress({ hosts: ['shop.example.com'], path: '/api/v1.2/_x-y' }) });
    ok('StatelessApp', { containers: [{ image: IMAGE }], exposure: Exposure.ingress({ hosts: ['shop.example.com'], path: '/~user/%41', className: 'traefik', controllerNamespace: 'traefik' }) });
  });

  it('probes on a port another container of the pod declares, and on a TCP port by number', () => {
    ok('StatelessApp', {
      containers: [
        { image: IMAGE, liveness: Probe.tcp({ port: 9901 }) },
        { name: 'proxy', image: IMAGE, ports: [Port.tcp(9901, { name: 'admin', expose: false })] },
      ],
    });
  });

  it('annotations of exactly 256 KiB, and an object exactly as large as kubectl apply allows', () => {
    const web = (pad: number) => ({ containers: [{ image: IMAGE, env: { PAD: 'x'.repeat(pad) } }] });
    // 256 KiB of annotations are the API server's limit, and too much for client-side apply, which copies them.
    // No writable directory, so keelson adds no pod annotation of its own.
    const annotated = (n: number) => ({ containers: [{ image: IMAGE, writablePaths: [] }], podAnnotations: { a: 'x'.repeat(n - 1) } });
    expect(paths(validationError(() => build('StatelessApp', annotated(ANNOTATIONS_LIMIT_BYTES))))).toEqual(['']);
    expect(paths(validationError(() => build('StatelessApp', annotated(ANNOTATIONS_LIMIT_BYTES + 1))))).toEqual(['podAnnotations']);
    // keelson's own pod annotation (the autoscaler's list of the writable /tmp) counts towards the limit.
    const ours = DEFAULTS.safeToEvictLocalVolumesAnnotation.length + 'tmp'.length;
    const withTmp = (n: number) => ({ containers: [{ image: IMAGE }], podAnnotations: { a: 'x'.repeat(n - 1) } });
    expect(paths(validationError(() => build('StatelessApp', withTmp(ANNOTATIONS_LIMIT_BYTES - ours))))).toEqual(['']);
    expect(paths(validationError(() => build('StatelessApp', withTmp(ANNOTATIONS_LIMIT_BYTES - ours + 1))))).toEqual(['podAnnotations']);
    const size = (pad: number) => appliedAnnotationBytes(buildStatelessApp({ name: 'web', ...web(0) }).deployment as never) + pad;
    const largest = ANNOTATIONS_LIMIT_BYTES - size(0);
    const deployment = (pad: number) => buildStatelessApp({ name: 'web', ...web(pad) }).deployment as never;
    expect(appliedAnnotationBytes(deployment(largest))).toBe(ANNOTATIONS_LIMIT_BYTES);
    ok('StatelessApp', web(largest));
    expect(paths(validationError(() => build('StatelessApp', web(largest + 1))))).toEqual(['']);
  });

  it('canonical CIDRs, IPv4 and IPv6', () => {
    ok('StatelessApp', { containers: [{ image: IMAGE }], allowFrom: [NetworkPeer.cidr('10.0.0.0/8', ['10.1.0.0/16']), NetworkPeer.cidr('2001:db8::/32'), NetworkPeer.cidr('fd00:0:0:1::/64')] });
  });

  it('a LimitRange without a claim item when a zero storage quota leaves no claim to bound', () => {
    const m = buildSecureNamespace({ name: 'team', quota: { storage: '0', persistentVolumeClaims: 0 }, acknowledgeRisks: ['zero-quota'] });
    expect(m.limitRange.spec!.limits.map((l) => l.type)).toEqual(['Container']);
    expect(m.resourceQuota.metadata!.annotations).toEqual({ [RISK_ANNOTATION]: 'zero-quota' });
  });
});

describe('class 4: apps and their namespace\'s mesh', () => {
  const api = (extra: Record<string, unknown> = {}) => buildCanaryRelease({ name: 'api', namespace: 'shop', containers: [{ image: IMAGE }], canary: { image: CANARY }, ...extra }).objects;
  const fit = (namespace: Record<string, unknown>, objects: readonly unknown[], type = 'CanaryRelease') =>
    quotaFitProblems(namespacePolicy(buildSecureNamespace({ name: 'shop', quota: { memory: { request: '64Gi' }, cpu: { request: '64' } }, ...namespace })), [{ name: 'api', type, objects }])
      .map((p) => `${p.path}: ${p.message.split(':')[0]}`);

  it('Istio routing needs a meshed namespace', () => {
    expect(fit({}, api())).toEqual(['routing: routes with Istio, but SecureNamespace "shop" has no mesh']);
    expect(fit({ mesh: {} }, api())).toEqual([]);
  });

  it('TLS off only where mutual TLS is not required', () => {
    const off = api({ routing: CanaryRouting.istio({ tlsMode: 'DISABLE' }) });
    expect(fit({ mesh: {} }, off)).toEqual(['routing.tlsMode: is DISABLE, but SecureNamespace "shop" requires mutual TLS (mesh.mtls STRICT)']);
    expect(fit({ mesh: { mtls: 'PERMISSIVE' } }, off)).toEqual([]);
  });

  it("no app in a meshed namespace runs as the proxy's UID or GID 1337", () => {
    const web = buildStatelessApp({ name: 'api', namespace: 'shop', containers: [{ image: IMAGE }], securityContext: { runAsUser: 1337, runAsGroup: 1337 } }).objects;
    expect(fit({ mesh: {} }, web, 'StatelessApp')).toEqual([
      "securityContext.runAsUser: 1337 is the UID of Istio's sidecar proxy, which SecureNamespace \"shop\" injects",
      "securityContext.runAsGroup: 1337 is the GID of Istio's sidecar proxy, which SecureNamespace \"shop\" injects",
    ]);
    expect(fit({}, web, 'StatelessApp')).toEqual([]);
  });
});

describe('class 5: dangerous settings need their acknowledgement', () => {
  it.each(RISKY.map(([kind, risk, props, at], i) => [`${kind}: ${risk} #${i}`, kind, risk, props, at] as const))('%s is refused, naming the risk', (_what, kind, risk, props, at) => {
    const e = validationError(() => build(kind, props));
    expect(unique(paths(e))).toEqual(unique(at));
    for (const p of e.problems) expect(p.message).toContain(`acknowledge it with acknowledgeRisks: ['${risk}']`);
  });

  it.each(RISKY.map(([kind, risk, props], i) => [`${kind}: ${risk} #${i}`, kind, risk, props] as const))('%s, acknowledged, is annotated on the object that carries it', (_what, kind, risk, props) => {
    const objects = build(kind, { ...props, acknowledgeRisks: [risk] });
    expect(annotation(objects, riskTarget(kind, risk, NAMES[kind]))?.split(',')).toContain(risk);
    // Only there: every other object is as it would be without the risk.
    const annotated = objects.filter((o) => o.metadata.annotations?.[RISK_ANNOTATION] !== undefined);
    expect(annotated.every((o) => `${o.kind}/${o.metadata.name}`.startsWith(riskTarget(kind, risk, NAMES[kind])))).toBe(true);
  });

  it('refuses an acknowledgement the props do not need, an unknown risk and a repeated one', () => {
    const e = validationError(() => buildStatelessApp({ name: 'web', containers: [{ image: IMAGE }], acknowledgeRisks: ['zero-quota', 'nope' as never, 'zero-quota'] }));
    expect(e.problems.map((p) => [p.path, p.type])).toEqual([
      ['acknowledgeRisks[1]', 'notSupported'],
      ['acknowledgeRisks[2]', 'duplicate'],
      ['acknowledgeRisks[0]', 'invalid'],
    ]);
    expect(paths(validationError(() => buildSecureNamespace({ name: 'team', acknowledgeRisks: 'all' as never })))).toEqual(['acknowledgeRisks']);
  });

  it('a SecureNamespace named default needs its acknowledgement; kube-* names stay refused', () => {
    expect(paths(validationError(() => buildSecureNamespace({ name: 'default' })))).toEqual(['name']);
    const m = buildSecureNamespace({ name: 'default', acknowledgeRisks: ['default-namespace'] });
    expect(m.namespace.metadata!.annotations).toEqual({ [RISK_ANNOTATION]: 'default-namespace' });
    expect(paths(validationError(() => buildSecureNamespace({ name: 'kube-team', acknowledgeRisks: ['default-namespace'] })))).toEqual(['name', 'acknowledgeRisks[0]']);
  });

  it('the safe forms of the same settings take no risk', () => {
    expect(() => buildStatelessApp({ name: 'web', containers: [{ image: IMAGE }], allowTo: [NetworkEgress.to(NetworkPeer.cidr('0.0.0.0/0', ['169.254.169.254/32']), 443)] })).not.toThrow();
    expect(() => buildStatelessApp({ name: 'web', containers: [{ image: IMAGE }], replicas: 1, disruptionBudget: { maxUnavailable: 1 } })).not.toThrow();
    expect(() => buildStatelessApp({ name: 'web', containers: [{ image: IMAGE }], replicas: 3, disruptionBudget: { maxUnavailable: '66%' } })).not.toThrow();
    expect(() => buildSecureNamespace({ name: 'team', mesh: { allowFromPrincipals: ['cluster.local/ns/web/sa/*', '*/ns/web/sa/api'] }, quota: { loadBalancers: 0, nodePorts: 0 } })).not.toThrow();
    // Half the traffic to one pod beside three (the runbook's 50% step): 1.5 times a stable pod's load.
    expect(() => buildCanaryRelease({ name: 'api', namespace: 'shop', containers: [{ image: IMAGE }], stable: { replicas: 3 }, canary: { image: CANARY, weight: 50 } })).not.toThrow();
  });
});
