// @wg/runtime/events — the event bus (in-process or Redis) and the event envelope types. Writing
// events in a transaction and consuming them (outbox, relay, consumer) is @wg/runtime/outbox,
// which needs the database; this entry does not.
export * from './bus';
export * from './catalogue';
export * from './types';
