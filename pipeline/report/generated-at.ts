/**
 * The report's time stamp, in a module of its own so that the runner can read it without loading
 * the chart renderer (vega, vega-lite, resvg: about half a second of start-up).
 */

/**
 * The report's time stamp: from SOURCE_DATE_EPOCH (seconds since 1970) when set, else none, so
 * that the same inputs give the same bytes.
 *
 * @example
 * generatedAtFromEnv({ SOURCE_DATE_EPOCH: '0' }) // '1970-01-01T00:00:00.000Z'
 */
export function generatedAtFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return new Date(Number(raw) * 1000).toISOString();
}
