import * as pulumi from '@pulumi/pulumi';
import type { PodSpec } from 'kubernetes-types/core/v1';
import { DeferredValues, checkWhenKnown } from './resources';
import { isRecord } from '../core/validation/checks';
import { EnvValue } from '../core/values/env';
import { checkImage, parseImage, pullPolicyFor } from '../core/values/image';
import { NetworkPeer } from '../core/values/network-peer';
import type { ContainerProps } from '../core/workload/props';

/** A container whose image and env values may be Pulumi inputs. */
export interface ContainerArgs extends Omit<ContainerProps, 'image' | 'env'> {
  /**
   * The image, pinned to a tag or digest; an `Output` (e.g. from a docker build) is checked once known.
   */
  readonly image: pulumi.Input<string>;
  /**
   * Environment variables: literal values (plain or `Output`) or `EnvValue` references.
   * @default none
   */
  readonly env?: Readonly<Record<string, pulumi.Input<string> | EnvValue>>;
}

/**
 * Core container props from Pulumi container args: each Output image or env value becomes a
 * placeholder the core accepts (an image placeholder is digest-pinned, so it implies no version
 * label), and the real value is checked with the core's own check once known.
 */
export function deferContainers(
  constructType: string,
  construct: string,
  prop: 'containers' | 'initContainers',
  list: unknown,
  allowUnpinned: boolean,
  deferred: DeferredValues,
): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((c: ContainerArgs, i): ContainerProps => {
    if (!isRecord(c)) return c as unknown as ContainerProps;
    const image = c.image === undefined || typeof c.image === 'string'
      ? (c.image as string)
      : deferred.value(c.image, (n) => `deferred.keelson.invalid/input-${n}@sha256:${'0'.repeat(64)}`,
        checkWhenKnown(constructType, construct, `${prop}[${i}].image`, (p, at, v) => checkImage(p, at, v, allowUnpinned)));
    // Only a plain map is rebuilt: anything else (a Map, an array) goes to the core as it is, which reports it.
    const env = isRecord(c.env)
      ? Object.fromEntries(Object.entries(c.env).map(([k, v]) => [
        k,
        v instanceof EnvValue || typeof v === 'string' || v === undefined || v === null ? v : deferred.value(v as pulumi.Input<string>, (n) => `\u0000keelson-deferred-${n}`),
      ]))
      : c.env;
    return { ...c, image, env } as ContainerProps;
  });
}

/** The pull policy follows the real image once an Output image is known. */
export function restorePullPolicies(spec: PodSpec | undefined, containers: unknown, initContainers: unknown): void {
  const apply = (rendered: PodSpec['containers'] | undefined, args: unknown) => {
    (rendered ?? []).forEach((c, i) => {
      const original = Array.isArray(args) ? (args[i] as ContainerArgs | undefined)?.image : undefined;
      if (original !== undefined && typeof original !== 'string') {
        (c as { imagePullPolicy?: unknown }).imagePullPolicy = pulumi.output(original).apply((v) => {
          const ref = parseImage(v);
          return ref ? pullPolicyFor(ref) : 'IfNotPresent';
        });
      }
    });
  };
  apply(spec?.containers, containers);
  apply(spec?.initContainers, initContainers);
}

/** A keelson app component (anything with a `networkPeer`) as a peer; other values unchanged. */
export function toNetworkPeer(peer: unknown): NetworkPeer {
  const own = (peer as { networkPeer?: unknown } | null)?.networkPeer;
  return (own instanceof NetworkPeer ? own : peer) as NetworkPeer;
}
