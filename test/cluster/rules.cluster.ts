/**
 * keelson's class-4 rules against the real API servers (newest and oldest plane): for each rule the
 * cluster can judge, what keelson would have emitted without the check is refused (or warned
 * about, which the suite counts as refused), and the boundary values keelson accepts are accepted
 * without a warning. Server-side dry runs: nothing is stored.
 */
import { Obj, apply, deleteNamespaces, get, kubectl, namespace, requireCluster, warnings } from './kube';
import { buildSecureNamespace, buildStatefulApp, buildStatelessApp, CanaryRouting, buildCanaryRelease, Probe, RISK_ANNOTATION, Exposure } from '../../lib';
import { ANNOTATIONS_LIMIT_BYTES, appliedAnnotationBytes } from '../../lib/core/validation/output-limits';
import { RISKY, riskTarget } from '../helpers/bad-input/rules';

const NS = 'rules';
const IMAGE = 'ghcr.io/acme/web:1.4.2';

beforeAll(() => {
  requireCluster();
  for (const plane of ['newest', 'oldest'] as const) namespace(NS, {}, plane);
});
afterAll(() => deleteNamespaces([NS, 'rules-team']));

const copy = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;
const web = (extra: Record<string, unknown> = {}) => buildStatelessApp({ name: 'web', namespace: NS, containers: [{ image: IMAGE }], ...extra } as never);

/** The verdict of a server-side dry run: accepted with no warning, or the API server's complaint. */
function verdict(objects: readonly Obj[], plane: 'newest' | 'oldest', clientSide = false): string {
  const r = clientSide
    ? kubectl(['apply', '--dry-run=server', '-f', '-'], { plane, input: objects.map((o) => JSON.stringify(o)).join('\n') })
    : apply(objects, { plane, dryRun: true });
  const w = warnings(r.stderr);
  if (r.status !== 0) return `refused: ${r.stderr.trim()}`;
  return w.length ? `warned: ${w.join(' ')}` : 'accepted';
}

