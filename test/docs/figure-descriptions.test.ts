import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type FieldDefinitionNode, type InputValueDefinitionNode, Kind, parse, type TypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';

/**
 * Issue #12: every money or ratio field's description states its formula and its period, over the
 * whole public supergraph. A field is a figure when its type is `Money` or `Decimal`, or its name
 * reads like one (cost, revenue, profit, roi, margin, rate, salary, utilization). Its description
 * must say how the number is made (an operator, a sum, "per …", or that it is an amount as entered)
 * and over which period (all time, a month, a year, today, a date range, per hour / per period …).
 * Arguments and input fields are values the caller gives, not figures, and are not checked.
 */
const supergraph = readFileSync(
  fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url)),
  'utf8',
);

const FIGURE_TYPES = new Set(['Money', 'Decimal']);
const FIGURE_NAME = /cost|revenue|profit|roi|margin|rate|salary|utili[sz]ation/i;
/** How it is made: an arithmetic sign, a sum, a ratio, or "as entered/recorded" for a given amount. */
export const FORMULA =
  /[=×÷/−+Σ]|\bsum\b|\bper\b|\btimes\b|\bratio\b|\bdivided\b|\bas (entered|recorded|set|given)\b|\bannualised\b/i;
/** Over which period. */
export const PERIOD =
  /\ball time\b|\bmonth|\byear|\bannual|\btoday\b|\bday\b|\bdays\b|\bdate\b|\bperiod\b|\bweek|\bhour\b|\bhourly\b|\bsince\b|\bfrom\b.*\b(on|until|to)\b|\btrailing\b|\bwindow\b/i;

const named = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : named(t.type));

/** Fields of object and interface types that are figures, with their descriptions. */
export function figureFields(sdl: string): { coordinate: string; description: string }[] {
  const out: { coordinate: string; description: string }[] = [];
  for (const def of parse(sdl).definitions) {
    if (
      def.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      def.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      def.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      def.kind !== Kind.INTERFACE_TYPE_EXTENSION
    )
      continue;
    // Money's own `amount` is the value every figure carries, described by the figure's field.
    if (
      def.name.value === 'Money' ||
      def.name.value.startsWith('join__') ||
      def.name.value.startsWith('link__')
    )
      continue;
    for (const f of (def.fields ?? []) as readonly (FieldDefinitionNode | InputValueDefinitionNode)[]) {
      const inaccessible = f.directives?.some((d) => d.name.value === 'inaccessible');
      if (inaccessible) continue;
      const type = named(f.type);
      if (!FIGURE_TYPES.has(type) && !FIGURE_NAME.test(f.name.value)) continue;
      // Objects that merely carry a figure (a `ProjectBillingRate`) are described by their own fields.
      // A name alone makes a number a figure, not a code (`Department.costCentre` is a String).
      if (!FIGURE_TYPES.has(type) && !['Float', 'Int'].includes(type)) continue;
      out.push({ coordinate: `${def.name.value}.${f.name.value}`, description: f.description?.value ?? '' });
    }
  }
  return out;
}

describe('money and ratio fields state their formula and period', () => {
  const fields = figureFields(supergraph);

  it('finds the figures (the check is not vacuous)', () => {
    const names = fields.map((f) => f.coordinate);
    for (const c of ['CompanyAnalytics.roi', 'ProjectFinancials.cost', 'Compensation.baseSalary']) {
      expect(names).toContain(c);
    }
  });

  it('every one names a formula and a period', () => {
    const missing = fields.flatMap((f) => {
      const problems = [
        ...(FORMULA.test(f.description) ? [] : ['formula']),
        ...(PERIOD.test(f.description) ? [] : ['period']),
      ];
      return problems.length > 0 ? [`${f.coordinate} (no ${problems.join(', no ')}): ${f.description}`] : [];
    });
    expect(missing).toEqual([]);
  });

  it('rejects a description without a formula or without a period', () => {
    expect(FORMULA.test('Revenue of the project.')).toBe(false);
    expect(PERIOD.test('`revenue − cost`.')).toBe(false);
    expect(FORMULA.test('`revenue − cost`') && PERIOD.test('over the month')).toBe(true);
  });
});
