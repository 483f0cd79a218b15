const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };

/**
 * A Kubernetes resource quantity (`250m`, `1.5`, `256Mi`, `1e3`), parsed so that two
 * quantities can be compared exactly (a request must not exceed its limit).
 *
 * Factories never throw: a bad value (`Quantity.mebibytes(-1)`, `Quantity.parse('lots')`) is
 * reported by the construct that uses it, with the property path, among all other problems.
 */
export class Quantity {
  /** Parses a quantity string as Kubernetes writes it. */
  public static parse(text: string): Quantity {
    const t = asText(text);
    return new Quantity(t, parsedNanos(t));
  }

  /** CPU in thousandths of a core: `Quantity.millicores(250)` is `250m`. */
  public static millicores(n: number): Quantity {
    return Quantity.fromNumber(n, 'm');
  }

  /** Whole or fractional CPU cores: `Quantity.cores(2)` is `2`. */
  public static cores(n: number): Quantity {
    return Quantity.fromNumber(n, '');
  }

  /** Bytes in units of 2^10: `Quantity.kibibytes(512)` is `512Ki`. */
  public static kibibytes(n: number): Quantity {
    return Quantity.fromNumber(n, 'Ki');
  }

  /** Bytes in units of 2^20: `Quantity.mebibytes(256)` is `256Mi`. */
  public static mebibytes(n: number): Quantity {
    return Quantity.fromNumber(n, 'Mi');
  }

  /** Bytes in units of 2^30: `Quantity.gibibytes(10)` is `10Gi`. */
  public static gibibytes(n: number): Quantity {
    return Quantity.fromNumber(n, 'Gi');
  }

  /** Accepts a Quantity as it is, or parses a string. */
  public static of(value: Quantity | string): Quantity {
    return value instanceof Quantity ? value : Quantity.parse(value);
  }

  private static fromNumber(n: number, suffix: string): Quantity {
    return Quantity.parse(`${asText(n)}${suffix}`);
  }

  private static fromNanos(nanos: bigint): Quantity {
    // Prefer the most readable exact form: binary units for bytes-like values, then m, then n.
    const whole = nanos % 1_000_000_000n === 0n ? nanos / 1_000_000_000n : undefined;
    if (whole !== undefined) {
      for (const [suffix, bits] of [['Gi', 30n], ['Mi', 20n], ['Ki', 10n]] as const) {
        const unit = 2n ** bits;
        if (whole !== 0n && whole % unit === 0n) return new Quantity(`${whole / unit}${suffix}`, nanos);
      }
      return new Quantity(`${whole}`, nanos);
    }
    if (nanos % 1_000_000n === 0n) return new Quantity(`${nanos / 1_000_000n}m`, nanos);
    return new Quantity(`${nanos}n`, nanos);
  }

  /**
   * The value in units of 10^-9, rounded up as Kubernetes rounds sub-nano precision; undefined
   * when the text is not a quantity.
   */
  private readonly nanos: bigint | undefined;

  private constructor(private readonly text: string, nanos: bigint | undefined) {
    this.nanos = nanos;
  }

  /** True when the text parsed as a Kubernetes quantity. */
  public get isValid(): boolean {
    return this.nanos !== undefined;
  }

  /** True when valid and greater than zero. */
  public get isPositive(): boolean {
    return this.nanos !== undefined && this.nanos > 0n;
  }

  /** -1, 0 or 1; both must be valid. */
  public compare(other: Quantity): number {
    const a = this.nanos ?? 0n;
    const b = other.nanos ?? 0n;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** True when both are valid and this is a whole multiple of `unit` (e.g. of `1m`: whole millicores). */
  public isMultipleOf(unit: Quantity): boolean {
    return this.nanos !== undefined && unit.nanos !== undefined && unit.nanos !== 0n && this.nanos % unit.nanos === 0n;
  }

  /** This quantity multiplied by a whole number (e.g. per-pod request × replicas). */
  public times(n: number): Quantity {
    if (this.nanos === undefined || !Number.isInteger(n)) return new Quantity(`${this.text}×${n}`, undefined);
    return Quantity.fromNanos(this.nanos * BigInt(n));
  }

  /** The sum of two quantities. */
  public plus(other: Quantity): Quantity {
    if (this.nanos === undefined || other.nanos === undefined) {
      return new Quantity(`${this.text}+${other.text}`, undefined);
    }
    return Quantity.fromNanos(this.nanos + other.nanos);
  }

  /** The value as a JavaScript number in base units (cores or bytes); for messages and ratios. */
  public toNumber(): number {
    return this.nanos === undefined ? NaN : Number(this.nanos) / 1e9;
  }

  /** The quantity as written (factories write the shortest conventional form). */
  public toString(): string {
    return this.text;
  }
}

/** A string or number as text; anything else (from JavaScript) becomes a marker that never parses. */
function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : `<${value === null ? 'null' : typeof value}>`;
}

/**
 * Parsed values by text: apps repeat the same few quantities (`100m`, `128Mi`, every default), and
 * parsing into a bigint is most of what a quantity costs. Bounded (short texts only, cleared when full).
 */
const PARSED = new Map<string, bigint | undefined>();
const PARSED_MAX = 1024;

function parsedNanos(text: string): bigint | undefined {
  if (PARSED.has(text)) return PARSED.get(text);
  const nanos = parseNanos(text);
  if (text.length > 64) return nanos;
  if (PARSED.size >= PARSED_MAX) PARSED.clear();
  PARSED.set(text, nanos);
  return nanos;
}

function parseNanos(text: string): bigint | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, number, suffix = ''] = m;
  const [intPart, fracPart = ''] = number.split('.');
  let mantissa = BigInt((intPart || '0') + fracPart);
  let exp10 = -fracPart.length + 9; // to nanos
  let exp2 = 0;
  if (suffix in BINARY) exp2 = BINARY[suffix];
  else if (suffix in DECIMAL) exp10 += DECIMAL[suffix];
  else exp10 += Number(suffix.slice(1));
  if (Math.abs(exp10) > 400) return undefined; // absurd exponents would allocate enormous numbers
  mantissa *= 2n ** BigInt(exp2);
  let nanos: bigint;
  if (exp10 >= 0) {nanos = mantissa * 10n ** BigInt(exp10);} else {
    const div = 10n ** BigInt(-exp10);
    nanos = (mantissa + div - 1n) / div;
  }
  return sign === '-' ? -nanos : nanos;
}
