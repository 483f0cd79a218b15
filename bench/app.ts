/**
 * The app every variant builds N times: a keelson StatelessApp with the library's defaults plus an
 * HPA (ServiceAccount, NetworkPolicy, Service, Deployment, PodDisruptionBudget, HorizontalPodAutoscaler).
 * No runtime import of keelson here: the raw variants load this file too.
 */
import type { StatelessAppProps } from 'keelson';

/** The namespace of every object (the cdk8s chart's namespace, the Pulumi args' namespace). */
export const NAMESPACE = 'bench';

/** The name of app `i`: a valid DNS label, distinct per app. */
export function appName(i: number): string {
  return `app-${i}`;
}

/** keelson's props for one app (the name comes from the construct id or resource name). */
export function appProps(name: string) {
  return {
    containers: [{ image: `registry.example.com/shop/${name}:1.4.2` }],
    autoscaling: { maxReplicas: 10 },
  } satisfies Omit<StatelessAppProps, 'name'>;
}
