/*
 * Transient bus channels of the live graph, shared with the gateway's subscription engine
 * (gateway/src/subscriptions/fields.ts holds the same names: a contract, kept in sync by the e2e
 * tests in test/live). Analytics notices use ANALYTICS_CHANGED_CHANNEL from ../projections/notify.
 */

/** Reply events of one conversation, per tenant: `conversation.reply.<tenantId>.<conversationId>`. */
export const conversationReplyChannel = (tenantId: string, conversationId: string) =>
  `conversation.reply.${tenantId}.${conversationId}`;

/** A subscriber that joined late asks the writer of an in-flight reply to send the text so far. */
export const CONVERSATION_REPLAY_CHANNEL = 'conversation.replay';

/** Token counts of a finished reply. */
export interface ReplyUsageData {
  promptTokens: number;
  completionTokens: number;
}

/**
 * One event of a streamed reply. `seq` numbers a reply's events from 0; a `replay` event carries
 * the text of events 0..seq in its `delta`. The last event has `done: true`, the usage, and is
 * published only after the whole reply is stored.
 */
export interface ReplyEventMessage {
  tenantId: string;
  conversationId: string;
  messageId: string;
  seq: number;
  delta: string;
  done: boolean;
  usage: ReplyUsageData | null;
  /** Set when the assistant failed: the reply is not stored, the question can be sent again. */
  error: string | null;
  replay?: boolean;
}
