/**
 * Distribution functions with accurate far tails (relative error ~1e-13 down to 1e-300):
 * every upper tail is computed directly from the incomplete beta/gamma or from Cody's erfc
 * rational approximations, never as 1 − cdf (jStat's trap, see STYLE.md).
 *
 * Known limit: Student t tails for df > 1000 near the centre (|t| ~ 3–5) agree with R to about
 * 1e-12 only (1e-11 at df = 1e6): both beta continued fractions lose digits for x = df/(df + t²)
 * near 1 (R uses TOMS 708's asymptotic expansions there).
 *
 * Conventions: `…Cdf(x)` = P[X <= x], `…Sf(x)` = P[X > x] (survival function, R's
 * lower.tail = FALSE), except `binomialSf(k)` = P[X >= k] (see there).
 */
import { incompleteBeta, incompleteGamma, logBeta, type Tails } from './special.ts';

// W. J. Cody (1993) rational Chebyshev approximations, as in R's nmath/pnorm.c (pnorm_both).
const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const SQRT_32 = 5.656854249492380195206754896838;
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;

/** exp(−x²/2) without the rounding error of squaring x: split x at a multiple of 1/16 (Cody). */
function gaussianFactor(x: number): number {
  const xsq = Math.trunc(x * 16) / 16;
  const del = (x - xsq) * (x + xsq);
  return Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5);
}

function normalTails(x: number): Tails {
  if (Number.isNaN(x)) return { lower: NaN, upper: NaN };
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let xnum = 0;
    let xden = 0;
    if (y > EPS_HALF) {
      const xsq = x * x;
      xnum = A[4] * xsq;
      xden = xsq;
      for (let i = 0; i < 3; i++) {
        xnum = (xnum + A[i]) * xsq;
        xden = (xden + B[i]) * xsq;
      }
    }
    const temp = (x * (xnum + A[3])) / (xden + B[3]);
    return { lower: 0.5 + temp, upper: 0.5 - temp };
  }
  let small: number;
  if (y <= SQRT_32) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * y;
      xden = (xden + D[i]) * y;
    }
    small = gaussianFactor(y) * ((xnum + C[7]) / (xden + D[7]));
  } else if (y < 37.5193) {
    const xsq = 1 / (x * x);
    let xnum = P[5] * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]) * xsq;
      xden = (xden + Q[i]) * xsq;
    }
    const temp = (ONE_OVER_SQRT_2PI - (xsq * (xnum + P[4])) / (xden + Q[4])) / y;
    small = gaussianFactor(y) * temp;
  } else {
    small = 0; // R's pnorm also returns 0 beyond 37.5193, where the tail nears the subnormals
  }
  return x > 0 ? { lower: 1 - small, upper: small } : { lower: small, upper: 1 - small };
}
const EPS_HALF = 1.1102230246251565e-16;

/**
 * Standard normal P[Z <= x] (Cody 1993, as R's pnorm), relative accuracy ~1e-15 in both tails.
 *
 * @example normalCdf(-1.959963984540054) // 0.025000000000000012 (R: 0.025000000000000012)
 */
export function normalCdf(x: number): number {
  return normalTails(x).lower;
}

/**
 * Standard normal upper tail P[Z > x] computed directly (erfc form), accurate down to 1e-300.
 *
 * @example normalSf(30) // 4.906713927148187e-198 (R: pnorm(30, lower.tail = FALSE))
 */
export function normalSf(x: number): number {
  return normalTails(x).upper;
}

/**
 * Standard normal quantile by Wichura's AS 241 (PPND16), full double precision, as R's qnorm.
 * p = 0 → −Infinity, p = 1 → Infinity, outside [0, 1] → RangeError.
 *
 * @example normalQuantile(0.975) // 1.9599639845400536
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p)) return NaN;
  if (p < 0 || p > 1) throw new RangeError(`normalQuantile needs p in [0, 1] (got ${p})`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

function checkDf(df: number, name = 'df'): void {
  if (!(df > 0)) throw new RangeError(`${name} must be > 0 (got ${df})`);
}

/**
 * Both tails of Student's t at |t|, via I_x(df/2, 1/2) with x = df/(df + t²) and its complement
 * t²/(df + t²) formed without cancellation or overflow. Returns P[T > |t|] as `far`.
 */
