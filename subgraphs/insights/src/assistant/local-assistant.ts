import type { Tx } from '@wg/db';
import { scopeFor } from '@wg/runtime';
import { analyticsQueries, type ProjectRanking } from '../analytics/analytics.service';
import type { InsightsContext } from '../loaders';
import type { Assistant, HistoryMessage } from './assistant';

export type Intent =
  | 'headcount'
  | 'departments'
  | 'projects'
  | 'financials'
  | 'productivity'
  | 'topProjects'
  | 'trend';

const PATTERNS: Record<Intent, RegExp> = {
  headcount: /\bhead\s*-?count|\bemployees?\b|\bstaff\b|\bpeople\b|\bworkforce\b|\bteam size\b|\bworkers?\b/,
  departments: /\bdepartments?\b|\bdepts?\b/,
  projects: /\bprojects?\b/,
  financials:
    /\brevenue|\bsales\b|\bincome\b|\bearn|\bcosts?\b|\bspend|\bprofit|\bmargin|\broi\b|\breturn on\b/,
  productivity: /\bproductiv|\bper hour\b|\bhourly\b|\bhours?\b|\butili[sz]/,
  topProjects: /\b(top|best|biggest|largest|highest|leading|most (profitable|valuable|lucrative)|rank\w*)\b/,
  trend: /\btrends?\b|\bmonthly\b|\bper month\b|\bby month\b|\bover time\b|\bmonth over month\b|\bhistory\b/,
};

/** Which questions a message asks (several at once are fine) and how to rank projects. */
export function detectIntents(question: string): { intents: Intent[]; ranking: ProjectRanking } {
  const q = question.toLowerCase();
  const has = (intent: Intent) => PATTERNS[intent].test(q);
  const intents = new Set<Intent>();
  const projectWord = has('projects');
  if (projectWord && (has('topProjects') || /\bprojects? by\b|\b(by|per) projects?\b/.test(q))) {
    intents.add('topProjects');
  } else if (projectWord) intents.add('projects');
  if (has('headcount')) intents.add('headcount');
  if (has('departments')) intents.add('departments');
  if (has('trend')) intents.add('trend');
  if (has('productivity')) intents.add('productivity');
  // "top projects by revenue", "monthly revenue trend", "revenue per hour": the money words only
  // qualify another question; company totals are added only when asked for as such.
  const qualified = intents.has('topProjects') || intents.has('trend') || intents.has('productivity');
  if (has('financials') && (!qualified || /\b(total|overall|company|and (cost|profit|roi))\b/.test(q))) {
    intents.add('financials');
  }
  const ranking: ProjectRanking = /\broi\b|\breturn\b|\bprofitab|\bmargin/.test(q) ? 'roi' : 'revenue';
  const order: Intent[] = [
    'headcount',
    'departments',
    'projects',
    'financials',
    'productivity',
    'topProjects',
    'trend',
  ];
  return { intents: order.filter((i) => intents.has(i)), ranking };
}

/**
 * Approximate token count: whitespace-separated words. The local assistant has no tokenizer; real
 * model tokens run somewhat higher than words, which is close enough for usage display.
 */
export const countTokens = (text: string) => text.split(/\s+/).filter(Boolean).length;

const FALLBACK = [
  'I answer questions about your company’s workforce figures, for example:',
  '• “What is our headcount?” (also by department)',
  '• “How many departments do we have?” / “How many projects?”',
  '• “What are our revenue, cost, profit and ROI?”',
  '• “How productive are we?” (revenue per hour logged)',
  '• “Top projects by revenue” or “top projects by ROI”',
  '• “Show the monthly trend”',
].join('\n');

/** Whether the caller holds `resource:action` for the whole tenant. */
const has = (ctx: InsightsContext, permission: `${string}:${string}`) => {
  const [resource, action] = permission.split(':') as [string, string];
  return scopeFor(ctx.identity, resource, action) === 'all';
};

