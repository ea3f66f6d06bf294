/** Loads a JSON fixture written by tests/fixtures/stats/json.R and compares numbers. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

function decode(value: unknown): unknown {
  if (value === 'Inf') return Infinity;
  if (value === '-Inf') return -Infinity;
  if (value === 'NaN' || value === null) return NaN;
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

/** The decoded contents of tests/fixtures/stats/NAME.json. */
export function loadFixture<T>(name: string): T {
  const url = new URL(`../fixtures/stats/${name}.json`, import.meta.url);
  return decode(JSON.parse(readFileSync(fileURLToPath(url), 'utf8'))) as T;
}

/** Relative difference, treating equal values (including both infinite or both NaN) as 0. */
export function relativeError(actual: number, expected: number): number {
  if (Object.is(actual, expected) || actual === expected) return 0;
  if (Number.isNaN(actual) && Number.isNaN(expected)) return 0;
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** Asserts relative agreement within `tolerance`, with `label` in the failure message. */
export function expectClose(actual: number, expected: number, tolerance: number, label: string): void {
  const err = relativeError(actual, expected);
  expect(err <= tolerance, `${label}: got ${actual}, expected ${expected} (relative error ${err})`).toBe(true);
}
