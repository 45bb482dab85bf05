import type { Identity } from '@wg/runtime';
import type { InsightsContext } from '../loaders';
import { detectIntents, type Intent, permittedIntents } from './local-assistant';

/** The caller's main role for framing: the most privileged built-in role they hold. */
const ROLE_ORDER = [
  'super_admin',
  'admin',
  'hr_manager',
  'department_head',
  'analyst',
  'manager',
  'recruiter',
  'employee',
  'viewer',
] as const;
type KnownRole = (typeof ROLE_ORDER)[number];

export function primaryRole(identity: Identity): KnownRole | 'other' {
  return ROLE_ORDER.find((r) => identity.roles.includes(r)) ?? 'other';
}

const ROLE_FOCUS: Record<KnownRole | 'other', string> = {
  super_admin: 'an administrator of the platform: answer plainly and completely.',
  admin: 'a company administrator: give complete company-wide figures and point out anything unusual.',
  hr_manager:
    'an HR manager: focus on headcount, departments, staffing and labour cost; be careful and factual about people.',
  department_head:
    'a department head: focus on department and project performance (hours, revenue, cost, ROI) and trends.',
  analyst: 'an analyst: be precise, show the numbers and how they are derived (ROI = profit ÷ cost).',
  manager: 'a team manager: focus on their team’s work and projects, in short practical answers.',
  recruiter: 'a recruiter: focus on departments and headcount; they cannot see financial figures.',
  employee: 'an employee: answer about what they may see, briefly; they cannot see company financials.',
  viewer: 'a read-only viewer: only the directory-level facts they may read.',
  other: 'a user of the workforce platform.',
};

/**
 * The system prompt for a language model, by the caller's role, with the facts the caller may see
 * (from `groundingFacts`): the model must answer only from those.
 */
export function systemPromptFor(identity: Identity, facts: string): string {
  return [
    'You are the Workforce Graph assistant, answering questions about one company’s workforce figures.',
    `The person asking is ${ROLE_FOCUS[primaryRole(identity)]}`,
    'Answer only from the facts below. If they do not contain the answer, say you do not have that figure;',
    'never estimate or invent numbers. Quote money with its currency. Keep answers short.',
    '',
    'Facts (current, from the company’s analytics; the caller is allowed to see all of them):',
    facts,
  ].join('\n');
}

/** Candidate prompts; each is shown only when the caller may read every figure it asks for. */
const CANDIDATES: Record<KnownRole | 'other', string[]> = {
  super_admin: [],
  admin: [
    'What is our headcount by department?',
    'What are our revenue, cost, profit and ROI?',
    'Top projects by ROI',
    'Show the monthly revenue trend',
  ],
  hr_manager: [
    'What is our headcount by department?',
    'How many departments do we have?',
    'What is our labour cost and profit?',
    'Show the monthly trend',
  ],
  department_head: [
    'Top projects by ROI',
    'Top projects by revenue',
    'How productive are we?',
    'Show the monthly trend',
  ],
  analyst: [
    'Top projects by ROI',
    'What is our revenue per hour?',
    'What are our revenue, cost, profit and ROI?',
    'Show the monthly revenue trend',
  ],
  manager: ['How many projects do we have?', 'What is our headcount?', 'How many departments do we have?'],
  recruiter: ['What is our headcount by department?', 'How many departments do we have?'],
  employee: ['What is our headcount?', 'How many projects are there?', 'How many departments do we have?'],
  viewer: ['What is our headcount?', 'How many departments do we have?', 'How many projects are there?'],
  other: ['What is our headcount?', 'How many departments do we have?'],
};
CANDIDATES.super_admin = CANDIDATES.admin;

/** Suggested prompts for the caller's role, filtered to questions the assistant will answer for them. */
export function suggestedPromptsFor(ctx: InsightsContext): string[] {
  const mayAsk = new Set<Intent>(permittedIntents(ctx));
  return CANDIDATES[primaryRole(ctx.identity)].filter((prompt) => {
    const { intents } = detectIntents(prompt);
    return intents.length > 0 && intents.every((i) => mayAsk.has(i));
  });
}
