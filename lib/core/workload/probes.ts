import type { Probe as KubeProbe } from 'kubernetes-types/core/v1';
import { DEFAULTS } from './defaults';
import { checkInteger, describe } from '../validation/checks';
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

export function renderProbe(
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
  const o = probe.options;
  const timing: KubeProbe = {};
  const initial = wholeSeconds(problems, path(at, 'initialDelay'), o.initialDelay, 0);
  if (initial) timing.initialDelaySeconds = initial;
  timing.periodSeconds = positiveSeconds(problems, path(at, 'period'), o.period, defaultPeriod);
  timing.timeoutSeconds = positiveSeconds(problems, path(at, 'timeout'), o.timeout, DEFAULTS.probeTimeoutSeconds);
  const failure = o.failureThreshold ?? DEFAULTS.probeFailureThreshold;
  if (checkInteger(problems, path(at, 'failureThreshold'), failure, 1, 1000)) timing.failureThreshold = failure;
  const success = o.successThreshold ?? 1;
  if (checkInteger(problems, path(at, 'successThreshold'), success, 1, 1000)) {
    if (mustSucceedOnce && success !== 1) problems.invalid(path(at, 'successThreshold'), 'must be 1 for liveness and startup probes');
    timing.successThreshold = success;
  }

  if (probe.kind === 'exec') {
    const command = probe.settings.command;
    if (!Array.isArray(command) || command.length === 0 || command.some((s) => typeof s !== 'string')) {
      problems.invalid(path(at, 'command'), 'must be a non-empty list of strings');
      return undefined;
    }
    return { exec: { command: [...command] }, ...timing };
  }
  const port = resolveProbePort(problems, path(at, 'port'), o.port, ports);
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
      return { httpGet: { path: p, port, ...(probe.settings.scheme ? { scheme: probe.settings.scheme } : {}) }, ...timing };
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

function resolveProbePort(problems: Problems, at: string, port: unknown, ports: readonly Port[]): string | number | undefined {
  if (port === undefined) {
    if (ports.length === 0) {
      problems.required(at, 'is required: the container declares no ports to probe');
      return undefined;
    }
    return ports[0].name;
  }
  if (typeof port === 'string') {
    if (!ports.some((p) => p.name === port)) {
      problems.notSupported(at, `${JSON.stringify(port)} is not one of the container's port names (${ports.map((p) => p.name).join(', ') || 'none'})`);
      return undefined;
    }
    return port;
  }
  return checkInteger(problems, at, port, 1, 65535) ? port : undefined;
}

function positiveSeconds(problems: Problems, at: string, value: unknown, fallback: number): number {
  const s = wholeSeconds(problems, at, value, fallback);
  if (s === 0) problems.invalid(at, 'must be at least 1s');
  return s ?? fallback;
}
