/**
 * `simulate` is deterministic: the default seed reproduces data/synthetic/ byte for byte, the
 * in-memory generator gives the same bytes as the streaming command, a different seed gives a
 * different study, and bad arguments are refused with a usage error.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../pipeline/errors.ts';
import { CALIBRATION, DEFAULT_SEED } from '../../pipeline/simulate/calibration.ts';
import { command } from '../../pipeline/simulate/command.ts';
import { writeExport } from '../../pipeline/simulate/export-writer.ts';
import { simulateStudy } from '../../pipeline/simulate/generate.ts';

const BUNDLED = new URL('../../data/synthetic/', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'simulate-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name))]));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('simulate', () => {
  it('reproduces the bundled export byte for byte with the default seed', async () => {
    const out = join(scratch, 'default');
    await command.run(['--out', out]);
    const made = files(out);
    const bundled = files(BUNDLED);
    expect(Object.keys(made)).toEqual(Object.keys(bundled));
    for (const name of Object.keys(bundled)) expect(sha256(made[name]), name).toBe(sha256(bundled[name]));
  });

  it('lists the SHA-256 of every file in SHA256SUMS, in sha256sum -c format', () => {
    const bundled = files(BUNDLED);
    const lines = bundled.SHA256SUMS.toString('utf8').trim().split('\n');
    // every file but SHA256SUMS itself and the output marker (pipeline/output/), which lists them all
    expect(lines).toHaveLength(Object.keys(bundled).length - 2);
    for (const line of lines) {
      const [sum, name] = line.split('  ');
      expect(sum, name).toBe(sha256(bundled[name]));
    }
  });

  it('writes the same bytes from memory (simulateStudy + writeExport) as the streaming command', () => {
    const out = join(scratch, 'memory');
    writeExport(out, simulateStudy(CALIBRATION, DEFAULT_SEED, 1));
    const made = files(out);
    const bundled = files(BUNDLED);
    for (const name of Object.keys(bundled)) if (name !== '.lend-an-ear-output.json') expect(sha256(made[name]), name).toBe(sha256(bundled[name]));
  });

  it('gives a different study for a different seed, and the same one twice', () => {
    const a = simulateStudy(CALIBRATION, 1, 0.2);
    const b = simulateStudy(CALIBRATION, 1, 0.2);
    const c = simulateStudy(CALIBRATION, 2, 0.2);
    expect(b).toEqual(a);
    expect(c.messages.map((m) => m.text)).not.toEqual(a.messages.map((m) => m.text));
    expect(c.ratings.map((r) => r.score)).not.toEqual(a.ratings.map((r) => r.score));
  });

  it('refuses a bad scale or seed with a usage error, writing nothing', async () => {
    const out = join(scratch, 'refused');
    await expect(command.run(['--out', out, '--scale', '0'])).rejects.toBeInstanceOf(UsageError);
    await expect(command.run(['--out', out, '--seed', 'x'])).rejects.toBeInstanceOf(UsageError);
    await expect(command.run(['--out', out, '--scale', '0.001'])).rejects.toBeInstanceOf(UsageError);
    await expect(command.run([])).rejects.toBeInstanceOf(UsageError);
    expect(() => readdirSync(out)).toThrow();
  });

  it('marks the null variant in its metadata', () => {
    const study = simulateStudy(CALIBRATION, 3, 0.1, { nullVariant: true });
    expect(study.meta.name).toMatch(/null variant/);
    expect(study.meta.synthetic).toBe(true);
  });
});
