/**
 * Domain events insights itself publishes (its outbox). Nothing consumes them yet; they exist so
 * live dashboards and the audit of assistant usage can follow conversations without reading our
 * tables. Message text never travels on the bus: only ids and token counts.
 */
export const InsightsEventTypes = {
  conversationStarted: 'insights.conversation.started',
  conversationReplied: 'insights.conversation.replied',
  conversationArchived: 'insights.conversation.archived',
  conversationReopened: 'insights.conversation.reopened',
} as const;

/** insights.conversation.started — aggregate `Conversation`. */
export interface ConversationStartedData {
  id: string;
  userId: string;
  title: string;
}

/** insights.conversation.replied — aggregate `Conversation`: one question and its answer. */
export interface ConversationRepliedData {
  conversationId: string;
  messageId: string;
  replyId: string;
  promptTokens: number;
  completionTokens: number;
}

/** insights.conversation.archived / insights.conversation.reopened — aggregate `Conversation`. */
export interface ConversationArchivedData {
  id: string;
  userId: string;
  /** ISO-8601; null when reopened. */
  archivedAt: string | null;
}

/** Every event insights publishes: type → payload. */
export interface InsightsEvents {
  'insights.conversation.started': ConversationStartedData;
  'insights.conversation.replied': ConversationRepliedData;
  'insights.conversation.archived': ConversationArchivedData;
  'insights.conversation.reopened': ConversationArchivedData;
}

declare module '@wg/runtime/events' {
  interface EventCatalogue extends InsightsEvents {}
}
