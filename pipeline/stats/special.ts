/**
 * Special functions behind the distribution tails: log-gamma, log-beta, and the regularized
 * incomplete beta and gamma functions, each returning BOTH tails computed directly (never as
 * 1 − the other), so a tail of 1e-300 keeps its relative accuracy. jStat's versions lose it:
 * its upper tails are 1 − cdf and underflow near 1e-16 (STYLE.md, known traps).
 *
 * References: Stirling series with Bernoulli terms (Abramowitz & Stegun 6.1.41); R's `lbeta`
 * (nmath/lbeta.c) for the cancellation-free log-beta; Lentz's modified continued fraction for
 * I_x(a, b) and Q(a, x) (Numerical Recipes 3rd ed., §6.2 and §6.4; DiDonato & Morris 1992).
 */

const LN_SQRT_2PI = 0.918938533204672741780329736406; // log(sqrt(2*pi))
const EPS = 2.220446049250313e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/**
 * Stirling correction: lgamma(x) − [(x − ½)·log x − x + log √(2π)], for x ≥ 10.
 * Asymptotic series (A&S 6.1.41); at x = 10 the first omitted term is below 1e-17.
 */
export function stirlingCorrection(x: number): number {
  if (!(x >= 10)) throw new RangeError(`stirlingCorrection needs x >= 10 (got ${x})`);
  const r = 1 / x;
  const r2 = r * r;
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156)))))))
  );
}

/**
 * log Γ(x) for x > 0, relative error about 1e-15: Stirling with correction for x ≥ 10,
 * otherwise shifted up by the recurrence Γ(x + 1) = x Γ(x).
 *
 * @example logGamma(0.5) // 0.5723649429246986 (log √π = 0.5723649429247001)
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) throw new RangeError(`logGamma needs x > 0 (got ${x})`);
  if (x === Infinity) return Infinity;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingCorrection(x);
  let product = 1;
  let shifted = x;
  while (shifted < 10) {
    product *= shifted;
    shifted += 1;
  }
  return logGamma(shifted) - Math.log(product);
}

/**
 * log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), arranged as in R's nmath/lbeta.c so the
 * large terms cancel analytically (needed for t tails with large df).
 *
 * @example logBeta(5, 0.5) // -0.20739519434606812 (= log(256/315))
 */
export function logBeta(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p <= 0) throw new RangeError(`logBeta needs a, b > 0 (got ${a}, ${b})`);
  if (q === Infinity) return -Infinity;
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return Math.log(q) * -0.5 + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/**
 * bd0(a, m) = a·log(a/m) + m − a, the deviance term of Loader's (2000) saddle-point density,
 * computed without cancellation when a ≈ m by the series 2a·Σ v^(2j+1)/(2j+1), v = (a−m)/(a+m).
 *
 * @example deviancePart(100, 101) // 0.004966914683191715
 */
