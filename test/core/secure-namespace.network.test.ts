/**
 * How a SecureNamespace's NetworkPolicies compose with its apps' own: evaluated with the
 * NetworkPolicy semantics (policies add up; a connection needs egress allowed at the source and
 * ingress allowed at the destination).
 */
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import {
  NetworkEgress,
  NetworkPeer,
  Port,
  SecureNamespaceProps,
  buildSecureNamespace,
  buildStatelessApp, Exposure,
} from '../../lib';
import { Cluster, Endpoint, connectionAllowed } from '../helpers/namespace';

const IMAGE = 'ghcr.io/acme/app:1.0.0';
const pod = (namespace: string, name: string): Endpoint => ({
  namespace,
  labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/managed-by': 'keelson' },
});
const dns = pod('kube-system', 'coredns');
const web = pod('shop', 'web');
const api = pod('shop', 'api');
const prometheus = pod('monitoring', 'prometheus');
const nginx = pod('ingress-nginx', 'controller');
const stranger = pod('other', 'intruder');

/** The shop namespace with a web frontend calling an API, under the given namespace props. */
function cluster(ns: Omit<SecureNamespaceProps, 'name'> = {}, withNamespace = true): Cluster {
  const webApp = buildStatelessApp({
    name: 'web',
    namespace: 'shop',
    containers: [{ image: IMAGE, ports: [Port.http(8080)] }],
    exposure: Exposure.ingress({ hosts: ['shop.example.com'] }),
    allowFrom: [NetworkPeer.sameNamespace(), NetworkPeer.namespace('monitoring')],
    allowTo: [NetworkEgress.to(NetworkPeer.pods({ 'app.kubernetes.io/name': 'api' }), 8080)],
  });
  const apiApp = buildStatelessApp({ name: 'api', namespace: 'shop', containers: [{ image: IMAGE, ports: [Port.http(8080)] }] });
  const policies = [webApp.networkPolicy, apiApp.networkPolicy] as NetworkPolicy[];
  if (withNamespace) policies.push(...buildSecureNamespace({ name: 'shop', ...ns }).networkPolicies);
  return { namespaces: {}, policies };
}

describe('a SecureNamespace with keelson apps', () => {
  const c = cluster();

  it('lets every pod resolve names: DNS in kube-system on 53, UDP and TCP, and nothing else there', () => {
    for (const from of [web, api]) {
      expect(connectionAllowed(c, from, dns, 53, 'UDP')).toBe(true);
      expect(connectionAllowed(c, from, dns, 53, 'TCP')).toBe(true);
      expect(connectionAllowed(c, from, dns, 443, 'TCP')).toBe(false);
    }
  });

  it('opens an app\'s ports to its declared peers, and its declared egress', () => {
    expect(connectionAllowed(c, web, api, 8080)).toBe(true); // web's allowTo, api's default same-namespace peers
    expect(connectionAllowed(c, prometheus, web, 8080)).toBe(true); // web's allowFrom
    expect(connectionAllowed(c, nginx, web, 8080)).toBe(true); // web's ingress
  });

  it('denies what nobody declared: other ports, other namespaces, undeclared egress, the internet', () => {
    expect(connectionAllowed(c, web, api, 9090)).toBe(false);
    expect(connectionAllowed(c, stranger, web, 8080)).toBe(false);
    expect(connectionAllowed(c, prometheus, api, 8080)).toBe(false);
    expect(connectionAllowed(c, api, web, 8080)).toBe(false); // api declared no egress: the namespace denies it
    expect(connectionAllowed(c, web, { ip: '1.1.1.1' }, 443)).toBe(false);
    expect(connectionAllowed(c, { ip: '203.0.113.7' }, web, 8080)).toBe(false);
  });

  it('without the namespace, an app that declares no egress may call anything (what default-deny adds)', () => {
    const open = cluster({}, false);
    expect(connectionAllowed(open, api, web, 8080)).toBe(true);
    expect(connectionAllowed(open, api, { ip: '1.1.1.1' }, 443)).toBe(true);
  });
});

describe('the namespace\'s opt-ins', () => {
  it('allowSameNamespace: any pod to any other, on any port', () => {
    const c = cluster({ network: { allowSameNamespace: true } });
    expect(connectionAllowed(c, api, web, 8080)).toBe(true);
    expect(connectionAllowed(c, api, web, 9999)).toBe(true);
    expect(connectionAllowed(c, stranger, web, 8080)).toBe(false);
  });

  it('allowFrom: a named namespace reaches every pod', () => {
    const c = cluster({ network: { allowFrom: [NetworkPeer.namespace('monitoring')] } });
    expect(connectionAllowed(c, prometheus, api, 8080)).toBe(true);
    expect(connectionAllowed(c, prometheus, api, 9100)).toBe(true);
    expect(connectionAllowed(c, stranger, api, 8080)).toBe(false);
  });

  it('allowTo: a CIDR on a port, and a namespace', () => {
    const c = cluster({ network: { allowTo: [NetworkEgress.to(NetworkPeer.cidr('10.20.0.0/16'), 5432), NetworkEgress.to(NetworkPeer.namespace('payments'), 8443)] } });
    expect(connectionAllowed(c, api, { ip: '10.20.3.4' }, 5432)).toBe(true);
    expect(connectionAllowed(c, api, { ip: '10.20.3.4' }, 22)).toBe(false);
    expect(connectionAllowed(c, api, { ip: '10.21.0.1' }, 5432)).toBe(false);
    expect(connectionAllowed(c, api, pod('payments', 'gateway'), 8443)).toBe(true);
  });

  it('the mesh: every pod reaches istiod on 15012 only', () => {
    const c = cluster({ mesh: {} });
    const istiod = pod('istio-system', 'istiod');
    expect(connectionAllowed(c, api, istiod, 15012)).toBe(true);
    expect(connectionAllowed(c, api, istiod, 15010)).toBe(false);
  });

  it('DNS narrowed to the DNS pods', () => {
    const c = cluster({ network: { dns: { podLabels: { 'k8s-app': 'kube-dns' } } } });
    expect(connectionAllowed(c, api, { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }, 53, 'UDP')).toBe(true);
    expect(connectionAllowed(c, api, { namespace: 'kube-system', labels: { 'k8s-app': 'metrics-server' } }, 53, 'UDP')).toBe(false);
  });
});
