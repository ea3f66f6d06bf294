/**
 * The `reliability` command as a cached stage, on the real pilot (skipped, saying so, when the
 * pilot is not on this machine): the same bytes as the uncached runReliability, up to date on a
 * second run, not rerun by a comment in the preregistration, rerun when its reliability section
 * changes, and a corrupted entry rebuilt.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReliability } from '../../pipeline/reliability/command.ts';
import { dryRunReliabilityStage, runReliabilityStage } from '../../pipeline/runner/reliability.ts';
import { PILOT_DIR } from '../reliability/pilot.ts';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'runner-reliability-'));
  cpSync('preregistration', join(work, 'prereg'), { recursive: true });
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the cached reliability stage on the pilot', () => {
  it('writes the bytes of the uncached command, and reruns only for what it reads', async () => {
    const prereg = join(work, 'prereg', 'preregistration.yaml');
    const cache = join(work, 'cache');
    const log: string[] = [];
    const options = { data: PILOT_DIR, prereg, cache, log: (l: string) => log.push(l) };
    const reference = join(work, 'reference');
    await runReliability(PILOT_DIR, reference, prereg);

    const first = join(work, 'first');
    expect(await runReliabilityStage({ ...options, out: first })).toEqual(['reliability.json', 'tagger_validity.json', 'tagged_messages.csv']);
    expect(log.at(-1)).toMatch(/^reliability: done in [0-9.]+ s \(key [0-9a-f]{12}\)$/);
    for (const f of readdirSync(reference)) expect(readFileSync(join(first, f))).toEqual(readFileSync(join(reference, f)));

    const second = join(work, 'second');
    await runReliabilityStage({ ...options, out: second });
    expect(log.at(-1)).toMatch(/^reliability: up to date \(key [0-9a-f]{12}\)$/);
    for (const f of readdirSync(reference)) expect(readFileSync(join(second, f))).toEqual(readFileSync(join(reference, f)));

    appendFileSync(prereg, '# a comment\n');
    expect(await dryRunReliabilityStage({ ...options, out: second })).toMatch(/^reliability: up to date/);
    const original = readFileSync(prereg, 'utf8');
    writeFileSync(prereg, original.replace(/bootstrap_replicates: (\d+)/, (_, n) => `bootstrap_replicates: ${Number(n) + 1}`));
    expect(original).toMatch(/bootstrap_replicates: \d+/);
    expect(await dryRunReliabilityStage({ ...options, out: second })).toBe('reliability: would run: preregistration reliability changed');
    writeFileSync(prereg, original);

    const key = readdirSync(join(cache, 'reliability')).find((d) => /^[0-9a-f]{64}$/.test(d)) as string;
    const entry = join(cache, 'reliability', key, 'files.v8');
    const bytes = readFileSync(entry);
    bytes[10] ^= 0x20;
    writeFileSync(entry, bytes);
    const third = join(work, 'third');
    await runReliabilityStage({ ...options, out: third });
    expect(log).toContain(`reliability: cache entry ${key.slice(0, 12)} is corrupted (files.v8 does not match its checksum); removed, rebuilding`);
    for (const f of readdirSync(reference)) expect(readFileSync(join(third, f))).toEqual(readFileSync(join(reference, f)));
  }, 120_000);
});
