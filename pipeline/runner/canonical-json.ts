/**
 * Canonical JSON: object keys sorted by code unit, no whitespace. Two values that mean the same
 * (same keys and values, in any key order) give the same text, so its SHA-256 can key a cache.
 */

/**
 * The canonical JSON text of a JSON-like value (RFC 8785 in spirit: sorted keys, no spaces;
 * numbers as JavaScript prints them). `undefined` members are left out, as JSON.stringify does.
 *
 * @example
 * canonicalJson({ b: [2, { d: 1, c: null }], a: 'x' }) // '{"a":"x","b":[2,{"c":null,"d":1}]}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