function studentTFarTail(t: number, df: number): number {
  const absT = Math.abs(t);
  if (absT === Infinity) return 0;
  if (df === Infinity) return normalSf(absT);
  const ratio = absT / Math.sqrt(df);
  let x: number, y: number, logX: number, logY: number;
  if (ratio < 1) {
    const r2 = ratio * ratio;
    x = 1 / (1 + r2);
    y = r2 / (1 + r2);
    logX = -Math.log1p(r2);
    logY = 2 * Math.log(ratio) - Math.log1p(r2);
  } else {
    // sqrt(df)/|t| rather than 1/ratio: the ratio overflows for |t| near the largest double.
    const s = Math.sqrt(df) / absT;
    const s2 = s * s;
    x = s2 / (1 + s2);
    y = 1 / (1 + s2);
    logX = 2 * Math.log(s) - Math.log1p(s2);
    logY = -Math.log1p(s2);
  }
  if (absT === 0) return 0.5;
  // For large df and |t| up to ~3.2 the fraction in x = df/(df + t²) ≈ 1 loses digits to
  // cancellation (~1e-11 at df = 1e5); the fraction in y = t²/(df + t²) stays exact there and
  // the complement costs less than the tail is large (measured against mpmath at df 2e3–1e6).
  const expandIn = df > 1000 && absT * absT <= 10 ? 'y' : undefined;
  return 0.5 * incompleteBeta(x, y, df / 2, 0.5, logX, logY, expandIn).lower;
}

/**
 * Student's t P[T <= t] with df > 0 degrees of freedom (Infinity → normal); as R's pt.
 *
 * @example studentTCdf(-2, 10) // 0.03669401738537009 (R: 0.036694017385370196)
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return NaN;
  checkDf(df);
  const far = studentTFarTail(t, df);
  return t <= 0 ? far : 1 - far;
}

/**
 * Student's t upper tail P[T > t], computed directly; as R's pt(t, df, lower.tail = FALSE).
 *
 * @example studentTSf(40, 3) // 0.00001719034039457936 (R: 1.719034039457927e-05)
 */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return NaN;
  checkDf(df);
  const far = studentTFarTail(t, df);
  return t >= 0 ? far : 1 - far;
}

function studentTLogPdf(t: number, df: number): number {
  if (df === Infinity) return Math.log(ONE_OVER_SQRT_2PI) - (t * t) / 2;
  const ratio = Math.abs(t) / Math.sqrt(df);
  const log1pT2 = ratio < 1 ? Math.log1p(ratio * ratio) : 2 * Math.log(ratio) + Math.log1p(1 / (ratio * ratio));
  return -((df + 1) / 2) * log1pT2 - logBeta(df / 2, 0.5) - 0.5 * Math.log(df);
}

/**
 * Student's t density; as R's dt.
 *
 * @example studentTPdf(0, 1) // 0.3183098861837922 (1/π = 0.3183098861837907)
 */
export function studentTPdf(t: number, df: number): number {
  checkDf(df);
  if (df === Infinity) return ONE_OVER_SQRT_2PI * gaussianFactor(Math.abs(t));
  return Math.exp(studentTLogPdf(t, df));
}

