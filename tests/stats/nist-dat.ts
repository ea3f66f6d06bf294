// A small reader for NIST StRD .dat files (ANOVA and linear regression layouts), used by the
// NIST tests. The header states which lines hold the data ("Data (lines 61 to 96)"); certified
// values are read by their row labels.
import { readFileSync } from 'node:fs';

export interface NistFile {
  lines: string[];
  /** Rows of numbers from the data block. */
  data: number[][];
}

export function readNistDat(path: string | URL): NistFile {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const header = lines.find((l) => /^\s*Data\s+\(lines \d+ to \d+\)/.test(l));
  if (header === undefined) throw new Error(`${String(path)}: no "Data (lines a to b)" header`);
  const [, from, to] = header.match(/lines (\d+) to (\d+)/) as RegExpMatchArray;
  const data = lines.slice(Number(from) - 1, Number(to)).map((l) => l.trim().split(/\s+/).map(Number));
  if (data.some((row) => row.some((v) => !Number.isFinite(v)))) throw new Error(`${String(path)}: non-numeric data line`);
  return { lines, data };
}

function numbersAfter(lines: string[], label: RegExp): number[] {
  const line = lines.find((l) => label.test(l));
  if (line === undefined) throw new Error(`no line matching ${label}`);
  return line.replace(label, '').trim().split(/\s+/).map(Number);
}

export interface NistAnova {
  groups: number[][];
  certified: {
    between: { df: number; ss: number; ms: number };
    within: { df: number; ss: number; ms: number };
    f: number;
    r_squared: number;
    residual_sd: number;
  };
}

export function readNistAnova(path: string | URL): NistAnova {
  const { lines, data } = readNistDat(path);
  const between = numbersAfter(lines, /^\s*Between \S+/);
  const within = numbersAfter(lines, /^\s*Within \S+/);
  const byGroup = new Map<number, number[]>();
  for (const [g, v] of data) {
    if (!byGroup.has(g)) byGroup.set(g, []);
    (byGroup.get(g) as number[]).push(v);
  }
  return {
    groups: [...byGroup.keys()].sort((a, b) => a - b).map((g) => byGroup.get(g) as number[]),
    certified: {
      between: { df: between[0], ss: between[1], ms: between[2] },
      within: { df: within[0], ss: within[1], ms: within[2] },
      f: between[3],
      r_squared: numbersAfter(lines, /^\s*Certified R-Squared/)[0],
      residual_sd: numbersAfter(lines, /^\s*Standard Deviation/)[0],
    },
  };
}

export interface NistLinear {
  y: number[];
  x: number[];
  certified: { coefficients: number[]; se: number[]; residual_sd: number; r_squared: number };
}

/** Linear-regression layout with one predictor (data columns y, x), e.g. Norris.dat. */
export function readNistLinear(path: string | URL): NistLinear {
  const { lines, data } = readNistDat(path);
  const params = lines.filter((l) => /^\s*B\d+\s+\S+\s+\S+\s*$/.test(l)).map((l) => l.trim().split(/\s+/).slice(1).map(Number));
  return {
    y: data.map((r) => r[0]),
    x: data.map((r) => r[1]),
    certified: {
      coefficients: params.map((p) => p[0]),
      se: params.map((p) => p[1]),
      residual_sd: numbersAfter(lines, /^\s*Standard Deviation(?=\s+[-+.\d])/)[0],
      r_squared: numbersAfter(lines, /^\s*R-Squared/)[0],
    },
  };
}

/**
 * Log relative error (McCullough 1998): −log10(|est − cert| / |cert|), or −log10|est − cert|
 * when the certified value is 0; capped at 15 (the digits NIST certifies).
 */
export function lre(estimate: number, certified: number): number {
  const err = certified === 0 ? Math.abs(estimate) : Math.abs(estimate - certified) / Math.abs(certified);
  if (err === 0) return 15;
  return Math.min(15, -Math.log10(err));
}
