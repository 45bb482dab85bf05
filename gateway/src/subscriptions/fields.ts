import type { Identity } from '@wg/runtime/auth';
import { GraphQLError, parse } from 'graphql';
import { type LiveField, type StreamRelay, toGraphQLErrors } from './engine';

/*
 * The subscription root fields this gateway serves, and how. The channel names and message shapes
 * are the contract with the insights subgraph (subgraphs/insights/src/live/channels.ts publishes them).
 */

/** `{ tenantId, scopes: [{ kind, id? }], at }`, published by insights after a projection commit. */
export const ANALYTICS_CHANGED_CHANNEL = 'analytics.changed';
/**
 * `{ tenantId, kinds, at }`, published by security's approvals consumer after it applied owners'
 * approval changes (subgraphs/security/src/approvals/approval.consumer.ts holds the same name).
 */
export const APPROVALS_CHANGED_CHANNEL = 'approvals.changed';
/** Reply events of one conversation: `conversation.reply.<tenantId>.<conversationId>`. */
export const conversationReplyChannel = (tenantId: string, conversationId: string) =>
  `conversation.reply.${tenantId}.${conversationId}`;
/** Asks whichever process is writing a reply to re-send what it has so far. */
export const CONVERSATION_REPLAY_CHANNEL = 'conversation.replay';

type ScopeKind = 'company' | 'department' | 'employee' | 'project';
interface Scope {
  kind: ScopeKind;
  id?: string;
}

/** `AnalyticsScopeInput` (exactly one of company / departmentId / employeeId / projectId) → scope. */
export function watchedScope(args: Record<string, unknown>): Scope {
  const scope = (args.scope ?? {}) as Record<string, unknown>;
  if (typeof scope.departmentId === 'string') return { kind: 'department', id: scope.departmentId };
  if (typeof scope.employeeId === 'string') return { kind: 'employee', id: scope.employeeId };
  if (typeof scope.projectId === 'string') return { kind: 'project', id: scope.projectId };
  return { kind: 'company' };
}

/** Whether an `analytics.changed` notice concerns a subscriber watching `watched` in its tenant. */
export function noticeMatches(message: unknown, watched: Scope, identity: Identity): boolean {
  const m = message as { tenantId?: unknown; scopes?: unknown } | null;
  if (!m || m.tenantId !== identity.tenantId || !Array.isArray(m.scopes)) return false;
  const scopes = m.scopes as Scope[];
  // A notice naming only the company is a rebuild: everything in the tenant may have changed.
  if (scopes.every((s) => s?.kind === 'company')) return true;
  return scopes.some((s) => s?.kind === watched.kind && (watched.kind === 'company' || s.id === watched.id));
}

/**
 * Whether an `approvals.changed` notice may concern a subscriber: their tenant, a person (an API
 * key has no inbox), and one of the kinds they asked for (all when `kinds` is omitted). Who may
 * decide what is security's rule: the re-run `myApprovals` applies it.
 */
export function approvalNoticeMatches(message: unknown, args: Record<string, unknown>, identity: Identity) {
  const m = message as { tenantId?: unknown; kinds?: unknown } | null;
  if (!m || m.tenantId !== identity.tenantId || identity.kind !== 'user' || !Array.isArray(m.kinds))
    return false;
  const asked = Array.isArray(args.kinds) ? (args.kinds as unknown[]) : null;
  return asked === null || (m.kinds as unknown[]).some((k) => asked.includes(k));
}

const CONVERSATION_ACCESS = parse(/* GraphQL */ `
  query LiveConversationAccess($id: ID!) {
    conversation(id: $id) {
      id
    }
  }
`);

interface ReplyEvent {
  tenantId?: string;
  messageId?: string;
  seq?: number;
  delta?: string;
  done?: boolean;
  /** A replay carries the text of events 0..seq in one delta. */
  replay?: boolean;
}

/** How long to hold events that arrived after a gap, waiting for the replay that fills it. */
const REPLAY_WAIT_MS = Number(process.env.LIVE_REPLAY_WAIT_MS ?? 1000);

/**
 * Puts one conversation's reply events in order for one subscriber. Each reply numbers its events
 * from 0. A subscriber that joins mid-reply sees a gap (its first event has seq > 0); it holds the
 * events until the replay it asked for arrives (the text so far as one delta), then continues, so
 * the concatenated deltas always equal the stored reply. Duplicates (replay after live events) drop.
 */
