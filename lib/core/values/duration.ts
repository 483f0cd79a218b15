/**
 * A length of time. Kubernetes fields take whole seconds; Istio takes strings like `250ms`.
 * Factories never throw: a negative or non-finite value is reported by the construct that
 * uses it, with the property path.
 */
export class Duration {
  /** `Duration.millis(250)` */
  public static millis(n: number): Duration {
    return new Duration(toNumber(n));
  }

  /** `Duration.seconds(30)` */
  public static seconds(n: number): Duration {
    return new Duration(toNumber(n) * 1000);
  }

  /** `Duration.minutes(5)` */
  public static minutes(n: number): Duration {
    return new Duration(toNumber(n) * 60_000);
  }

  private constructor(private readonly ms: number) {}

  /** The duration in milliseconds. */
  public toMillis(): number {
    return this.ms;
  }

  /** The duration in seconds (possibly fractional). */
  public toSeconds(): number {
    return this.ms / 1000;
  }

  /** True when finite and not negative. */
  public get isValid(): boolean {
    return Number.isFinite(this.ms) && this.ms >= 0;
  }

  /** True when a whole number of seconds (what Kubernetes' `*Seconds` fields accept). */
  public get isWholeSeconds(): boolean {
    return this.isValid && this.ms % 1000 === 0;
  }

  /** `30s`, `1500ms`: the form Istio and Go's time.ParseDuration accept. */
  public toString(): string {
    return this.ms % 1000 === 0 ? `${this.ms / 1000}s` : `${this.ms}ms`;
  }
}

/** A number as given; anything else (from JavaScript) becomes NaN, which the construct reports. */
function toNumber(n: unknown): number {
  return typeof n === 'number' ? n : NaN;
}
