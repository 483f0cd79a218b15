import { GivenOptions, given, optionsOf } from './given';

/** Options for a container port. */
export interface PortOptions {
  /**
   * The port's name: the Service's `targetPort`, the probes' port and, in Istio, the protocol hint.
   * @default the protocol's conventional name (`http`, `grpc`, `tcp`, `udp`)
   */
  readonly name?: string;
  /**
   * The port the Service listens on.
   * @default 80 for HTTP (callers use `http://<app>` with no port), the container port otherwise
   */
  readonly servicePort?: number;
  /**
   * Whether the Service and the NetworkPolicy expose this port.
   * @default true. Set false for ports only the kubelet or a sidecar reaches (e.g. an admin port).
   */
  readonly expose?: boolean;
}

const PORT_OPTION_KEYS = ['name', 'servicePort', 'expose'];

/** What a port speaks; decides the default probes and the Service's `appProtocol`. */
export type PortProtocol = 'http' | 'grpc' | 'tcp' | 'udp';

/**
 * A port a container listens on. `Port.http(8080)` is the common case.
 */
export class Port {
  /** An HTTP port: default probes are HTTP GETs, Service port 80. */
  public static http(containerPort: number, options: PortOptions = {}): Port {
    return new Port('http', containerPort, options);
  }

  /** A gRPC port: default probes use the gRPC health protocol. */
  public static grpc(containerPort: number, options: PortOptions = {}): Port {
    return new Port('grpc', containerPort, options);
  }

  /** A plain TCP port (databases, brokers): default probes open a TCP connection. */
  public static tcp(containerPort: number, options: PortOptions = {}): Port {
    return new Port('tcp', containerPort, options);
  }

  /** A UDP port: no default probe can check it, declare probes yourself. */
  public static udp(containerPort: number, options: PortOptions = {}): Port {
    return new Port('udp', containerPort, options);
  }

  /** The port's name (`http` unless set). */
  public readonly name: string;
  /** The port the Service listens on. */
  public readonly servicePort: number;
  /** Whether the Service and NetworkPolicy expose it. */
  public readonly expose: boolean;
  /** The options as given, for the construct to check. @internal */
  public readonly given: readonly GivenOptions[];

  private constructor(
    /** What the port speaks. */
    public readonly protocol: PortProtocol,
    /** The port the container listens on. */
    public readonly containerPort: number,
    options: PortOptions,
  ) {
    // Options that are not an object (from JavaScript) count as none here and are reported by the
    // construct, as are bad values: factories never throw.
    const o = optionsOf(options);
    this.name = o.name ?? protocol;
    this.servicePort = o.servicePort ?? (protocol === 'http' ? 80 : containerPort);
    this.expose = o.expose ?? true;
    this.given = [given(options, PORT_OPTION_KEYS, ['ContainerPort', 'ServicePort'])];
  }

  /** The Kubernetes transport protocol. */
  public get transport(): 'TCP' | 'UDP' {
    return this.protocol === 'udp' ? 'UDP' : 'TCP';
  }
}
