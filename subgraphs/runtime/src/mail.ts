import { isProduction } from './config';
import { rootLogger } from './logger';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /**
   * A stable id for this message (e.g. `<job id>.<recipient>`): sent as the `Message-ID` header,
   * so a message that a crash made us send twice reaches mail clients as one (they thread and
   * de-duplicate by it).
   */
  id?: string;
}

/**
 * Where mail goes: account mail (invitations, password resets) from security, reminders from jobs
 * in any subgraph. `getMailer()` picks SMTP when `SMTP_URL` is set, the log otherwise.
 */
export interface Mailer {
  readonly kind: string;
  send(message: MailMessage): Promise<void>;
}

/**
 * Development default: writes the mail to the log, so the link can be copied from the console.
 * In production it refuses to log the body (it holds a bearer token) and only says a mail was due.
 */
export class LogMailer implements Mailer {
  readonly kind = 'log';
  async send(message: MailMessage): Promise<void> {
    if (isProduction()) {
      rootLogger.warn({ to: message.to, subject: message.subject }, 'SMTP_URL is not set: mail not sent');
      return;
    }
    rootLogger.info({ mail: message }, `mail to ${message.to}: ${message.subject}`);
  }
}

/** Tests: keeps every message so a test can read the token out of it. */
export class MemoryMailer implements Mailer {
  readonly kind = 'memory';
  readonly sent: MailMessage[] = [];
  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }
  /** The last message to `to`, or undefined. */
  lastTo(to: string): MailMessage | undefined {
    return this.sent.filter((m) => m.to === to.toLowerCase()).at(-1);
  }
}

/** SMTP through nodemailer when SMTP_URL is set (smtp://user:pass@host:587, smtps://…). */
export class SmtpMailer implements Mailer {
  readonly kind = 'smtp';
  private transport: Promise<{ sendMail(m: Record<string, unknown>): Promise<unknown> }>;
  constructor(
    url: string,
    private readonly from = process.env.MAIL_FROM ?? 'Workforce Graph <no-reply@workforce-graph.local>',
  ) {
    this.transport = import('nodemailer').then((m) => m.default.createTransport(url));
  }
  async send(message: MailMessage): Promise<void> {
    const { id, ...rest } = message;
    const domain = this.from.match(/@([^>\s]+)/)?.[1] ?? 'workforce-graph.local';
    await (await this.transport).sendMail({
      from: this.from,
      ...rest,
      ...(id ? { messageId: `<${id}@${domain}>` } : {}),
    });
  }
}

let current: Mailer | undefined;

export function getMailer(): Mailer {
  current ??= process.env.SMTP_URL ? new SmtpMailer(process.env.SMTP_URL) : new LogMailer();
  return current;
}

/** Swap the mailer (tests use a MemoryMailer). Returns it for convenience. */
export function setMailer<M extends Mailer>(mailer: M): M {
  current = mailer;
  return mailer;
}

/** Base URL for links in mail (APP_URL), e.g. https://app.example.com. */
export const appUrl = () => (process.env.APP_URL ?? 'http://localhost:4000').replace(/\/$/, '');
