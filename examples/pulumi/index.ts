// In your own repository: import { StatelessApp } from 'keelson/pulumi';
import { CanaryRelease, SecureNamespace, StatefulApp, StatelessApp } from '../../lib/pulumi';
import { NAMESPACE, api, etcd, shopNamespace, web } from '../shop';

/**
 * The example shop as a Pulumi program (`pulumi up` in this directory, against a cluster).
 * The tests run it under Pulumi's mocks and compare it with the cdk8s app's manifests.
 */
export const shop = new SecureNamespace(NAMESPACE, shopNamespace);
// The apps go in the team's namespace, after its Namespace, quota, LimitRange and policies, and
// must fit its quota and LimitRange (checked before they register anything).
export const shopWeb = new StatelessApp('web', { ...web, namespace: shop });
export const shopEtcd = new StatefulApp('etcd', { ...etcd, namespace: shop });
export const shopApi = new CanaryRelease('api', { ...api, namespace: shop });

/** Outputs: what other stacks need to reach the app. */
export const webSelector = shopWeb.selector;
export const etcdMembers = shopEtcd.podDnsNames;
