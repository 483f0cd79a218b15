/**
 * Shared fixtures and assertions for the StatelessApp tests.
 */
import { AnyObject, bestPracticeProblems, crossReferenceProblems } from './best-practice';
import { podSecurityViolations } from './pss';
import { schemaProblems } from './schema';
import { Exposure, KeelsonValidationError, Port, StatelessAppManifest, StatelessAppProps, buildStatelessApp } from '../../lib';

/** The smallest valid props: one pinned image, every default. */
export function minimalProps(overrides: Partial<StatelessAppProps> = {}): StatelessAppProps {
  return { name: 'web', containers: [{ image: 'ghcr.io/acme/web:1.4.2' }], ...overrides };
}

/** The StatelessApp `web` in `shop` (an HTTP, a gRPC and an unexposed metrics port) reached through `exposure`. */
export function exposedWeb(exposure: Exposure, extra: Partial<StatelessAppProps> = {}): StatelessAppManifest {
  return buildStatelessApp({
    name: 'web',
    namespace: 'shop',
    containers: [{ image: 'ghcr.io/acme/web:1.4.2', ports: [Port.http(8080), Port.grpc(9090), Port.tcp(9100, { name: 'metrics', expose: false })] }],
    exposure,
    ...extra,
  });
}

/** Everything the suite checks on an app's objects, grouped so a failure says which check failed. */
export interface Findings {
  readonly schema: string[];
  readonly restricted: string[];
  readonly bestPractice: string[];
}

/** Runs the schema, PSS restricted and best-practice checks on a set of objects. */
export function findings(objects: readonly unknown[]): Findings {
  return {
    schema: schemaProblems(objects),
    restricted: podSecurityViolations(objects, 'restricted'),
    bestPractice: bestPracticeProblems(objects as readonly AnyObject[]),
  };
}

/** Schema, PSS-restricted and cross-reference checks only (what the property tests assert). */
export function coreFindings(objects: readonly unknown[]): Findings {
  return {
    schema: schemaProblems(objects),
    restricted: podSecurityViolations(objects, 'restricted'),
    bestPractice: crossReferenceProblems(objects as readonly AnyObject[]),
  };
}

/** The manifest's objects as JSON (what a YAML consumer sees). */
export function asJson(m: StatelessAppManifest): AnyObject[] {
  return JSON.parse(JSON.stringify(m.objects));
}

/** The object of a kind in a list, or undefined. */
export function ofKind(objects: readonly AnyObject[], kind: string): AnyObject | undefined {
  return objects.find((o) => o.kind === kind);
}

/** What `fn` threw, or undefined when it returned. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/**
 * Runs `build(props)` and returns its KeelsonValidationError; fails the test with the actual
 * outcome (a result, or another error type) otherwise.
 */
export function validationError(fn: () => unknown): KeelsonValidationError {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    if (e instanceof KeelsonValidationError) return e;
    throw new Error(`expected a KeelsonValidationError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
  }
  throw new Error(`expected a KeelsonValidationError, but it returned ${JSON.stringify(result)?.slice(0, 200)}`);
}

/** The property paths of an error's problems. */
export function paths(e: KeelsonValidationError): string[] {
  return e.problems.map((p) => p.path);
}

/** Builds with the core and throws when invalid (test convenience with a typed result). */
export function build(props: StatelessAppProps): StatelessAppManifest {
  return buildStatelessApp(props);
}

/**
 * Property: each mutation (a property path and a function that breaks the props there), applied to
 * random valid props, makes `build` throw KeelsonValidationError with a problem at that path.
 */
export function assertMutationsReported<P>(
  valid: import('fast-check').Arbitrary<P>,
  mutations: ReadonlyArray<readonly [string, (props: P) => unknown]>,
  buildProps: (props: P) => unknown,
  numRuns: number,
): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fc = require('fast-check') as typeof import('fast-check');
  fc.assert(
    fc.property(valid, fc.constantFrom(...mutations), (props, [expectedPath, mutate]) => {
      const error = thrown(() => buildProps(mutate(props) as P));
      expect(error).toBeInstanceOf(KeelsonValidationError);
      expect((error as KeelsonValidationError).problems.map((p) => p.path)).toContain(expectedPath);
    }),
    { numRuns },
  );
}
