import type { KubeObject } from './objects';

/**
 * Where an app is reached, read from its objects: what a program wires onward (a client's
 * configuration, a DNS record, a dashboard link). `H` is a host name: a string, or on Pulumi the
 * input it was given as.
 */
export interface AppEndpoints<H = string> {
  /**
   * The Service in-cluster clients call: `<name>` where the app has it (a StatelessApp's or
   * StatefulApp's client Service, a CanaryRelease's shared or active Service), otherwise a
   * CanaryRelease's stable track Service (`<name>-stable`, ingress-nginx and Gateway API routings).
   * Absent when no container exposes a port.
   */
  readonly serviceName?: string;
  /** That Service's first port (the first exposed container port's `servicePort`). */
  readonly servicePort?: number;
  /**
   * The host names the app is served on from outside the namespace, in the order the objects give
   * them, each once: an Ingress's rule hosts, an HTTPRoute's `hostnames`, an Istio VirtualService's
   * `externalHosts` (not the Service's own cluster-local host).
   */
  readonly hosts: readonly H[];
}

/** The endpoints of the app named `name` whose objects are `objects`. */
export function endpointsOf<H = string>(name: string, objects: readonly KubeObject[]): AppEndpoints<H> {
  const services = objects.filter((o) => o.kind === 'Service');
  const service = services.find((s) => s.metadata.name === name) ?? services.find((s) => s.metadata.name === `${name}-stable`);
  // A Flagger Canary: Flagger makes the Service `<name>` on the Canary's service.port.
  const canary = objects.find((o) => o.kind === 'Canary')?.spec as { targetRef?: { name?: string }; service?: { port?: number; hosts?: string[] } } | undefined;
  const port = (service?.spec as { ports?: Array<{ port?: number }> } | undefined)?.ports?.[0]?.port ?? (service ? undefined : canary?.service?.port);
  const hosts: H[] = [];
  const add = (h: unknown) => {
    if (h !== undefined && !hosts.includes(h as H)) hosts.push(h as H);
  };
  for (const o of objects) {
    const spec = o.spec as Record<string, any> | undefined;
    if (o.kind === 'Ingress') for (const rule of spec?.rules ?? []) add(rule.host);
    if (o.kind === 'Canary') for (const h of spec?.service?.hosts ?? []) add(h);
    if (o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute') for (const h of spec?.hostnames ?? []) add(h);
    // A release's VirtualService lists the Service's own name first (`<name>.<namespace>.svc.cluster.local`); the rest are external.
    if (o.kind === 'VirtualService') {
      const listed: unknown[] = spec?.hosts ?? [];
      for (const h of String(listed[0]).includes('.svc.') ? listed.slice(1) : listed) add(h);
    }
  }
  return {
    ...(service ? { serviceName: service.metadata.name } : canary?.targetRef?.name !== undefined ? { serviceName: canary.targetRef.name } : {}),
    ...(port !== undefined ? { servicePort: port } : {}),
    hosts,
  };
}