export function replyRelay(emit: (payload: unknown) => void): StreamRelay {
  const replies = new Map<
    string,
    { last: number; chars: number; held: ReplyEvent[]; timer: NodeJS.Timeout | null; finished: boolean }
  >();
  const send = (
    state: { last: number; chars: number; finished: boolean },
    event: ReplyEvent,
    delta: string,
  ) => {
    state.last = event.seq ?? state.last;
    state.chars += delta.length;
    if (event.done) state.finished = true;
    const { tenantId: _tenant, replay: _replay, seq: _seq, ...payload } = event;
    emit({ ...payload, delta });
  };
  const drain = (id: string) => {
    const state = replies.get(id);
    if (!state) return;
    state.held.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    while (state.held.length > 0 && (state.held[0]?.seq ?? 0) <= state.last + 1) {
      const next = state.held.shift()!;
      if ((next.seq ?? 0) === state.last + 1) send(state, next, next.delta ?? '');
    }
    if (state.held.length === 0 && state.timer) {
      clearTimeout(state.timer);
      state.timer = null;
    }
    if (state.finished) {
      if (state.timer) clearTimeout(state.timer);
      // Keep a tombstone so a late replay of a finished reply is not sent again.
      state.held = [];
    }
  };
  return {
    receive(message) {
      const event = message as ReplyEvent;
      if (typeof event?.messageId !== 'string' || typeof event.seq !== 'number') return;
      const id = event.messageId;
      let state = replies.get(id);
      if (!state) {
        state = { last: -1, chars: 0, held: [], timer: null, finished: false };
        replies.set(id, state);
        // Bounded: a long-lived subscription sees many replies; the oldest states go.
        if (replies.size > 50) replies.delete(replies.keys().next().value as string);
      }
      if (state.finished) return;
      if (event.replay) {
        if (event.seq <= state.last) return;
        // The replay covers 0..seq: send only the part this subscriber has not seen.
        send(state, event, (event.delta ?? '').slice(state.chars));
        drain(id);
        return;
      }
      if (event.seq <= state.last) return;
      if (event.seq === state.last + 1) {
        send(state, event, event.delta ?? '');
        drain(id);
        return;
      }
      state.held.push(event);
      if (!state.timer) {
        // No replay came (the writer is gone): deliver what we have rather than nothing.
        state.timer = setTimeout(() => {
          const s = replies.get(id);
          if (!s) return;
          s.timer = null;
          s.last = Math.min(...s.held.map((e) => e.seq ?? 0)) - 1;
          drain(id);
        }, REPLAY_WAIT_MS);
        state.timer.unref?.();
      }
    },
    close() {
      for (const s of replies.values()) if (s.timer) clearTimeout(s.timer);
      replies.clear();
    },
  };
}

export const liveFields: LiveField[] = [
  {
    kind: 'snapshot',
    field: 'analyticsUpdated',
    twinField: 'analyticsSnapshot',
    channels: () => [ANALYTICS_CHANGED_CHANNEL],
    matches: (message, args, identity) => noticeMatches(message, watchedScope(args), identity),
  },
  {
    kind: 'snapshot',
    field: 'approvalsChanged',
    twinField: 'myApprovals',
    channels: () => [APPROVALS_CHANGED_CHANNEL],
    matches: approvalNoticeMatches,
  },
  {
    kind: 'stream',
    field: 'conversationReply',
    channel: (args, identity) =>
      conversationReplyChannel(identity.tenantId ?? '-', String(args.conversationId)),
    async authorize(args, caller, execute) {
      // Ownership is the insights subgraph's rule: ask it, as the caller, through the graph.
      const result = await execute(CONVERSATION_ACCESS, { id: args.conversationId }, caller);
      const errors = toGraphQLErrors(result.errors);
      if (errors) return errors;
      if (!(result.data as { conversation?: unknown } | null)?.conversation) {
        return [new GraphQLError('Conversation not found', { extensions: { code: 'NOT_FOUND' } })];
      }
      return null;
    },
    relay: (_args, _identity, emit) => replyRelay(emit),
    async onListening(args, identity, bus) {
      await bus.publishTransient(CONVERSATION_REPLAY_CHANNEL, {
        tenantId: identity.tenantId,
        conversationId: args.conversationId,
      });
    },
  },
];
