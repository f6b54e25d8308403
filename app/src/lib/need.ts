/** Narrows a value a query's `enabled` flag already guarantees (throws if that promise is broken). */
export function need<T>(value: T | null | undefined, what = "value"): T {
  if (value === null || value === undefined) throw new Error(`Missing ${what}.`);
  return value;
}
