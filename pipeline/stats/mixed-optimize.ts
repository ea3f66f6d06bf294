/**
 * The one-dimensional numerical tools the mixed model needs: Brent's root finder (to solve the
 * REML score equation in the variance ratio) and a Richardson-extrapolated central difference
 * (for the one second derivative of the REML deviance that is not taken analytically).
 */

/**
 * A root of f in [a, b], where f(a) and f(b) have opposite signs, by Brent's method (bisection,
 * secant and inverse quadratic interpolation), to an absolute tolerance 2·eps·|x| + tol/2.
 * Reference: Brent (1973), Algorithms for Minimization without Derivatives, ch. 4 (`zeroin`),
 * as in R's `uniroot`.
 *
 * @example
 * brentRoot((x) => x * x - 2, 0, 2, 1e-15); // 1.414213562373095
 */
export function brentRoot(f: (x: number) => number, a: number, b: number, tol = 0, maxIterations = 200): number {
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa > 0 === fb > 0) throw new RangeError(`brentRoot: f(a) = ${fa} and f(b) = ${fb} do not bracket a root`);
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < maxIterations; iter++) {
    if (fb > 0 === fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
  }
  return b;
}

/**
 * f'(x) by central differences with steps h, h/2, h/4, h/8 and Richardson extrapolation
 * (the scheme of R's numDeriv::grad, method "Richardson", r = 4, v = 2).
 * Reference: Richardson (1911); Gilbert & Varadhan, numDeriv documentation.
 *
 * @example
 * richardsonDerivative(Math.exp, 1, 0.1); // 2.718281828459018 (e = 2.718281828459045)
 */
export function richardsonDerivative(f: (x: number) => number, x: number, h: number, levels = 4): number {
  const a: number[] = [];
  let step = h;
  for (let k = 0; k < levels; k++) {
    a.push((f(x + step) - f(x - step)) / (2 * step));
    step /= 2;
  }
  for (let m = 1; m < levels; m++) {
    const factor = 4 ** m;
    for (let k = 0; k < levels - m; k++) a[k] = (factor * a[k + 1] - a[k]) / (factor - 1);
  }
  return a[0];
}

/**
 * The minimiser of a unimodal f on [a, b] by golden-section search, to |b − a| <= tol·(|x| + 1e-300).
 * Reference: Kiefer (1953); Press et al. (2007), Numerical Recipes 3rd ed., §10.2.
 *
 * @example
 * goldenSectionMinimize((x) => (x - 1) ** 2, 0, 3, 1e-10); // 1.0000000000... (within 1e-10)
 */
export function goldenSectionMinimize(f: (x: number) => number, a: number, b: number, tol = 1e-10): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let iter = 0; iter < 300 && Math.abs(b - a) > tol * (Math.abs(c) + Math.abs(d)) / 2 + 1e-300; iter++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  return fc <= fd ? c : d;
}