describe.each(['newest', 'oldest'] as const)('the %s API server judges as keelson does', (plane) => {
  it('Prefix paths: //, /./, /../, %2f and a trailing /.. are refused; the plain form is accepted', () => {
    const ingress = web({ exposure: Exposure.ingress({ hosts: ['shop.example.com'], path: '/api/v1.2/_x-y' }) }).ingress!;
    expect(verdict([ingress], plane)).toBe('accepted');
    for (const bad of ['//api', '/a/./b', '/a/../b', '/a%2fb', '/a/..', '/a/.']) {
      const o = copy(ingress) as Obj;
      o.spec.rules[0].http.paths[0].path = bad;
      expect(verdict([o], plane)).toMatch(/^refused: .*spec\.rules\[0\]\.http\.paths\[0\]\.path/);
    }
  });

  it('CIDRs: host bits set are refused or warned about; the canonical network is accepted', () => {
    const policy = web().networkPolicy as Obj;
    const withCidr = (cidr: string, except?: string[]) => {
      const o = copy(policy);
      o.spec.ingress = [{ from: [{ ipBlock: { cidr, ...(except ? { except } : {}) } }] }];
      return o;
    };
    expect(verdict([withCidr('10.0.0.0/8', ['10.1.0.0/16'])], plane)).toBe('accepted');
    expect(verdict([withCidr('2001:db8::/32')], plane)).toBe('accepted');
    expect(verdict([withCidr('10.0.0.1/8')], plane)).toMatch(/^(refused|warned): .*10\.0\.0\.1\/8/);
    expect(verdict([withCidr('10.0.0.0/8', ['10.1.0.1/16'])], plane)).toMatch(/^(refused|warned): .*10\.1\.0\.1\/16/);
    expect(verdict([withCidr('2001:DB8::/32')], plane)).toMatch(/^(refused|warned): .*2001:DB8::\/32/);
  });

  it('a LimitRange claim item with neither min nor max is refused; keelson leaves the item out', () => {
    const m = buildSecureNamespace({ name: NS, quota: { storage: '0', persistentVolumeClaims: 0 }, acknowledgeRisks: ['zero-quota'] });
    const limitRange = m.limitRange as Obj;
    expect(verdict([limitRange], plane)).toBe('accepted');
    const withEmpty = copy(limitRange);
    withEmpty.spec.limits.push({ type: 'PersistentVolumeClaim' });
    expect(verdict([withEmpty], plane)).toMatch(/^refused: .*either minimum or maximum storage value is required/);
  });

  it('memory in fractions of a byte is warned about; whole bytes and the 6Mi floor are accepted', () => {
    const deployment = web({ containers: [{ image: IMAGE, resources: { memory: { request: '6Mi' }, cpu: { request: '1m', limit: '10m' } } }] }).deployment as Obj;
    expect(verdict([deployment], plane)).toBe('accepted');
    const fractional = copy(deployment);
    fractional.spec.template.spec.containers[0].resources = { requests: { memory: '128m' }, limits: { memory: '128m' } };
    expect(verdict([fractional], plane)).toMatch(/^warned: .*fractional byte value "128m" is invalid/);
  });

  it('a claim template in fractions of a byte is warned about', () => {
    const statefulSet = buildStatefulApp({ name: 'db', namespace: NS, replicas: 1, containers: [{ image: IMAGE }], storage: [{ name: 'data', mountPath: '/data', size: '1Gi' }] }).statefulSet as Obj;
    expect(verdict([statefulSet], plane)).toBe('accepted');
    const fractional = copy(statefulSet);
    fractional.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '1500m';
    expect(verdict([fractional], plane)).toMatch(/^(refused|warned): .*fractional byte value/);
  });

  it('a probe period beyond 32 bits is refused; the largest keelson accepts is accepted', () => {
    const at = (seconds: number) => {
      const d = copy(web({ containers: [{ image: IMAGE, readiness: Probe.http('/ping') }] }).deployment as Obj);
      d.spec.template.spec.containers[0].readinessProbe.periodSeconds = seconds;
      return d;
    };
    expect(verdict([at(2_147_483_647)], plane)).toBe('accepted');
    expect(verdict([at(2_147_483_648)], plane)).toMatch(/^refused/);
  });

  it('annotations over 256 KiB are refused; 256 KiB are accepted (server-side apply)', () => {
    const sa = (bytes: number) => {
      const o = copy(web().serviceAccount as Obj);
      o.metadata.annotations = { a: 'x'.repeat(bytes - 1) };
      return o;
    };
    expect(verdict([sa(ANNOTATIONS_LIMIT_BYTES)], plane)).toBe('accepted');
    expect(verdict([sa(ANNOTATIONS_LIMIT_BYTES + 1)], plane)).toMatch(/^refused: .*metadata\.annotations: Too long/);
  });

  it('client-side kubectl apply: the largest Deployment keelson accepts is accepted, one byte more is refused', () => {
    const base = appliedAnnotationBytes(web({ containers: [{ image: IMAGE, env: { PAD: '' } }] }).deployment as never);
    const largest = web({ containers: [{ image: IMAGE, env: { PAD: 'x'.repeat(ANNOTATIONS_LIMIT_BYTES - base) } }] }).deployment as Obj;
    expect(appliedAnnotationBytes(largest as never)).toBe(ANNOTATIONS_LIMIT_BYTES);
    expect(verdict([largest], plane, true)).toBe('accepted');
    const over = copy(largest);
    over.spec.template.spec.containers[0].env[0].value += 'x';
    expect(verdict([over], plane, true)).toMatch(/^refused: .*metadata\.annotations: Too long/);
  });

  it('HTTPRoute: an empty header value is refused (Gateway API CRD)', () => {
    const release = buildCanaryRelease({ name: 'api', namespace: NS, containers: [{ image: IMAGE }], canary: { image: 'ghcr.io/acme/web:1.5.0' }, routing: CanaryRouting.gatewayApi({ gateway: 'infra/public', headers: { 'x-canary': 'always' } }) });
    const route = release.httpRoute as Obj;
    expect(verdict([route], plane)).toBe('accepted');
    const empty = copy(route);
    empty.spec.rules[0].matches[0].headers[0].value = '';
    expect(verdict([empty], plane)).toMatch(/^refused: .*value/);
  });

  it('Istio durations: the longest Go duration is accepted, one millisecond more is refused (CRD CEL)', () => {
    const release = buildCanaryRelease({ name: 'api', namespace: NS, containers: [{ image: IMAGE }], canary: { image: 'ghcr.io/acme/web:1.5.0' }, routing: CanaryRouting.istio() });
    const withTimeout = (timeout: string) => {
      const o = copy(release.virtualService as Obj);
      o.spec.http[0].timeout = timeout;
      return o;
    };
    expect(verdict([withTimeout('9223372036854ms')], plane)).toBe('accepted');
    expect(verdict([withTimeout('9223372036855ms')], plane)).toMatch(/^refused/);
  });
});

describe.each(['newest', 'oldest'] as const)('the %s API server and acknowledged risks', (plane) => {
  const names = { StatelessApp: 'web', StatefulApp: 'db', CanaryRelease: 'api', SecureNamespace: 'rules-team' } as const;
  it.each(RISKY.map(([kind, risk, props], i) => [`${kind}: ${risk} #${i}`, kind, risk, props] as const))('accepts %s, annotation included, with no warning', (_what, kind, risk, props) => {
    const p = { name: names[kind], ...props, ...(kind === 'SecureNamespace' ? {} : { namespace: NS }), acknowledgeRisks: [risk] } as never;
    const objects = (kind === 'StatelessApp' ? buildStatelessApp(p) : kind === 'StatefulApp' ? buildStatefulApp(p) : kind === 'CanaryRelease' ? buildCanaryRelease(p) : buildSecureNamespace(p)).objects as unknown as Obj[];
    // A SecureNamespace's objects need their Namespace: applied for real (the suite starts from an empty etcd).
    const r = apply(objects, { plane, dryRun: kind !== 'SecureNamespace' });
    expect({ status: r.status, warnings: warnings(r.stderr), stderr: r.stderr }).toEqual({ status: 0, warnings: [], stderr: '' });
    if (kind !== 'SecureNamespace') return;
    const [k, n] = riskTarget(kind, risk, names[kind]).split('/');
    const live = objects.find((o) => o.kind === k && o.metadata.name.startsWith(n))!;
    expect(get(k, live.metadata.name, 'rules-team', plane)?.metadata.annotations?.[RISK_ANNOTATION]).toContain(risk);
  });
});
