import { Duration } from './duration';
import { GivenOptions, copyRecord, given, held, optionsOf } from './given';

/** Timing and threshold options shared by every probe. */
export interface ProbeOptions {
  /**
   * The container port to probe, by name or number.
   * @default the container's first TCP port (a probe connects over TCP)
   */
  readonly port?: string | number;
  /**
   * Wait before the first probe. Prefer a startup probe for slow starters.
   * @default none (0s)
   */
  readonly initialDelay?: Duration;
  /**
   * How often to probe.
   * @default 10s; 5s for a readiness probe: leaving the endpoints fast is cheap, a restart is not
   */
  readonly period?: Duration;
  /**
   * How long one probe may take.
   * @default 2s (Kubernetes' 1s fails on a brief GC pause)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures before the probe counts as failed.
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Consecutive successes before a failed readiness probe counts as passing again
   * (must be 1 for liveness and startup probes).
   * @default 1
   */
  readonly successThreshold?: number;
}

const TIMING_KEYS = ['initialDelay', 'period', 'timeout', 'failureThreshold', 'successThreshold'];

/** Options of an HTTP probe. */
export interface HttpProbeOptions extends ProbeOptions {
  /**
   * `HTTPS` to probe over TLS (the kubelet does not verify the certificate).
   * @default 'HTTP'
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
  /**
   * Headers the kubelet sends with each request, by name (letters, digits and `-`; each name once,
   * ignoring case), e.g. `{ 'X-Probe': 'kubelet' }` or a `Host` for a virtual-hosted app.
   * @default none: the kubelet's own (`User-Agent: kube-probe/<version>`, `Accept: *\/*`)
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The kinds of probe Kubernetes runs. */
export type ProbeKind = 'http' | 'tcp' | 'grpc' | 'exec';

/**
 * A readiness, liveness or startup check. `Probe.http('/ping')` is the common case.
 *
 * A liveness probe must check the process only, never its dependencies: if it fails when a
 * database is down, every replica of every caller restarts in a loop.
 */
export class Probe {
  /** An HTTP GET that passes on any 2xx or 3xx status. */
  public static http(path: string, options: HttpProbeOptions = {}): Probe {
    const o = optionsOf(options);
    const headers = o.headers === undefined ? {} : { headers: copyRecord(o.headers) };
    return new Probe('http', o, { path, scheme: o.scheme, ...headers }, given(options, ['port', ...TIMING_KEYS, 'scheme', 'headers'], ['Probe']),
      ...(o.headers === undefined ? [] : [held('headers', o.headers)]));
  }

  /** Passes when a TCP connection to the port opens. */
  public static tcp(options: ProbeOptions = {}): Probe {
    return new Probe('tcp', optionsOf(options), {}, given(options, ['port', ...TIMING_KEYS], ['Probe']));
  }

  /** The gRPC health-checking protocol (`grpc.health.v1.Health/Check`). */
  public static grpc(options: ProbeOptions & { readonly service?: string } = {}): Probe {
    const o = optionsOf(options);
    return new Probe('grpc', o, { service: o.service }, given(options, ['port', ...TIMING_KEYS, 'service'], ['Probe']));
  }

  /** Runs a command in the container; passes on exit code 0. */
  public static exec(command: string[], options: Omit<ProbeOptions, 'port'> = {}): Probe {
    // An exec probe runs in the container: a `port` would be ignored, so it is not an option here.
    return new Probe('exec', optionsOf(options), { command }, given(options, TIMING_KEYS, ['Probe']), held('command', command));
  }

  /** The options as given, for the construct to check. @internal */
  public readonly given: readonly GivenOptions[];

  private constructor(
    /** What the probe does. */
    public readonly kind: ProbeKind,
    /** Its timing and port. */
    public readonly options: ProbeOptions,
    /** Kind-specific settings. */
    public readonly settings: {
      /** `http`: the path requested, e.g. `/ping`. */
      readonly path?: string;
      /** `http`: `HTTP` or `HTTPS` (the kubelet does not verify the certificate); unset means `HTTP`. */
      readonly scheme?: 'HTTP' | 'HTTPS';
      /** `http`: the headers sent with each request, by name. */
      readonly headers?: Readonly<Record<string, string>>;
      /** `grpc`: the service name sent in the health check request; unset checks the server as a whole. */
      readonly service?: string;
      /** `exec`: the command and its arguments, run in the container without a shell. */
      readonly command?: readonly string[];
    },
    ...raw: GivenOptions[]
  ) {
    this.given = raw;
  }
}
