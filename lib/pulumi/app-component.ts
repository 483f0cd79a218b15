import * as pulumi from '@pulumi/pulumi';
import { APP_BRAND, BrandedApp } from '../app-brand';
import { claimObjects } from './emitted';
import { autoscaledWorkloads, buildWithArgs, checkHandOffArg, checkHandOffTargets, registerHandOff } from './hand-off';
import { InputSlot, PulumiInputs, SealedInputs, toNetworkPeer } from './inputs';
import { registerObject } from './resources';
import { NamespacePlacement, namespacePlacement } from './secure-namespace';
import { NetworkPeer as PulumiNetworkPeer } from './values';
import { isRecord } from '../core/validation/checks';
import { checkNotCircular } from '../core/validation/props';
import { Call, CallTarget, isCallable } from '../core/values/call';
import type { NetworkPeer } from '../core/values/network-peer';
import { callTargetOf, isCallObject } from '../core/workload/calls';
import { endpointsOf } from '../core/workload/endpoints';
import type { KubeObject } from '../core/workload/objects';

/** What an app component registers: its core objects, restored, in apply order. */
export interface AppComponentParts {
  /** The construct type, e.g. `StatelessApp`. */
  readonly type: string;
  /** The name of the app's objects. */
  readonly name: string;
  readonly placement: NamespacePlacement;
  readonly selector: Readonly<Record<string, string>>;
  /** Every object, in apply order, with the deferred inputs put back. */
  readonly objects: readonly KubeObject[];
  /** The namespace as registered: a name, or the checked input. */
  readonly namespace?: pulumi.Input<string>;
  /** The app's Pulumi inputs: every child waits until they are known and accepted. */
  readonly sealed: SealedInputs;
  /** Records the app's objects as emitted in its stack and cluster, once the component is registered. */
  readonly record: () => void;
  /** Hand the autoscaled workloads' live replica counts over before they stop setting them. */
  readonly replicasHandOff?: boolean;
  /** Outputs besides name, namespace and selector. */
  readonly outputs?: Readonly<Record<string, unknown>>;
  /** Resource options of particular children (e.g. `protect` for a StatefulSet). */
  readonly childOptions?: (obj: KubeObject) => pulumi.CustomResourceOptions;
  /** What the objects of the app's calls (in the callees' namespaces) wait for: the callees' SecureNamespaces. */
  readonly callDependsOn?: readonly pulumi.Resource[];
}

/** What an app component has made of its args before it registers anything. */
export interface PreparedApp<M> {
  /** The name of the app's objects. */
  readonly name: string;
  readonly placement: NamespacePlacement;
  /** The core's manifest, with placeholders for the deferred inputs. */
  readonly manifest: M;
  /** The manifest with the inputs put back. */
  readonly restored: M;
  readonly sealed: SealedInputs;
  /** The namespace as registered. */
  readonly namespace?: pulumi.Input<string>;
  /** Records the app's objects as emitted, once the component is registered. */
  readonly record: () => void;
  /** The Pulumi-only `replicasHandOff` arg, checked. */
  readonly replicasHandOff: boolean;
  /** What the objects of the app's calls wait for: the callees' SecureNamespaces. */
  readonly callDependsOn: readonly pulumi.Resource[];
}

/** What a callee component's call target does not carry as plain data: its namespace input and what its objects wait for. */
const callees = new WeakMap<CallTarget, { readonly namespace: unknown; readonly dependsOn: readonly pulumi.Resource[] }>();

/**
 * `allowTo` with each keelson app as a Call (a Call's target is plain data, which the input
 * deferral walks harmlessly; a component is not). A callee whose namespace is the caller's own
 * namespace input is in the caller's namespace. Collects what the calls' objects wait for.
 */
function withCalls(allowTo: unknown, namespace: unknown, dependsOn: pulumi.Resource[]): unknown {
  if (!Array.isArray(allowTo)) return allowTo;
  return allowTo.map((e: unknown) => {
    const call = isCallable(e) ? Call.to(e) : e;
    if (!(call instanceof Call)) return e;
    const info = callees.get(call.target);
    if (!info) return call;
    for (const d of info.dependsOn) if (!dependsOn.includes(d)) dependsOn.push(d);
    if (call.target.namespaceInput && info.namespace === namespace) {
      return Call.to({ ...call.target, namespaceInput: false, inCallerNamespace: true }, call.options);
    }
    return call;
  });
}

