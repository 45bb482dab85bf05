import {
  char,
  date,
  index,
  integer,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  auditTable,
  createdAt,
  entityRefsTable,
  idColumn,
  inboxTable,
  outboxTable,
  tenantIdColumn,
  tenantPolicy,
  updatedAt,
} from './common';

export const insights = pgSchema('insights');

export const conversations = insights.table(
  'conversations',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    userId: uuid('user_id').notNull(),
    title: text('title').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('conversations_tenant_user_idx').on(t.tenantId, t.userId, t.createdAt), tenantPolicy()],
);

export const messageRoles = ['USER', 'ASSISTANT', 'SYSTEM'] as const;

export const messages = insights.table(
  'messages',
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    role: text('role', { enum: messageRoles }).notNull(),
    content: text('content').notNull(),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    createdAt: createdAt(),
  },
  (t) => [
    index('messages_tenant_conversation_idx').on(t.tenantId, t.conversationId, t.createdAt),
    tenantPolicy(),
  ],
);

/**
 * Read model: costed labour per employee, project and month, fed by finance's `labor.costed`
 * events. Analytics read this and the entity refs, never another subgraph's tables.
 */
export const laborFacts = insights.table(
  'labor_facts',
  {
    tenantId: tenantIdColumn(),
    employeeId: uuid('employee_id').notNull(),
    projectId: uuid('project_id').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    hours: numeric('hours', { precision: 12, scale: 2 }).notNull(),
    cost: numeric('cost', { precision: 16, scale: 2 }).notNull(),
    revenue: numeric('revenue', { precision: 16, scale: 2 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.employeeId, t.projectId, t.month] }),
    index('labor_facts_tenant_project_idx').on(t.tenantId, t.projectId),
    tenantPolicy(),
  ],
);

export const outbox = outboxTable(insights);
export const auditLog = auditTable(insights);
export const processedEvents = inboxTable(insights);
export const entityRefs = entityRefsTable(insights);
