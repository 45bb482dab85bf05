import { type Bus, conflict, rootLogger } from '@wg/runtime';
import {
  CONVERSATION_REPLAY_CHANNEL,
  conversationReplyChannel,
  type ReplyEventMessage,
  type ReplyUsageData,
} from './channels';

interface InFlight {
  messageId: string;
  text: string;
  /** Events published so far. */
  seq: number;
  writer: ReplyWriter;
}

/**
 * Replies being written by this process, by tenant and conversation. Process-wide on purpose: the
 * replay responder answers late subscribers from it. Each entry lives only while its reply streams.
 */
const inFlight = new Map<string, InFlight>();
const key = (tenantId: string, conversationId: string) => `${tenantId}:${conversationId}`;

/**
 * Publishes one reply's events on the conversation's transient channel, in order, and remembers the
 * text so far so a subscriber that connects mid-reply can be brought up to date.
 */
export class ReplyWriter {
  private seq = 0;
  private text = '';
  private finished = false;
  private readonly channel: string;

  private constructor(
    private readonly bus: Bus,
    private readonly tenantId: string,
    private readonly conversationId: string,
    readonly messageId: string,
  ) {
    this.channel = conversationReplyChannel(tenantId, conversationId);
  }

  /** One reply at a time per conversation (in this process): a second question waits its turn. */
  static begin(bus: Bus, tenantId: string, conversationId: string, messageId: string): ReplyWriter {
    const k = key(tenantId, conversationId);
    if (inFlight.has(k)) throw conflict('The assistant is still answering the previous message');
    const writer = new ReplyWriter(bus, tenantId, conversationId, messageId);
    inFlight.set(k, { messageId, text: '', seq: 0, writer });
    return writer;
  }

  /** Whether this process is writing a reply in the conversation. */
  static busy(tenantId: string, conversationId: string): boolean {
    return inFlight.has(key(tenantId, conversationId));
  }

  get content(): string {
    return this.text;
  }

  private event(partial: Partial<ReplyEventMessage>): ReplyEventMessage {
    return {
      tenantId: this.tenantId,
      conversationId: this.conversationId,
      messageId: this.messageId,
      seq: this.seq,
      delta: '',
      done: false,
      usage: null,
      error: null,
      ...partial,
    };
  }

  async delta(text: string): Promise<void> {
    if (this.finished || text === '') return;
    const message = this.event({ delta: text });
    this.seq += 1;
    this.text += text;
    const entry = inFlight.get(key(this.tenantId, this.conversationId));
    if (entry?.writer === this) {
      entry.text = this.text;
      entry.seq = this.seq;
    }
    await this.bus.publishTransient(this.channel, message);
  }

  /** The last event; call after the reply is stored, so `done` means "readable in messages". */
  async finish(usage: ReplyUsageData): Promise<void> {
    await this.end(this.event({ done: true, usage }));
  }

  async fail(error: string): Promise<void> {
    await this.end(this.event({ done: true, error }));
  }

  /** Forget the reply without an event (nothing was published yet, e.g. the request failed). */
  release(): void {
    this.finished = true;
    const k = key(this.tenantId, this.conversationId);
    if (inFlight.get(k)?.writer === this) inFlight.delete(k);
  }

  private async end(message: ReplyEventMessage) {
    if (this.finished) return;
    this.release();
    this.seq += 1;
    await this.bus.publishTransient(this.channel, message);
  }
}

/**
 * Answers `conversation.replay` requests for replies this process is writing: the text so far as
 * one `replay` event covering events 0..seq. Gateways send the request when a subscriber starts.
 */
export async function startReplayResponder(bus: Bus): Promise<() => Promise<void>> {
  return bus.subscribeTransient(CONVERSATION_REPLAY_CHANNEL, (message) => {
    const m = message as { tenantId?: unknown; conversationId?: unknown } | null;
    if (typeof m?.tenantId !== 'string' || typeof m.conversationId !== 'string') return;
    const entry = inFlight.get(key(m.tenantId, m.conversationId));
    if (!entry || entry.seq === 0) return;
    const replay: ReplyEventMessage = {
      tenantId: m.tenantId,
      conversationId: m.conversationId,
      messageId: entry.messageId,
      seq: entry.seq - 1,
      delta: entry.text,
      done: false,
      usage: null,
      error: null,
      replay: true,
    };
    bus
      .publishTransient(conversationReplyChannel(m.tenantId, m.conversationId), replay)
      .catch((err) => rootLogger.warn({ err }, 'insights: replay publish failed'));
  });
}
