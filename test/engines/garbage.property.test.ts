/**
 * Property test, issue 11: random garbage anywhere in the props of each of the five constructs, on
 * the cdk8s constructs and the Pulumi components (not only the core builders). Whatever it is —
 * a wrong type, a Map, a Set, a Date, a sparse array, a circular structure, a typo'd key, a value
 * type with bad options, a matcher without a condition — each engine either builds or throws one
 * KeelsonValidationError (never another error, never later inside an Output), the two engines give
 * the same verdict (the same objects' count, or the same problems), and a construct that throws
 * adds nothing to the cdk8s tree and registers nothing with Pulumi (checked in helpers/engines.ts).
 *
 * Not fed here: non-string values where the Pulumi components take a Pulumi `Input` (container and
 * track images, env values, Exposure.ingress hosts). The components defer those to the deployment; issue 11
 * class 1 makes them checked like on cdk8s, and its tests cover them.
 */
import fc from 'fast-check';
import { CanaryMatch, NetworkPeer, Port, Probe } from '../../lib';
import { garbage, validProps } from '../helpers/arbitraries';
import { validBatchProps } from '../helpers/batch-arbitraries';
import { ROUTING_KINDS, canaryPropsFor } from '../helpers/canary-arbitraries';
import { ConstructType, onCdk8s, onPulumi, verdict } from '../helpers/engines';
import { validNamespaceProps } from '../helpers/namespace-arbitraries';
import { mockPulumi } from '../helpers/pulumi';
import { validStatefulProps } from '../helpers/stateful-arbitraries';

/**
 * Runs per construct: fewer than the core's property tests (a Pulumi component under the mocks
 * takes ~0.1 s to register), more with KEELSON_FUZZ_RUNS.
 */
const RUNS = Math.max(10, Math.round(Number(process.env.KEELSON_FUZZ_RUNS ?? 100) * 0.4));

/** Replays a reported failure: KEELSON_FUZZ_SEED and KEELSON_FUZZ_PATH from fast-check's report. */
const REPLAY = process.env.KEELSON_FUZZ_SEED ? { seed: Number(process.env.KEELSON_FUZZ_SEED), path: process.env.KEELSON_FUZZ_PATH } : {};

let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});

/** Built fresh for each use: a circular structure. */
function circular(): Record<string, unknown> {
  const o: Record<string, unknown> = { a: 'b' };
  o.self = o;
  return o;
}

/** Garbage beyond JSON: what JavaScript callers and configuration loaders hand over. */
const jsGarbage = fc.oneof(
  garbage,
  fc.constantFrom<() => unknown>(
    () => new Map([['a', 'b']]),
  () => new Set(['a']),
  () => new Date(0),
  // eslint-disable-next-line no-sparse-arrays
  () => ['a', , 'b'],
  // eslint-disable-next-line no-sparse-arrays
  () => [, { a: 1 }],
  circular,
  () => [circular()],
  () => () => 'x',
  () => 10n,
  () => Symbol('x'),
  () => Port.http(8080, { servicPort: 80 } as never),
  () => Port.http(8080, null as never),
  () => Probe.http('/ping', { periodSeconds: 5 } as never),
  () => NetworkPeer.pods({}),
  () => NetworkPeer.namespacesWithLabels(new Map() as never),
  () => CanaryMatch.sourceLabels({}),
  () => ({ replica: 2, imagePullPolicy: 'Always', hostNetwork: true }),
  ).map((make) => make()),
);

/** Props where the Pulumi components take Pulumi Inputs (see above): images, env maps, Exposure.ingress hosts. */
const PULUMI_INPUT = /(^|\.)image$|(^|\.)env($|[.[])|^exposure\.hosts($|\[)/;

/** A place in the props: a path of keys and indices into plain objects and arrays, and the value there. */
function sites(props: unknown): string[][] {
  const out: string[][] = [];
  const visit = (value: unknown, at: string[], depth: number) => {
    out.push(at);
    if (depth >= 4 || typeof value !== 'object' || value === null) return;
    const proto = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return;
    for (const k of Object.keys(value)) visit((value as Record<string, unknown>)[k], [...at, k], depth + 1);
  };
  visit(props, [], 0);
  return out;
}

function formatted(at: readonly string[]): string {
  return at.map((k, i) => (/^\d+$/.test(k) ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** A slip of the keyboard: the key with its last two letters swapped (`replicas` → `replicsa`). */
function misspelled(key: string): string {
  return key.length < 3 ? `${key}x` : `${key.slice(0, -2)}${key.slice(-1)}${key.slice(-2, -1)}`;
}

/**
 * A copy of `props` with `value` at `at`, or (with `typo`) with the key at `at` misspelled, its
 * value kept: the prop the user meant is then missing, and the misspelled key is unknown.
 */
function replaced(props: unknown, at: readonly string[], value: unknown, typo: boolean): unknown {
  if (at.length === 0) return value;
  const [head, ...rest] = at;
  const copy: Record<string, unknown> = Array.isArray(props)
    ? ([...props] as unknown as Record<string, unknown>)
    : { ...(props as Record<string, unknown>) };
  if (rest.length === 0 && typo && !Array.isArray(props) && misspelled(head) !== head) {
    copy[misspelled(head)] = copy[head];
    delete copy[head];
    return copy;
  }
  copy[head] = replaced(copy[head], rest, value, typo);
  return copy;
}

const BASES: Record<ConstructType, fc.Arbitrary<Record<string, unknown>>> = {
  StatelessApp: validProps as unknown as fc.Arbitrary<Record<string, unknown>>,
  StatefulApp: validStatefulProps as unknown as fc.Arbitrary<Record<string, unknown>>,
  CanaryRelease: fc.constantFrom(...ROUTING_KINDS).chain((k) => canaryPropsFor(k)) as unknown as fc.Arbitrary<Record<string, unknown>>,
  SecureNamespace: validNamespaceProps as unknown as fc.Arbitrary<Record<string, unknown>>,
  BatchJob: validBatchProps as unknown as fc.Arbitrary<Record<string, unknown>>,
};

describe.each(Object.keys(BASES) as ConstructType[])('property: garbage in %s props on both engines', (type) => {
  it('builds or throws the library\'s error, the same on cdk8s and Pulumi, adding nothing when it throws', async () => {
    const broken = BASES[type].chain((props) => {
      const candidates = sites(props).filter((at) => !PULUMI_INPUT.test(formatted(at)));
      return fc.record({ props: fc.constant(props), at: fc.constantFrom(...candidates), value: jsGarbage, typo: fc.boolean() });
    });
    await fc.assert(fc.asyncProperty(broken, async ({ props, at, value, typo }) => {
      const given = replaced(props, at, value, typo);
      // The id is the props' name, so the problems name the construct alike whatever is broken.
      const steps = [{ type, id: String(props.name), props: given }];
      const [onC] = onCdk8s(steps);
      const [onP] = await onPulumi(mocks, steps);
      expect(onC.other).toBeUndefined();
      expect(onP.other).toBeUndefined();
      expect(verdict(onP)).toEqual(verdict(onC));
    }), { numRuns: RUNS, ...REPLAY });
  }, 600_000);
});
