/** Enum objects built from the column enums, so GraphQL and SQL cannot drift apart. */
export const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
