/** A domain event as it travels on the bus. */
export interface DomainEvent<D = object> {
  id: string;
  /** `<subgraph>.<aggregate>.<verb>`, e.g. `people.employee.hired`. */
  type: string;
  tenantId: string;
  aggregate: { type: string; id: string };
  occurredAt: string;
  data: D;
}
