// In your own repository: import { StatelessApp } from 'keelson/pulumi';
import { CanaryRelease, StatefulApp, StatelessApp } from '../../lib/pulumi';
import { NAMESPACE, api, etcd, web } from '../shop';

/**
 * The example shop as a Pulumi program (`pulumi up` in this directory, against a cluster).
 * The tests run it under Pulumi's mocks and compare it with the cdk8s app's manifests.
 */
export const shopWeb = new StatelessApp('web', { ...web, namespace: NAMESPACE });
export const shopEtcd = new StatefulApp('etcd', { ...etcd, namespace: NAMESPACE });
export const shopApi = new CanaryRelease('api', { ...api, namespace: NAMESPACE });

/** Outputs: what other stacks need to reach the app. */
export const webSelector = shopWeb.selector;
export const etcdMembers = shopEtcd.podDnsNames;
