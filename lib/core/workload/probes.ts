import type { Probe as KubeProbe } from 'kubernetes-types/core/v1';
import type { ResolvedContainer } from './container';
import { DEFAULTS } from './defaults';
import { checkInteger, checkObject, checkString, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { wholeSeconds } from '../validation/values';
import { Port } from '../values/port';
import { Probe } from '../values/probe';

export function defaultProbe(port: Port, httpPath: string): Probe {
  switch (port.protocol) {
    case 'http':
      return Probe.http(httpPath, { port: port.name });
    case 'grpc':
      return Probe.grpc({ port: port.name });
    default:
      return Probe.tcp({ port: port.name });
  }
}

/** Checks a probe against the container's ports; its Kubernetes form with the timing defaulted, or undefined (recorded). */
export function resolveProbe(
  problems: Problems,
  at: string,
  probe: unknown,
  ports: readonly Port[],
  mustSucceedOnce: boolean,
  defaultPeriod: number,
): KubeProbe | undefined {
  if (!(probe instanceof Probe)) {
    problems.invalid(at, `must be made with Probe.http(), Probe.tcp(), Probe.grpc() or Probe.exec(), got ${describe(probe)}`);
    return undefined;
  }
  const timing = probeTiming(problems, at, probe, mustSucceedOnce, defaultPeriod);
  if (probe.kind === 'exec') {
    const command = probe.settings.command;
    if (!Array.isArray(command) || command.length === 0 || command.some((s) => typeof s !== 'string')) {
      problems.invalid(path(at, 'command'), 'must be a non-empty list of strings');
      return undefined;
    }
    return { exec: { command: [...command] }, ...timing };
  }
  const port = resolveProbePort(problems, path(at, 'port'), probe.options.port, ports);
  if (port === undefined) return undefined;
  switch (probe.kind) {
    case 'http': {
      const p = probe.settings.path;
      if (typeof p !== 'string' || !p.startsWith('/')) {
        problems.invalid(path(at, 'path'), `${JSON.stringify(p)} must be an absolute URL path starting with '/'`);
        return undefined;
      }
      const scheme = probe.settings.scheme;
      if (scheme !== undefined && scheme !== 'HTTP' && scheme !== 'HTTPS') {
        problems.notSupported(path(at, 'scheme'), `must be 'HTTP' or 'HTTPS', got ${describe(scheme)}`);
        return undefined;
      }
      const headers = probeHeaders(problems, path(at, 'headers'), probe.settings.headers);
      if (headers === undefined) return undefined;
      const schemeField = scheme ? { scheme } : {};
      return { httpGet: { path: p, port, ...schemeField, ...(headers.length ? { httpHeaders: headers } : {}) }, ...timing };
    }
    case 'tcp':
      return { tcpSocket: { port }, ...timing };
    default: {
      const service = probe.settings.service;
      if (service !== undefined && typeof service !== 'string') {
        problems.invalid(path(at, 'service'), `must be a string, got ${describe(service)}`);
        return undefined;
      }
      // gRPC probes take a port number only.
      const number = typeof port === 'number' ? port : ports.find((p) => p.name === port)!.containerPort;
      return { grpc: { port: number, ...(probe.settings.service ? { service: probe.settings.service } : {}) }, ...timing };
    }
  }
}

/** An HTTP header name, as Kubernetes checks it (an RFC 7230 token without the rarely used symbols). */
const HEADER_NAME = /^[-A-Za-z0-9]+$/;

/** An HTTP probe's headers, in the order given; undefined when any is invalid (recorded). */
function probeHeaders(problems: Problems, at: string, headers: unknown): Array<{ name: string; value: string }> | undefined {
  if (headers === undefined) return [];
  if (!checkObject(problems, at, headers)) return undefined;
  const before = problems.count;
  const out: Array<{ name: string; value: string }> = [];
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const hat = path(at, name);
    if (!HEADER_NAME.test(name)) {
      problems.invalid(hat, `${JSON.stringify(name)} is not an HTTP header name: letters, digits and '-' only`);
    } else if (seen.has(name.toLowerCase())) {
      problems.duplicate(hat, `is the header ${JSON.stringify(seen.get(name.toLowerCase()))} again: header names ignore case; give it once`);
    } else {
      seen.set(name.toLowerCase(), name);
    }
    if (checkString(problems, hat, value)) out.push({ name, value });
  }
  return problems.count === before ? out : undefined;
}

