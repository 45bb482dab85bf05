// @wg/runtime/outbox — the transactional side of events: emit() inside a tenant transaction,
// the relay that publishes the outbox, and consume() with its inbox for exactly-once handling.
export * from './consumer';
export * from './outbox';
export * from './relay';
