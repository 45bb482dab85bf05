import { describe, expect, it } from 'vitest';
import { countTokens, detectIntents } from './local-assistant';

describe('detectIntents', () => {
  it.each([
    ['What is our headcount?', ['headcount'], 'revenue'],
    ['How many employees do we have?', ['headcount'], 'revenue'],
    ['number of departments', ['departments'], 'revenue'],
    ['How many projects are there?', ['projects'], 'revenue'],
    ['What is our revenue and ROI?', ['financials'], 'roi'],
    ['how much profit did we make', ['financials'], 'revenue'],
    ['What is our productivity?', ['productivity'], 'revenue'],
    ['revenue per hour', ['productivity'], 'revenue'],
    ['top projects by revenue', ['topProjects'], 'revenue'],
    ['Which projects have the best ROI?', ['topProjects'], 'roi'],
    ['revenue by project', ['topProjects'], 'revenue'],
    ['show the monthly revenue trend', ['trend'], 'revenue'],
    ['headcount and total revenue by month', ['headcount', 'financials', 'trend'], 'revenue'],
    ['hello there', [], 'revenue'],
  ])('%s → %j', (question, intents, ranking) => {
    expect(detectIntents(question)).toEqual({ intents, ranking });
  });
});

describe('countTokens', () => {
  it('counts whitespace-separated words', () => {
    expect(countTokens('  what is\nour  headcount? ')).toBe(4);
    expect(countTokens('')).toBe(0);
  });
});