/**
 * The args of an app component, built by the core before anything is registered, exactly as the
 * cdk8s construct builds its props: args that are not an object reach the core as they are; a
 * SecureNamespace gives its name and admits the app; keelson apps in `allowFrom` become peers (reported by the core) and in `allowTo` calls; Pulumi
 * inputs at the component's `slots` are deferred (placeholders now, the real args checked once
 * known). `build` gets the props and, on the first build, the inputs (to tell what is deferred).
 */
export function prepareApp<M extends { readonly objects: readonly KubeObject[] }>(
  type: string,
  resourceName: string,
  args: unknown,
  opts: pulumi.ComponentResourceOptions,
  slots: readonly InputSlot[],
  build: (props: never, inputs?: PulumiInputs) => M,
): PreparedApp<M> {
  checkNotCircular(type, args, { id: resourceName });
  // Args that are not a plain object (null, an array, a Map) reach the core as they are, which reports them.
  const given = isRecord(args) ? args : undefined;
  const name = (given?.name ?? resourceName) as string;
  const placement = namespacePlacement(given?.namespace);
  const inputs = new PulumiInputs(type, name, slots);
  // `replicasHandOff` is the components' own arg: checked here, never given to the core.
  const { replicasHandOff: handOffArg, ...core } = given ?? {};
  const peers = given && 'allowFrom' in given
    ? { allowFrom: Array.isArray(given.allowFrom) ? given.allowFrom.map(toNetworkPeer) : given.allowFrom }
    : {};
  const callDependsOn: pulumi.Resource[] = [];
  const calls = given && 'allowTo' in given ? { allowTo: withCalls(given.allowTo, given.namespace, callDependsOn) } : {};
  const props = inputs.defer(given ? { ...core, name, namespace: placement.name, ...peers, ...calls } : args);
  let replicasHandOff = false;
  const manifest = buildWithArgs(
    type,
    name,
    (problems) => { replicasHandOff = checkHandOffArg(problems, handOffArg); },
    () => inputs.build(props as never, (p) => build(p, inputs)),
    (problems, m) => checkHandOffTargets(problems, replicasHandOff, m.objects),
  );
  // Nothing is registered (and nothing admitted) when an object clashes with another component's.
  const record = claimObjects(resourceName, opts, type, name, withInputNamespace(manifest.objects, props, given?.namespace, inputs));
  // The objects of calls to another namespace are the callee's namespace's concern.
  const admitted = manifest.objects.filter((o) => !isCallObject(o) || o.metadata.namespace === placement.name);
  placement.secureNamespace?.admit({ name, type, objects: admitted });
  const sealed = inputs.seal(props, (real) => build(real as never));
  const namespace = sealed.restore((props as { namespace?: string } | undefined)?.namespace);
  const restored = sealed.restoreManifest(manifest);
  return {
    name, placement, manifest, restored, sealed, record, replicasHandOff, callDependsOn, ...(namespace !== undefined ? { namespace } : {}),
  };
}

/** A number per namespace input (an Output or a promise), for the clash check. */
const namespaceInputs = new WeakMap<object, number>();
let lastNamespaceInput = 0;

/**
 * The objects as the clash check sees them: a namespace given as an input is a placeholder while
 * the component is built (the same for every component), so it stands for that input instead. Two
 * components given the same input (`ns.metadata.name`) are in one namespace; two different inputs
 * are taken for two namespaces (a clash between them is not seen before they resolve).
 */