/**
 * Student's t quantile: the t with P[T <= t] = p. Safeguarded Newton on the log of the smaller
 * tail (bracketed, bisection fallback), so p down to 1e-300 is inverted to ~1e-14 relative.
 *
 * @example studentTQuantile(0.975, 10) // 2.2281388519862735
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || Number.isNaN(df)) return NaN;
  if (p < 0 || p > 1) throw new RangeError(`studentTQuantile needs p in [0, 1] (got ${p})`);
  checkDf(df);
  if (df === Infinity) return normalQuantile(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const tail = Math.min(p, 1 - p);
  const sign = p < 0.5 ? -1 : 1;
  // For p > 0.5, 1 − p rounds; solve on the smaller tail, which is exact for p < 0.5.
  const logTail = Math.log(tail);
  // Find u = |t| with P[T > u] = tail. Bracket [lo, hi]: tail(lo) >= target > tail(hi).
  let lo = 0;
  let hi = Math.max(1, Math.abs(normalQuantile(tail)));
  while (studentTFarTail(hi, df) > tail) {
    lo = hi;
    hi *= 4;
    if (hi === Infinity) return sign * Infinity;
  }
  // Cauchy: exact inverse, 1/tan(π·tail) keeps the relative accuracy of tiny tails.
  if (df === 1) return sign / Math.tan(Math.PI * tail);
  let u = (lo + hi) / 2;
  if (!(u > lo && u < hi)) u = (lo + hi) / 2;
  for (let iter = 0; iter < 200; iter++) {
    const f = studentTFarTail(u, df);
    if (f > tail) lo = u;
    else hi = u;
    // d/du log F(u) = −pdf/F; Newton on g(u) = log F(u) − log tail, with F/pdf formed in logs
    // because both underflow in the far tail.
    const step = f > 0 ? (Math.log(f) - logTail) * Math.exp(Math.log(f) - studentTLogPdf(u, df)) : NaN;
    let next = u + step;
    if (!(next > lo && next < hi)) next = lo > 0 ? Math.sqrt(lo) * Math.sqrt(hi) : (lo + hi) / 2;
    if (Math.abs(next - u) <= 1e-15 * Math.abs(next) || hi - lo <= 4e-16 * hi) return sign * next;
    u = next;
  }
  return sign * u;
}

/**
 * F distribution upper tail P[F > f] with df1, df2 > 0, computed directly from
 * I_x(df2/2, df1/2), x = df2/(df2 + df1·f); as R's pf(f, df1, df2, lower.tail = FALSE).
 *
 * @example fSf(3, 2, 20) // 0.0725381502864055
 */
export function fSf(f: number, df1: number, df2: number): number {
  if ([f, df1, df2].some(Number.isNaN)) return NaN;
  checkDf(df1, 'df1');
  checkDf(df2, 'df2');
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  if (df2 === Infinity) return chiSquareSf(f * df1, df1);
  const u = (df1 * f) / df2;
  let x: number, y: number, logX: number, logY: number;
  if (u < 1) {
    x = 1 / (1 + u);
    y = u / (1 + u);
    logX = -Math.log1p(u);
    logY = Math.log(u) - Math.log1p(u);
  } else {
    const s = 1 / u;
    x = s / (1 + s);
    y = 1 / (1 + s);
    logX = Math.log(s) - Math.log1p(s);
    logY = -Math.log1p(s);
  }
  return incompleteBeta(x, y, df2 / 2, df1 / 2, logX, logY).lower;
}

/**
 * Chi-square upper tail P[X > x] = Q(df/2, x/2), computed directly; as R's
 * pchisq(x, df, lower.tail = FALSE).
 *
 * @example chiSquareSf(3.841458820694124, 1) // 0.050000000000000176
 */
export function chiSquareSf(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df)) return NaN;
  checkDf(df);
  return incompleteGamma(df / 2, x / 2).upper;
}

/**
 * Chi-square P[X <= x] = P(df/2, x/2); as R's pchisq.
 *
 * @example chiSquareCdf(1, 2) // 0.3934693402873658
 */
export function chiSquareCdf(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df)) return NaN;
  checkDf(df);
  return incompleteGamma(df / 2, x / 2).lower;
}

function checkBinomial(k: number, n: number, p: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial n must be a non-negative integer (got ${n})`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1] (got ${p})`);
  if (Number.isNaN(k)) throw new RangeError('binomial k is NaN');
}

/**
 * Binomial probability P[X = k], X ~ Bin(n, p), in log space; as R's dbinom.
 *
 * @example binomialPmf(3, 10, 0.5) // 0.11718750000000035 (exact: 0.1171875)
 */
