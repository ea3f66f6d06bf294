/** JSON has no NaN or Infinity: a number that cannot be computed is written as null. */
export function finiteOrNull(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}