/** When and how often the probe runs, and how many results decide. */
function probeTiming(problems: Problems, at: string, probe: Probe, mustSucceedOnce: boolean, defaultPeriod: number): KubeProbe {
  const o = probe.options;
  const timing: KubeProbe = {};
  const initial = wholeSeconds(problems, path(at, 'initialDelay'), o.initialDelay, 0);
  if (initial) timing.initialDelaySeconds = initial;
  const period = positiveSeconds(problems, path(at, 'period'), o.period, defaultPeriod);
  if (period !== undefined) timing.periodSeconds = period;
  const timeout = positiveSeconds(problems, path(at, 'timeout'), o.timeout, DEFAULTS.probeTimeoutSeconds);
  if (timeout !== undefined) timing.timeoutSeconds = timeout;
  const failure = o.failureThreshold ?? DEFAULTS.probeFailureThreshold;
  if (checkInteger(problems, path(at, 'failureThreshold'), failure, 1, 1000)) timing.failureThreshold = failure;
  const success = o.successThreshold ?? 1;
  if (checkInteger(problems, path(at, 'successThreshold'), success, 1, 1000)) {
    if (mustSucceedOnce && success !== 1) problems.invalid(path(at, 'successThreshold'), 'must be 1 for liveness and startup probes');
    timing.successThreshold = success;
  }
  return timing;
}

function resolveProbePort(problems: Problems, at: string, port: unknown, ports: readonly Port[]): string | number | undefined {
  if (port === undefined) {
    // A probe connects over TCP: it takes the first port it can reach, never a UDP one.
    const first = ports.find((p) => p.transport !== 'UDP');
    if (!first) {
      problems.required(at, ports.length === 0 ? 'is required: the container declares no ports to probe' : 'is required: the container declares only UDP ports, which an HTTP, gRPC or TCP probe cannot reach');
      return undefined;
    }
    return first.name;
  }
  if (typeof port === 'string') {
    const named = ports.find((p) => p.name === port);
    if (!named) {
      problems.notSupported(at, `${JSON.stringify(port)} is not one of the container's port names (${ports.map((p) => p.name).join(', ') || 'none'})`);
      return undefined;
    }
    if (named.transport === 'UDP') {
      problems.invalid(at, `${JSON.stringify(port)} is a UDP port: HTTP, gRPC and TCP probes connect over TCP, so it would always fail; probe a TCP port or use Probe.exec()`);
      return undefined;
    }
    return port;
  }
  return checkInteger(problems, at, port, 1, 65535) ? port : undefined;
}

/** Whole seconds, at least one (`fallback` when not given); undefined when invalid (recorded). */
function positiveSeconds(problems: Problems, at: string, value: unknown, fallback: number): number | undefined {
  const s = wholeSeconds(problems, at, value, fallback);
  if (s !== 0) return s;
  problems.invalid(at, 'must be at least 1s');
  return undefined;
}

/**
 * Probes given a port number: some container of the pod (they share one network) must declare it
 * as a TCP port. A number nothing declares is most often a typo, and the probe would fail forever;
 * a UDP port cannot answer a TCP connect.
 */
export function checkProbePortNumbers(
  problems: Problems,
  resolved: ReadonlyArray<{ readonly at: string; readonly container: ResolvedContainer }>,
): void {
  const declared = resolved.flatMap((r) => r.container.ports);
  const tcp = new Set(declared.filter((p) => p.transport !== 'UDP').map((p) => p.containerPort));
  for (const { at, container } of resolved) {
    const probes: Array<[string, KubeProbe | undefined]> = [['readiness', container.readinessProbe], ['liveness', container.livenessProbe], ['startup', container.startupProbe]];
    for (const [key, probe] of probes) {
      const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port;
      if (typeof port !== 'number' || tcp.has(port)) continue;
      const udp = declared.some((p) => p.containerPort === port);
      problems.invalid(path(at, key, 'port'), udp
        ? `${port} is declared as a UDP port only: HTTP, gRPC and TCP probes connect over TCP, so it would always fail`
        : `${port} is not a port any container of the pod declares, so the probe would fail unless the app happens to listen there: declare it (e.g. Port.tcp(${port}, { name: 'admin', expose: false })) or probe a declared port`);
    }
  }
}
