/**
 * Numbers at a fixed number of decimals exactly as the companion paper printed them: Python's
 * `format(x, '.2f')`, the binary value correctly rounded, an exact tie going to the even digit
 * (JavaScript's `toFixed` sends ties away from zero), and the sign of a negative value kept
 * (`-0.00`). Pinned to Python in tests/reliability/format.test.ts.
 */

/**
 * @example
 * fixed(0.125, 2) // '0.12' (Python; toFixed gives '0.13')
 * fixed(0.0005000000000000001, 3) // '0.001'
 */
export function fixed(x: number, digits: number): string {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return String(x);
  if (Object.is(x, -0)) return `-${(0).toFixed(digits)}`;
  const sign = x < 0 ? '-' : '';
  const abs = Math.abs(x);
  // 30 more digits than asked: a double near a tie differs from it well before that, so the
  // expansion ends in 5 followed by zeros only when the value is exactly the tie.
  const long = abs.toFixed(digits + 30);
  const point = long.indexOf('.');
  const kept = digits === 0 ? long.slice(0, point) : long.slice(0, point + 1 + digits);
  const rest = long.slice(point + 1 + digits);
  if (/^50*$/.test(rest) && Number(kept[kept.length - 1]) % 2 === 0) return sign + kept;
  return sign + abs.toFixed(digits);
}

/** As the paper's typeset table: `-0.00` is shown as `0.00`. */
export function fixedTypeset(x: number, digits: number): string {
  const s = fixed(x, digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}