function withInputNamespace(
  objects: readonly KubeObject[],
  props: unknown,
  namespace: unknown,
  inputs: PulumiInputs,
): readonly KubeObject[] {
  const placeholder = (props as { namespace?: unknown } | undefined)?.namespace;
  if (typeof placeholder !== 'string' || typeof namespace !== 'object' || namespace === null || !inputs.holdsPlaceholder(placeholder)) return objects;
  let n = namespaceInputs.get(namespace);
  if (n === undefined) namespaceInputs.set(namespace, (n = ++lastNamespaceInput));
  const key = `<namespace input ${n}>`;
  return objects.map((o) => (o.metadata.namespace === placeholder ? { ...o, metadata: { ...o.metadata, namespace: key } } : o));
}

/**
 * What every keelson app component shares (like cdk8s's AppConstruct): a name, a namespace and the
 * selector of its pods; its objects registered as typed children in apply order, each depending on
 * what must exist before it (derived once, from the objects themselves); its use as a peer.
 */
export abstract class AppComponent extends pulumi.ComponentResource implements BrandedApp {
  /** The construct type (`StatelessApp`, ...): what identifies a keelson app, and names it in errors. */
  public readonly [APP_BRAND]: string;
  /** The name of every object. */
  public readonly name: string;
  /** The namespace, when set: a name, or the namespace input once checked. */
  public readonly namespace?: pulumi.Input<string>;
  /** The labels that select this app's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /**
   * The Service in-cluster clients call (`<name>`, or a CanaryRelease's `<name>-stable` where the
   * routing has no shared Service); absent when no container exposes a port.
   */
  public readonly serviceName?: string;
  /** That Service's first port. */
  public readonly servicePort?: number;
  /**
   * The host names the app is served on from outside (Ingress hosts, HTTPRoute hostnames, Istio
   * `externalHosts`), as given: a string or the input.
   */
  public readonly hosts: ReadonlyArray<pulumi.Input<string>>;
  /**
   * Every child resource, keyed `Kind/name` (e.g. `Deployment/api-canary`), typed only as a
   * resource: prefer the typed properties (`deployment`, `service`, a CanaryRelease's
   * `canaryDeployment`, ...); this record stays for children without one and for generic code.
   */
  public readonly resources: Readonly<Record<string, pulumi.CustomResource>>;
  /** The app's objects, its namespace's mesh and what its children wait for: its call target. */
  private readonly callee: {
    readonly objects: readonly KubeObject[];
    readonly mesh: boolean;
    readonly dependsOn: readonly pulumi.Resource[];
    readonly namespace: unknown;
  };

  protected constructor(typeToken: string, name: string, parts: AppComponentParts, opts: pulumi.ComponentResourceOptions) {
    super(typeToken, name, {}, opts);
    parts.record();
    this[APP_BRAND] = parts.type;
    this.name = parts.name;
    this.namespace = parts.namespace;
    this.selector = parts.selector;
    const endpoints = endpointsOf<pulumi.Input<string>>(parts.name, parts.objects);
    this.serviceName = endpoints.serviceName;
    this.servicePort = endpoints.servicePort;
    this.hosts = endpoints.hosts;
    this.callee = {
      objects: parts.objects,
      mesh: parts.placement.secureNamespace?.peerAuthentication !== undefined,
      dependsOn: parts.placement.dependsOn,
      // The namespace as given (an input is compared with a caller's by identity).
      namespace: parts.placement.name,
    };
    const resources: Record<string, pulumi.CustomResource> = {};
    const handOff = parts.replicasHandOff ? autoscaledWorkloads(parts.objects) : new Set<string>();
    for (const obj of inDependencyOrder(parts.objects)) {
      // What an object depends on is registered before it.
      const dependsOn: pulumi.Resource[] = dependencies(obj, parts.objects).map((k) => resources[k]).filter((r) => r !== undefined);
      const suffix = this.logicalSuffix(obj);
      if (handOff.has(keyOf(obj))) {
        const handOffOptions = { parent: this, dependsOn: parts.sealed.dependsOn(parts.placement.dependsOn) };
        dependsOn.push(registerHandOff(`${name}-${suffix}`, obj, handOffOptions));
      }
      const calls = isCallObject(obj) ? parts.callDependsOn ?? [] : [];
      const after = parts.sealed.dependsOn([...dependsOn, ...parts.placement.dependsOn, ...calls]);
      const options = { ...parts.childOptions?.(obj), parent: this, dependsOn: after };
      resources[keyOf(obj)] = registerObject(name, obj, options, suffix);
    }
    // In the objects' (apply) order, whatever order they were registered in.
    this.resources = Object.fromEntries(parts.objects.map((o) => [keyOf(o), resources[keyOf(o)]]));
    this.registerOutputs({
      name: this.name,
      namespace: this.namespace,
      selector: this.selector,
      serviceName: this.serviceName,
      servicePort: this.servicePort,
      hosts: this.hosts,
      ...parts.outputs,
    });
  }

