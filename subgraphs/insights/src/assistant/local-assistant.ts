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
  headcount: (ctx) =>
    has(ctx, 'analytics:read') || has(ctx, 'employee:read') || has(ctx, 'employee_directory:read'),
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
      // The projections count everyone on the books: ACTIVE and ON_LEAVE.
      return `Your headcount is ${plural(employees, 'employee', 'employees')} (active or on leave).${breakdown}`;
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
        t.roi === null
          ? 'ROI is undefined while the employment cost is zero.'
          : `ROI (profit ÷ employment cost) is ${t.roi}.`;
      return (
        `Total revenue is ${t.revenue} ${t.currency} against an employment cost of ${t.cost} ${t.currency} ` +
        `(salaries of everyone employed, pro-rated to today; labour on logged hours ${t.laborCost} ${t.currency}` +
        `), a profit of ${t.profit} ${t.currency}. ${roi}`
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
        `Monthly trend (${t.currency}, the last 12 complete months; ${plural(months.length, 'month', 'months')} with data):`,
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
 * What the caller asked for, answered from the tenant's projections in the caller's transaction
 * and within the caller's permissions; intents they may not read are declined by name. No intent
 * recognised: a list of what can be answered.
 */
export async function answerQuestion(ctx: InsightsContext, question: string): Promise<string> {
  const { intents, ranking } = detectIntents(question);
  if (intents.length === 0) return FALLBACK;
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
  return answers.join('\n\n');
}

/** Which of the assistant's topics the caller may ask about (suggested prompts, grounding). */
export const permittedIntents = (ctx: InsightsContext): Intent[] =>
  (Object.keys(allowed) as Intent[]).filter((i) => allowed[i](ctx));

/**
 * Everything the caller may see that the assistant knows about, as plain sentences: the grounding a
 * language model gets in its system prompt, so it answers from real numbers rather than inventing.
 */
export async function groundingFacts(ctx: InsightsContext): Promise<string> {
  const intents = permittedIntents(ctx);
  if (intents.length === 0) return 'The caller may not read any company figures.';
  return ctx.tx(async (tx) => {
    const out: string[] = [];
    for (const intent of intents) {
      out.push(await answer(tx, intent, 'revenue'));
      if (intent === 'topProjects') out.push(await answer(tx, intent, 'roi'));
    }
    return out.join('\n\n');
  });
}

/** Pause between streamed chunks of a local answer (ms): it is computed at once, but shown as written. */
const chunkDelayMs = () => Number(process.env.LOCAL_ASSISTANT_CHUNK_DELAY_MS ?? 15);

/** Splits text into chunks of a few words, keeping every character (the chunks concatenate back to it). */
export function chunkText(text: string, wordsPerChunk = 4): string[] {
  const pieces = text.match(/\S+\s*|\s+/g) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < pieces.length; i += wordsPerChunk)
    chunks.push(pieces.slice(i, i + wordsPerChunk).join(''));
  return chunks;
}

async function* streamText(text: string, promptTokens: number) {
  const delay = chunkDelayMs();
  for (const chunk of chunkText(text)) {
    yield chunk;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  }
  return { promptTokens, completionTokens: countTokens(text) };
}

/**
 * The built-in assistant (no API key needed): it recognises a handful of question types by
 * keyword and answers each from the tenant's projections, in the caller's transaction and within
 * the caller's permissions, streamed a few words at a time. Anything else gets a list of what it
 * can answer.
 */
export const localAssistant: Assistant = {
  async *stream(ctx, _conversation, history: readonly HistoryMessage[]) {
    const question = [...history].reverse().find((m) => m.role === 'USER')?.content ?? '';
    const content = await answerQuestion(ctx, question);
    return yield* streamText(content, countTokens(question));
  },

  async summarize(_ctx, conversation, history) {
    const questions = history.filter((m) => m.role === 'USER');
    const topics = new Set<Intent>();
    for (const q of questions) for (const i of detectIntents(q.content).intents) topics.add(i);
    const named = [...topics].map((i) => TOPIC_NAMES[i]);
    const content =
      questions.length === 0
        ? `“${conversation.title}” has no messages yet.`
        : `“${conversation.title}”: ${plural(questions.length, 'question', 'questions')} asked` +
          (named.length > 0 ? `, about ${named.join(', ')}.` : ', none about figures the assistant knows.') +
          ` Last question: “${truncate(questions[questions.length - 1]!.content, 120)}”.`;
    const prompt = history.map((m) => m.content).join(' ');
    return { content, usage: { promptTokens: countTokens(prompt), completionTokens: countTokens(content) } };
  },
};

const TOPIC_NAMES: Record<Intent, string> = {
  headcount: 'headcount',
  departments: 'departments',
  projects: 'projects',
  financials: 'revenue, cost and profit',
  productivity: 'productivity',
  topProjects: 'project rankings',
  trend: 'monthly trends',
};

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
