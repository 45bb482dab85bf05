import type { DomainEvent } from './types';

/**
 * Every domain event, as `type → payload`. The runtime knows no domain: each domain declares its
 * own map in `subgraphs/<domain>/src/events.ts` (exported as `@wg/<domain>/events`) and adds it
 * here by declaration merging:
 *
 * ```ts
 * export interface WorkEvents { 'work.timesheet.logged': TimesheetLoggedData; … }
 * declare module '@wg/runtime/events' {
 *   interface EventCatalogue extends WorkEvents {}
 * }
 * ```
 *
 * `emitEvent` and `startConsumer` are typed against it, so an unknown event type or a payload
 * that does not match its type fails `pnpm typecheck` (see src/events/catalogue.typecheck.ts).
 * Compatibility: adding an optional field is compatible; renaming or removing one, or making it
 * required, is a breaking change for every consumer.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging, one domain at a time.
export interface EventCatalogue {}

/** Every event type any domain declares. */
export type EventType = keyof EventCatalogue & string;

/** The payload of events of type `T`. */
export type EventData<T extends EventType> = EventCatalogue[T];

/**
 * A received event of one of the types `T`, as a union discriminated by `type`: after
 * `if (event.type === 'work.timesheet.deleted')` its `data` is that event's payload.
 */
export type EventOf<T extends EventType = EventType> = {
  [K in T]: Omit<DomainEvent<EventCatalogue[K]>, 'type'> & { type: K };
}[T];

/** An event to write to an outbox: `data` must be the payload `type` declares. */
export interface NewEvent<T extends EventType = EventType> {
  tenantId: string;
  type: T;
  aggregateType: string;
  aggregateId: string;
  data: EventCatalogue[T];
}

/** A list of new events of several types, each checked against its own type. */
export type NewEventOf<T extends EventType = EventType> = { [K in T]: NewEvent<K> }[T];
