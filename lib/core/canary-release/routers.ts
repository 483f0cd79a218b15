import { ArgoRolloutsRouter } from './argo-rollouts';
import { ArgoGatewayApiRouter, ArgoIngressNginxRouter } from './argo-routers';
import { BlueGreenRouter } from './blue-green';
import { FlaggerRouter } from './flagger';
import { GatewayApiRouter } from './gateway-api';
import { IngressNginxRouter } from './ingress-nginx';
import { IstioRouter } from './istio';
import { ReplicaRatioRouter } from './replica-ratio';
import type { Router, RoutingKind } from './router';
import { TraefikRouter } from './traefik';

/** Every routing's Router, by kind: the one place a kind is looked at. */
const ROUTERS: Readonly<Record<RoutingKind, Router>> = {
  'istio': new IstioRouter(),
  'ingress-nginx': new IngressNginxRouter(),
  'gateway-api': new GatewayApiRouter(),
  'traefik': new TraefikRouter(),
  'replica-ratio': new ReplicaRatioRouter(),
  'blue-green': new BlueGreenRouter(),
  'argo-rollouts': new ArgoRolloutsRouter(),
  'argo-rollouts-ingress-nginx': new ArgoIngressNginxRouter(),
  'argo-rollouts-gateway-api': new ArgoGatewayApiRouter(),
  'flagger': new FlaggerRouter(),
};

/** The Router of a routing kind. */
export function routerFor(kind: RoutingKind): Router {
  return ROUTERS[kind];
}

/** The routing kinds that split traffic over the named `versions`. */
export function versionRouterKinds(): RoutingKind[] {
  return (Object.keys(ROUTERS) as RoutingKind[]).filter((k) => ROUTERS[k].namedVersions);
}