export function binomialPmf(k: number, n: number, p: number): number {
  checkBinomial(k, n, p);
  if (!Number.isInteger(k) || k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  if (k === 0) return Math.exp(n * Math.log1p(-p));
  if (k === n) return Math.exp(n * Math.log(p));
  // choose(n, k) = 1 / ((n + 1) B(k + 1, n − k + 1)).
  const logChoose = -Math.log(n + 1) - logBeta(k + 1, n - k + 1);
  return Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/**
 * Binomial P[X <= k] = I_{1−p}(n − k, k + 1); as R's pbinom(k, n, p).
 *
 * @example binomialCdf(3, 10, 0.5) // 0.17187500000000022 (exact: 0.171875)
 */
export function binomialCdf(k: number, n: number, p: number): number {
  checkBinomial(k, n, p);
  const kk = Math.floor(k + 1e-7);
  if (kk < 0) return 0;
  if (kk >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  return incompleteBeta(p, 1 - p, kk + 1, n - kk, Math.log(p), Math.log1p(-p)).upper;
}

/**
 * Binomial upper tail INCLUDING k: P[X >= k] = I_p(k, n − k + 1), computed directly.
 * Note: this is R's pbinom(k - 1, n, p, lower.tail = FALSE), not pbinom(k, …, FALSE).
 *
 * @example binomialSf(8, 10, 0.5) // 0.05468750000000005 (= P[X >= 8] = 56/1024)
 */
export function binomialSf(k: number, n: number, p: number): number {
  checkBinomial(k, n, p);
  const kk = Math.ceil(k - 1e-7);
  if (kk <= 0) return 1;
  if (kk > n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  return incompleteBeta(p, 1 - p, kk, n - kk + 1, Math.log(p), Math.log1p(-p)).lower;
}

/**
 * Beta quantile: the x with I_x(a, b) = p (bisection-safeguarded Newton); as R's qbeta.
 * Used for the Clopper–Pearson interval.
 *
 * @example betaQuantile(0.025, 3, 8) // 0.06673951117773448 (R: 0.066739511177734467)
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if ([p, a, b].some(Number.isNaN)) return NaN;
  if (p < 0 || p > 1) throw new RangeError(`betaQuantile needs p in [0, 1] (got ${p})`);
  if (!(a > 0) || !(b > 0)) throw new RangeError(`betaQuantile needs a, b > 0 (got ${a}, ${b})`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  // Solve log(tail(x)) = log(target) on the smaller tail, so tiny probabilities keep their
  // relative accuracy; Newton steps inside a shrinking bracket, geometric bisection otherwise.
  const useLower = p <= 0.5;
  const target = useLower ? p : 1 - p;
  const logTarget = Math.log(target);
  const logTailAt = (x: number): number => {
    const tails = incompleteBeta(x, 1 - x, a, b, Math.log(x), Math.log1p(-x));
    return Math.log(useLower ? tails.lower : tails.upper);
  };
  const logB = logBeta(a, b);
  const logDensity = (x: number): number => (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logB;
  // A root below the smallest double (or within 1e-16 of 1) rounds to the end of the support.
  if (useLower && logTailAt(Number.MIN_VALUE) >= logTarget) return 0;
  if (!useLower && logTailAt(1 - 2 ** -53) >= logTarget) return 1;
  let lo = 0;
  let hi = 1;
  let x = a / (a + b);
  for (let iter = 0; iter < 2000; iter++) {
    const g = logTailAt(x) - logTarget;
    if (g === 0) return x;
    // The lower tail rises with x, the upper tail falls.
    const rootAbove = useLower ? g < 0 : g > 0;
    if (rootAbove) lo = x;
    else hi = x;
    // d/dx log tail = ±density/tail.
    const slope = (useLower ? 1 : -1) * Math.exp(logDensity(x) - (g + logTarget));
    let next = x - g / slope;
    if (!(next > lo && next < hi)) {
      if (lo === 0) next = hi / 1024;
      else if (hi === 1) next = 1 - (1 - lo) / 1024;
      else next = Math.sqrt(lo) * Math.sqrt(hi);
      if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2;
    }
    if (Math.abs(next - x) <= 4e-16 * next || hi - lo <= 4e-16 * hi) return next;
    x = next;
  }
  return x;
}