  /**
   * This app's pods as a keelson peer, for plain peers. Another keelson app does not name it: a
   * call between keelson apps is declared once, on the caller (`allowTo: [app]`).
   */
  public get networkPeer(): NetworkPeer {
    return PulumiNetworkPeer.selecting(this.selector, this.namespace).ofApp(`${this[APP_BRAND]} ${JSON.stringify(this.name)}`);
  }

  /** The app as the target of a call (`allowTo: [app]`, `Call.to(app, { port })`): its Service ports, pods and mesh. */
  public get callTarget(): CallTarget {
    const ns = this.namespace;
    const known = ns === undefined || typeof ns === 'string';
    const namespace = known ? (ns as string | undefined) : undefined;
    const target = callTargetOf(this[APP_BRAND], this.name, namespace, this.selector, this.callee.objects, this.callee.mesh);
    // Labels given as inputs stay off the callers' objects: a call target is plain data.
    const labels = Object.fromEntries(Object.entries(target.labels ?? {}).filter(([, v]) => typeof v === 'string'));
    const plain = { ...target, labels };
    const out: CallTarget = known ? plain : { ...plain, namespaceInput: true };
    callees.set(out, { namespace: this.callee.namespace, dependsOn: this.callee.dependsOn });
    return out;
  }

  /** The registered child for one of the app's objects. */
  protected child<T extends pulumi.CustomResource>(obj: { readonly kind?: string; readonly metadata?: { readonly name?: string } }): T;
  protected child<T extends pulumi.CustomResource>(
    obj: { readonly kind?: string; readonly metadata?: { readonly name?: string } } | undefined,
  ): T | undefined;
  protected child<T extends pulumi.CustomResource>(
    obj: { readonly kind?: string; readonly metadata?: { readonly name?: string } } | undefined,
  ): T | undefined {
    return obj && (this.resources[keyOf(obj)] as T);
  }

  /**
   * The end of a child's logical name, `<component>-<suffix>`: its kind, and what its name adds to
   * the app's (`deployment-canary`), so adding an object never renames another.
   */
  protected logicalSuffix(obj: KubeObject): string {
    // An app has at most one ServiceAccount, and its name need not start with the app's
    // (`serviceAccount.name`): renaming it keeps the child, which Pulumi replaces.
    if (obj.kind === 'ServiceAccount') return 'serviceaccount';
    // A call's objects are named after the callee: `networkpolicy-<callee>-from-<caller>`.
    if (isCallObject(obj)) return `${obj.kind.toLowerCase()}-${obj.metadata.name}`;
    const own = obj.metadata.name ?? '';
    return `${obj.kind.toLowerCase()}${own === this.name ? '' : own.slice(this.name.length)}`;
  }
}


/** What names an object: its kind and name. */
type ObjectRef = { readonly kind?: string; readonly metadata?: { readonly name?: string } };

function keyOf(o: ObjectRef): string {
  // A name derived from an input (a BatchJob's Job, whose hash covers an image given as an Output)
  // is an Output until the inputs are known: the app has one object of that kind, named so.
  const name = o.metadata?.name;
  return `${o.kind}/${typeof name === 'string' ? name : '<derived from an input>'}`;
}

/** The objects in an order where each comes after what it depends on (otherwise in the order given). */
export function inDependencyOrder(objects: readonly KubeObject[]): KubeObject[] {
  const byKey = new Map(objects.map((o) => [keyOf(o), o]));
  const placed = new Set<string>();
  const out: KubeObject[] = [];
  const place = (o: KubeObject, path: Set<string>): void => {
    const key = keyOf(o);
    if (placed.has(key) || path.has(key)) return;
    path.add(key);
    for (const d of dependencies(o, objects)) {
      const dep = byKey.get(d);
      if (dep) place(dep, path);
    }
    placed.add(key);
    out.push(o);
  };
  for (const o of objects) place(o, new Set());
  return out;
}

