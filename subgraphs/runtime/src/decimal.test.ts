import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from './decimal';

describe('Dec (exact decimal strings)', () => {
  it('adds, subtracts and multiplies without losing a digit', () => {
    expect(Dec.of('0.10').plus('0.20').toString()).toBe('0.30');
    expect(Dec.of('6.50').minus('8.00').toString()).toBe('-1.50');
    expect(Dec.of('329.88').minus('-0.12').toString()).toBe('330.00');
    expect(Dec.of('100.00').times('0.2500').toString()).toBe('25.000000');
    expect(Dec.of('-0.05').toString()).toBe('-0.05');
    expect(Dec.of('7').minus('7.50').toString()).toBe('-0.50');
  });

  it('divides to a scale by the rounding mode it is given', () => {
    expect(Dec.of('27.50').div('100.00', 4).toString()).toBe('0.2750');
    expect(Dec.of('1').div('3', 4).toString()).toBe('0.3333');
    expect(Dec.of('2').div('3', 4).toString()).toBe('0.6667');
    // Ties go to the even neighbour.
    expect(Dec.of('0.00125').round(4).toString()).toBe('0.0012');
    expect(Dec.of('0.00135').round(4).toString()).toBe('0.0014');
    expect(Dec.of('-0.00125').round(4).toString()).toBe('-0.0012');
    expect(Dec.of('1').div('8', 2).toString()).toBe('0.12');
    expect(Dec.of('3').div('8', 2).toString()).toBe('0.38');
    // Floor and ceiling.
    expect(Dec.of('79.999').round(2, 'FLOOR').toString()).toBe('79.99');
    expect(Dec.of('-79.991').round(2, 'FLOOR').toString()).toBe('-80.00');
    expect(Dec.of('79.991').round(2, 'CEIL').toString()).toBe('80.00');
    expect(Dec.of('10').div('-4', 1).toString()).toBe('-2.5');
    expect(() => Dec.of('1').div('0.00', 2)).toThrow(RangeError);
  });

  it('compares across scales', () => {
    expect(Dec.of('7.5').eq('7.50')).toBe(true);
    expect(Dec.of('0.2').gt('0.1999')).toBe(true);
    expect(Dec.of('-1').lt('0')).toBe(true);
    expect(Dec.min('3.10', '3.1').toString()).toBe('3.10');
    expect(Dec.max('2', '2.01').toString()).toBe('2.01');
  });

  it('refuses what is not a plain decimal string', () => {
    for (const bad of ['', '1e3', '1,5', '.5', '5.', 'NaN', '0x10', '--1']) {
      expect(Dec.isDecimal(bad), bad).toBe(false);
      expect(() => Dec.of(bad)).toThrow(TypeError);
    }
  });

  it('agrees with integer arithmetic in cents (property)', () => {
    const cents = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n });
    const str = (c: bigint) =>
      `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`;
    fc.assert(
      fc.property(cents, cents, (a, b) => {
        expect(Dec.of(str(a)).plus(str(b)).toString()).toBe(str(a + b));
        expect(Dec.of(str(a)).minus(str(b)).toString()).toBe(str(a - b));
        expect(Dec.of(str(a)).cmp(str(b))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });

  it('rounds a quotient to within half a unit of the exact value (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (n, d) => {
          const q = Dec.of(String(n)).div(String(d), 4);
          // |q × d − n| ≤ d / 2 × 10^-4, i.e. |q.units × d − n × 10^4| ≤ d / 2
          const err = q.units * BigInt(d) - BigInt(n) * 10_000n;
          expect((err < 0n ? -err : err) * 2n <= BigInt(d)).toBe(true);
        },
      ),
    );
  });
});