/** Company-wide figures need what `companyAnalytics` needs; a count also follows from reading the list. */
const allowed: Record<Intent, (ctx: InsightsContext) => boolean> = {
  headcount: (ctx) => has(ctx, 'analytics:read') || has(ctx, 'employee:read'),
  departments: (ctx) => has(ctx, 'analytics:read') || has(ctx, 'department:read'),
  projects: (ctx) => has(ctx, 'analytics:read') || has(ctx, 'project:read'),
  financials: (ctx) => has(ctx, 'analytics:read'),
  productivity: (ctx) => has(ctx, 'analytics:read'),
  topProjects: (ctx) => has(ctx, 'analytics:read'),
  trend: (ctx) => has(ctx, 'analytics:read'),
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Each answer is a template filled only with values a query returned: nothing is estimated. */
async function answer(tx: Tx, intent: Intent, ranking: ProjectRanking): Promise<string> {
  switch (intent) {
    case 'headcount': {
      const { employees } = await analyticsQueries.counts(tx);
      const byDept = await analyticsQueries.headcountByDepartment(tx);
      const parts = byDept.slice(0, 8).map((d) => `${d.name ?? 'unknown department'} ${d.employees}`);
      const more =
        byDept.length > 8 ? `, and ${plural(byDept.length - 8, 'more department', 'more departments')}` : '';
      const breakdown = parts.length > 0 ? ` By department: ${parts.join(', ')}${more}.` : '';
      return `Your headcount is ${plural(employees, 'active employee', 'active employees')}.${breakdown}`;
    }
    case 'departments': {
      const { departments } = await analyticsQueries.counts(tx);
      return `You have ${plural(departments, 'department', 'departments')}.`;
    }
    case 'projects': {
      const { projects } = await analyticsQueries.counts(tx);
      return `You have ${plural(projects, 'project', 'projects')}.`;
    }
    case 'financials': {
      const t = await analyticsQueries.totals(tx);
      if (t.roi === null && t.productivity === null && t.revenue === '0.00' && t.cost === '0.00') {
        return 'No hours have been costed yet, so there is no revenue, cost or profit to report.';
      }
      const roi =
        t.roi === null ? 'ROI is undefined while labour cost is zero.' : `ROI (profit ÷ cost) is ${t.roi}.`;
      return (
        `Total revenue is ${t.revenue} ${t.currency} against a labour cost of ${t.cost} ${t.currency}, ` +
        `a profit of ${t.profit} ${t.currency}. ${roi}`
      );
    }
    case 'productivity': {
      const t = await analyticsQueries.totals(tx);
      if (t.productivity === null) return 'No hours are logged yet, so there is no productivity figure.';
      return (
        `Productivity is ${t.productivity} ${t.currency} of revenue per hour logged ` +
        `(${t.revenue} ${t.currency} over ${t.hours} hours).`
      );
    }
    case 'topProjects': {
      const [projects, t] = await Promise.all([
        analyticsQueries.topProjects(tx, ranking, 5),
        analyticsQueries.totals(tx),
      ]);
      if (projects.length === 0) return 'No project has costed hours yet, so there is nothing to rank.';
      const lines = projects.map(
        (p, i) =>
          `${i + 1}. ${p.name ?? `Project ${p.projectId}`}: revenue ${p.revenue} ${t.currency}, ` +
          `cost ${p.cost} ${t.currency}, profit ${p.profit} ${t.currency}, ROI ${p.roi ?? 'n/a'}, ${p.hours} hours`,
      );
      return [`Top projects by ${ranking === 'roi' ? 'ROI' : 'revenue'}:`, ...lines].join('\n');
    }
    case 'trend': {
      const [months, t] = await Promise.all([analyticsQueries.monthly(tx, 12), analyticsQueries.totals(tx)]);
      if (months.length === 0) return 'No hours have been costed yet, so there is no monthly trend.';
      const lines = months.map(
        (m) =>
          `${m.month.slice(0, 7)}: revenue ${m.revenue}, cost ${m.cost}, profit ${m.profit}, ${m.hours} hours`,
      );
      return [
        `Monthly trend (${t.currency}, last ${plural(months.length, 'month', 'months')} with data):`,
        ...lines,
      ].join('\n');
    }
  }
}

const DENIED: Record<Intent, string> = {
  headcount: 'headcount',
  departments: 'the number of departments',
  projects: 'the number of projects',
  financials: 'company revenue, cost and profit',
  productivity: 'company productivity',
  topProjects: 'project rankings',
  trend: 'the monthly trend',
};

/**
 * The built-in assistant (no API key needed): it recognises a handful of question types by
 * keyword and answers each from the tenant's projections, in the caller's transaction and within
 * the caller's permissions. Anything else gets a list of what it can answer.
 */
export const localAssistant: Assistant = {
  async reply(ctx, _conversation, history: readonly HistoryMessage[]) {
    const question = [...history].reverse().find((m) => m.role === 'USER')?.content ?? '';
    const { intents, ranking } = detectIntents(question);
    let content: string;
    if (intents.length === 0) {
      content = FALLBACK;
    } else {
      const permitted = intents.filter((i) => allowed[i](ctx));
      const denied = intents.filter((i) => !allowed[i](ctx));
      const answers =
        permitted.length > 0
          ? await ctx.tx(async (tx) => {
              const out: string[] = [];
              // One at a time: a transaction is one connection, and each answer is a query or two.
              for (const intent of permitted) out.push(await answer(tx, intent, ranking));
              return out;
            })
          : [];
      if (denied.length > 0) {
        answers.push(
          `I can’t share ${denied.map((i) => DENIED[i]).join(', ')} with you: your role does not allow reading ` +
            'those figures for the whole company.',
        );
      }
      content = answers.join('\n\n');
    }
    return {
      content,
      usage: { promptTokens: countTokens(question), completionTokens: countTokens(content) },
    };
  },
};
