/**
 * Exact decimal arithmetic on decimal strings — money, rates and ratios — as BigInt fixed point,
 * never through a float. Values carry their scale (digits after the point); sums and products
 * keep every digit, and only `div` and `round` drop digits, by an explicit rounding mode.
 *
 *     Dec.of('100.00').minus('72.50').div('100.00', 4).toString()   // '0.2750'
 */
export type Rounding =
  /** To the nearest, ties to the even neighbour (banker's rounding): no bias over many values. */
  | 'HALF_EVEN'
  /** Towards −∞ (e.g. a pay rate that must not exceed a ceiling). */
  | 'FLOOR'
  /** Towards +∞. */
  | 'CEIL';

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;
const pow10 = (n: number) => 10n ** BigInt(n);

/** `n / d` (d > 0) rounded to an integer by `mode`. */
function divRound(n: bigint, d: bigint, mode: Rounding): bigint {
  if (d < 0n) return divRound(-n, -d, mode);
  const q = n / d; // truncates towards zero
  const r = n % d;
  if (r === 0n) return q;
  const negative = n < 0n;
  if (mode === 'FLOOR') return negative ? q - 1n : q;
  if (mode === 'CEIL') return negative ? q : q + 1n;
  const twice = (r < 0n ? -r : r) * 2n;
  const away = twice > d || (twice === d && q % 2n !== 0n);
  return away ? (negative ? q - 1n : q + 1n) : q;
}

export class Dec {
  private constructor(
    /** The value × 10^scale. */
    readonly units: bigint,
    readonly scale: number,
  ) {}

  /** Parses `-12.345`-style strings (no exponent, no grouping); a Dec or bigint passes through. */
  static of(value: string | bigint | Dec): Dec {
    if (value instanceof Dec) return value;
    if (typeof value === 'bigint') return new Dec(value, 0);
    const m = DECIMAL.exec(value.trim());
    if (!m) throw new TypeError(`Not a decimal string: ${JSON.stringify(value)}`);
    const fraction = m[3] ?? '';
    const units = BigInt(`${m[2]}${fraction}`);
    return new Dec(m[1] ? -units : units, fraction.length);
  }

  /** Whether `value` is a plain decimal string `Dec.of` accepts. */
  static isDecimal(value: string): boolean {
    return DECIMAL.test(value.trim());
  }

  private at(scale: number): bigint {
    return this.units * pow10(scale - this.scale);
  }

  plus(other: string | Dec): Dec {
    const o = Dec.of(other);
    const scale = Math.max(this.scale, o.scale);
    return new Dec(this.at(scale) + o.at(scale), scale);
  }

  minus(other: string | Dec): Dec {
    const o = Dec.of(other);
    const scale = Math.max(this.scale, o.scale);
    return new Dec(this.at(scale) - o.at(scale), scale);
  }

  times(other: string | Dec): Dec {
    const o = Dec.of(other);
    return new Dec(this.units * o.units, this.scale + o.scale);
  }

  /** this / other, rounded to `scale` places by `mode`. Throws on division by zero. */
  div(other: string | Dec, scale: number, mode: Rounding = 'HALF_EVEN'): Dec {
    const o = Dec.of(other);
    if (o.units === 0n) throw new RangeError('Division by zero');
    // (a / 10^sa) / (b / 10^sb) × 10^scale = a × 10^(scale + sb) / (b × 10^sa)
    return new Dec(divRound(this.units * pow10(scale + o.scale), o.units * pow10(this.scale), mode), scale);
  }

  /** The value at exactly `scale` places: padded, or rounded by `mode`. */
  round(scale: number, mode: Rounding = 'HALF_EVEN'): Dec {
    if (scale >= this.scale) return new Dec(this.at(scale), scale);
    return new Dec(divRound(this.units, pow10(this.scale - scale), mode), scale);
  }

  /** −1, 0 or 1. */
  cmp(other: string | Dec): -1 | 0 | 1 {
    const o = Dec.of(other);
    const scale = Math.max(this.scale, o.scale);
    const a = this.at(scale);
    const b = o.at(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  lt(other: string | Dec): boolean {
    return this.cmp(other) < 0;
  }
  lte(other: string | Dec): boolean {
    return this.cmp(other) <= 0;
  }
  gt(other: string | Dec): boolean {
    return this.cmp(other) > 0;
  }
  gte(other: string | Dec): boolean {
    return this.cmp(other) >= 0;
  }
  eq(other: string | Dec): boolean {
    return this.cmp(other) === 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }
  isNegative(): boolean {
    return this.units < 0n;
  }

  static min(a: string | Dec, b: string | Dec): Dec {
    return Dec.of(a).lte(b) ? Dec.of(a) : Dec.of(b);
  }
  static max(a: string | Dec, b: string | Dec): Dec {
    return Dec.of(a).gte(b) ? Dec.of(a) : Dec.of(b);
  }

  /** The decimal string at `scale` places (rounded by `mode` when digits are dropped). */
  toFixed(scale: number, mode: Rounding = 'HALF_EVEN'): string {
    return this.round(scale, mode).toString();
  }

  /** The decimal string with every digit of its scale, e.g. `-0.0500`. */
  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const whole = digits.slice(0, digits.length - this.scale);
    const fraction = this.scale > 0 ? `.${digits.slice(digits.length - this.scale)}` : '';
    return `${negative ? '-' : ''}${whole}${fraction}`;
  }
}
