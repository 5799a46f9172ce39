/**
 * JSON with object keys in sorted order, so that equal values always give equal text:
 * what a hash over a record needs. Dates become ISO strings; undefined members are left out.
 */
export function stableStringify(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${stableStringify(member)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