export function deviancePart(a: number, m: number): number {
  if (Math.abs(a - m) < 0.1 * (a + m)) {
    const v = (a - m) / (a + m);
    let sum = (a - m) * v;
    let term = 2 * a * v;
    const v2 = v * v;
    for (let j = 1; j < 1000; j++) {
      term *= v2;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return a * Math.log(a / m) + m - a;
}

/**
 * log of x^a·y^b / B(a, b). For a, b >= 10 by Loader's saddle-point form
 * ½·log(ab/(2π(a+b))) − bd0(a, x(a+b)) − bd0(b, y(a+b)) − δ(a) − δ(b) + δ(a+b), δ the Stirling
 * correction, which keeps full relative accuracy where the plain sum of logs of size ~a+b loses
 * digits (F and beta tails with large degrees of freedom).
 */
function logBetaFront(x: number, y: number, a: number, b: number, logX: number, logY: number): number {
  if (a >= 10 && b >= 10 && x > 0 && y > 0) {
    const n = a + b;
    return (
      0.5 * Math.log((a * b) / (2 * Math.PI * n)) -
      deviancePart(a, x * n) -
      deviancePart(b, y * n) -
      stirlingCorrection(a) -
      stirlingCorrection(b) +
      stirlingCorrection(n)
    );
  }
  return a * logX + b * logY - logBeta(a, b);
}

/**
 * log of x^a·e^(−x) / Γ(a); for a >= 10 as ½·log(a/(2π)) − bd0(a, x) − δ(a) (Loader 2000),
 * which avoids the cancellation of a·log x − x − log Γ(a) for large a (chi-square, large df).
 */
function logGammaFront(a: number, x: number): number {
  if (a >= 10) return 0.5 * Math.log(a / (2 * Math.PI)) - deviancePart(a, x) - stirlingCorrection(a);
  return a * Math.log(x) - x - logGamma(a);
}

/** Both tails of a distribution function, each computed to full relative accuracy. */
export interface Tails {
  lower: number;
  upper: number;
}

/**
 * Lentz evaluation of the continued fraction for I_x(a, b) (NR 3rd ed. eq. 6.4.5), valid and
 * fast for x < (a + 1) / (a + b + 2). Returns the fraction only (without the prefactor).
 */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  throw new RangeError(`incomplete beta continued fraction did not converge (x=${x}, a=${a}, b=${b})`);
}

/**
 * Regularized incomplete beta I_x(a, b) (lower) and 1 − I_x(a, b) (upper), both tails direct.
 * Pass y = 1 − x computed WITHOUT cancellation by the caller (e.g. t²/(df + t²)), and
 * optionally log x and log y when x or y would underflow, so the far tails stay exact.
 * `expandIn` overrides which continued fraction is evaluated (default: x when
 * x < (a + 1)/(a + b + 2), as Numerical Recipes); the other tail is then 1 − that one.
 *
 * @example incompleteBeta(0.5, 0.5, 2, 3).lower // 0.6875000000000007 (exact 11/16)
 */
export function incompleteBeta(
  x: number,
  y: number,
  a: number,
  b: number,
  logX?: number,
  logY?: number,
  expandIn?: 'x' | 'y',
): Tails {
  if ([x, y, a, b].some(Number.isNaN)) return { lower: NaN, upper: NaN };
  if (!(a > 0) || !(b > 0)) throw new RangeError(`incompleteBeta needs a, b > 0 (got ${a}, ${b})`);
  if (x < 0 || y < 0 || Math.abs(x + y - 1) > 1e-12) {
    throw new RangeError(`incompleteBeta needs x, y >= 0 with x + y = 1 (got ${x}, ${y})`);
  }
  const lx = logX ?? Math.log(x);
  const ly = logY ?? Math.log(y);
  if (lx === -Infinity) return { lower: 0, upper: 1 };
  if (ly === -Infinity) return { lower: 1, upper: 0 };
  const logFront = logBetaFront(x, y, a, b, lx, ly);
  if (expandIn === 'x' || (expandIn === undefined && x < (a + 1) / (a + b + 2))) {
    const lower = Math.exp(logFront - Math.log(a)) * betaContinuedFraction(x, a, b);
    return { lower, upper: 1 - lower };
  }
  const upper = Math.exp(logFront - Math.log(b)) * betaContinuedFraction(y, b, a);
  return { lower: 1 - upper, upper };
}

/**
 * Regularized incomplete gamma P(a, x) (lower) and Q(a, x) = 1 − P (upper), both direct:
 * the series for x < a + 1, the Lentz continued fraction otherwise (NR 3rd ed. §6.2).
 *
 * @example incompleteGamma(1, 2).upper // 0.13533528323661245 (e^-2 = 0.1353352832366127)
 */
export function incompleteGamma(a: number, x: number): Tails {
  if (Number.isNaN(a) || Number.isNaN(x)) return { lower: NaN, upper: NaN };
  if (!(a > 0)) throw new RangeError(`incompleteGamma needs a > 0 (got ${a})`);
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  const logFront = logGammaFront(a, x);
  if (x < a + 1) {
    let ap = a;
    let term = 1 / a;
    let sum = term;
    for (let n = 0; n < MAX_ITERATIONS; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) {
        const lower = sum * Math.exp(logFront);
        return { lower, upper: 1 - lower };
      }
    }
    throw new RangeError(`incomplete gamma series did not converge (a=${a}, x=${x})`);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) {
      const upper = Math.exp(logFront) * h;
      return { lower: 1 - upper, upper };
    }
  }
  throw new RangeError(`incomplete gamma continued fraction did not converge (a=${a}, x=${x})`);
}