/**
 * `Kind/name` keys of the objects `obj` waits for: the pods for their ServiceAccount and
 * NetworkPolicy (and a StatefulSet for its headless Service, which gives the pods their DNS
 * names), a Rollout for its AnalysisTemplate, an autoscaler for its target, an Ingress, HTTPRoute or TraefikService for its Services, an
 * IngressRoute for its TraefikService, a VirtualService for the DestinationRule whose subsets it
 * routes to and the Service it routes for, and a Service
 * for the Deployments whose pods it selects. The provider awaits a Deployment's rollout (its
 * Service await only waits for settled endpoints, not ready ones), and the Service and the route
 * depend on the Deployment, so traffic reaches a track only once its pods are ready: a canary
 * added at a weight, or a blue/green switch to a colour scaled up in the same update, is routed
 * only after its pods run. Removed objects are deleted after every update, dependents
 * first, so a route stops sending to a track before its pods go.
 */
export function dependencies(obj: KubeObject, objects: readonly KubeObject[]): string[] {
  const spec = obj.spec as Record<string, any> | undefined;
  const own = (kind: string) => objects.filter((o) => o.kind === kind && o.metadata.name === obj.metadata.name).map(keyOf);
  const first = (kind: string) => objects.filter((o) => o.kind === kind).slice(0, 1).map(keyOf);
  switch (obj.kind) {
    case 'Service':
      return selected(spec?.selector, objects);
    case 'Rollout':
      // A Rollout also waits for the AnalysisTemplates its analysis runs.
      return [...first('ServiceAccount'), ...first('NetworkPolicy'), ...own('AnalysisTemplate')];
    case 'Deployment':
    case 'Job':
    case 'CronJob':
      return [...first('ServiceAccount'), ...first('NetworkPolicy')];
    case 'StatefulSet':
      return [...first('ServiceAccount'), ...first('NetworkPolicy'), `Service/${spec?.serviceName}`];
    case 'HorizontalPodAutoscaler':
      return [`${spec?.scaleTargetRef?.kind}/${spec?.scaleTargetRef?.name}`];
    case 'VerticalPodAutoscaler':
      return [`${spec?.targetRef?.kind}/${spec?.targetRef?.name}`];
    case 'Ingress':
      return [...new Set<string>((spec?.rules ?? []).flatMap((r: any) => (r.http?.paths ?? []).map((p: any) => `Service/${p.backend?.service?.name}`)))];
    case 'HTTPRoute':
    case 'GRPCRoute':
      return [...new Set<string>((spec?.rules ?? []).flatMap((r: any) => (r.backendRefs ?? []).map((b: any) => `Service/${b.name}`)))];
    case 'VirtualService':
      return [...own('DestinationRule'), ...own('Service'), ...own('Gateway')];
    case 'TraefikService':
      return [...new Set<string>((spec?.weighted?.services ?? []).map((b: any) => `Service/${b.name}`))];
    case 'IngressRoute':
      return own('TraefikService');
    case 'Canary':
      // Flagger's Canary waits for its target, its autoscaler and the Ingress it copies.
      return [spec?.targetRef, spec?.autoscalerRef, spec?.ingressRef].filter((r) => r !== undefined).map((r: any) => `${r.kind}/${r.name}`);
    default:
      return [];
  }
}

/** The Deployments whose pods a Service's selector picks (none for a Service without a selector). */
function selected(selector: Record<string, string> | undefined, objects: readonly KubeObject[]): string[] {
  if (!selector || Object.keys(selector).length === 0) return [];
  return objects.filter((o) => {
    if (o.kind !== 'Deployment') return false;
    const labels = (o.spec as { template?: { metadata?: { labels?: Record<string, unknown> } } } | undefined)?.template?.metadata?.labels ?? {};
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
  }).map(keyOf);
}
