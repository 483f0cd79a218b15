import type { Service, ServiceAccount, ServicePort } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Port } from '../values/port';

/** Any Kubernetes object. */
export interface KubeObject {
  /** The object's API group and version, e.g. `apps/v1` or `networking.istio.io/v1`. */
  readonly apiVersion: string;
  /** The object's kind, e.g. `Deployment`. */
  readonly kind: string;
  /** Name, namespace, labels and annotations. */
  readonly metadata: ObjectMeta;
  /** The rest of the object (`spec`, `data`, `rules`, ...), as the kind defines it. */
  readonly [key: string]: unknown;
}

/** A Service port for a container port: targets it by name, so renumbering the container needs no Service change. */
export function servicePort(p: Port): ServicePort {
  return {
    name: p.name,
    port: p.servicePort,
    targetPort: p.name,
    protocol: p.transport,
    ...(p.protocol === 'http' || p.protocol === 'grpc' ? { appProtocol: p.protocol } : {}),
  };
}

/** A ClusterIP Service over the selected pods' exposed ports. */
export function renderService(metadata: ObjectMeta, selector: Readonly<Record<string, string>>, exposed: readonly Port[]): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata, spec: { type: 'ClusterIP', selector: { ...selector }, ports: exposed.map(servicePort) } };
}

/** The ServiceAccount a workload emits: its own identity, no API token unless asked for; none with an existing one. */
export function renderServiceAccount(
  metadata: ObjectMeta,
  pod: { readonly serviceAccountName: string; readonly ownServiceAccount: boolean; readonly automountToken: boolean },
  annotations: Readonly<Record<string, string>> | undefined,
): ServiceAccount | undefined {
  if (!pod.ownServiceAccount) return undefined;
  const named = { ...metadata, name: pod.serviceAccountName };
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: annotations ? { ...named, annotations: { ...annotations } } : named,
    automountServiceAccountToken: pod.automountToken,
  };
}

/** A gateway exposure's objects by the manifest field each fills (`httpRoute`, `grpcRoute`, `gateway`, `virtualService`). */
export function entryByKind(
  objects: readonly KubeObject[],
): { httpRoute?: KubeObject; grpcRoute?: KubeObject; gateway?: KubeObject; virtualService?: KubeObject } {
  const fields: Record<string, string> = { HTTPRoute: 'httpRoute', GRPCRoute: 'grpcRoute', Gateway: 'gateway', VirtualService: 'virtualService' };
  return Object.fromEntries(objects.filter((o) => fields[o.kind] !== undefined).map((o) => [fields[o.kind], o]));
}
