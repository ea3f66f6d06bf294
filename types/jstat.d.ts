// jStat ships no type declarations. Only the parts this project calls are typed; extend as needed.
declare module 'jstat' {
  interface Distribution {
    pdf(x: number, ...params: number[]): number;
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  export const jStat: {
    studentt: Distribution;
    normal: Distribution;
    centralF: Distribution;
    chisquare: Distribution;
    beta: Distribution;
    gamma: Distribution;
    binomial: { pdf(k: number, n: number, p: number): number; cdf(k: number, n: number, p: number): number };
    ibeta(x: number, a: number, b: number): number;
    ibetainv(p: number, a: number, b: number): number;
    betacf(x: number, a: number, b: number): number;
    betaln(a: number, b: number): number;
    gammaln(x: number): number;
    gammafn(x: number): number;
    lowRegGamma(a: number, x: number): number;
    gammapinv(p: number, a: number): number;
    erf(x: number): number;
    erfc(x: number): number;
    erfcinv(p: number): number;
    [name: string]: unknown;
  };
  export default jStat;
}
