import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../pipeline/errors.ts';
import { runReliability } from '../../pipeline/reliability/command.ts';
import { PILOT_DIR } from './pilot.ts';

const PREREG = 'preregistration/preregistration.yaml';

describe('the reliability command on the pilot', () => {
  it('writes the three files, byte-identical on a second run, with no message text', async () => {
    const a = mkdtempSync(join(tmpdir(), 'rel-a-'));
    const b = mkdtempSync(join(tmpdir(), 'rel-b-'));
    expect(await runReliability(PILOT_DIR, a, PREREG)).toEqual(['reliability.json', 'tagger_validity.json', 'tagged_messages.csv']);
    await runReliability(PILOT_DIR, b, PREREG);
    for (const f of readdirSync(a)) expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
    expect(readdirSync(a).sort()).toEqual(['.lend-an-ear-output.json', 'reliability.json', 'tagged_messages.csv', 'tagger_validity.json']);

    const csv = readFileSync(join(a, 'tagged_messages.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('conversation_id,turn,subcomponent,category');
    // A phrase of the first supporter message of the pilot must not leak into the outputs.
    for (const f of readdirSync(a)) expect(readFileSync(join(a, f), 'utf8')).not.toContain('sorry to hear');

    const doc = JSON.parse(readFileSync(join(a, 'reliability.json'), 'utf8'));
    expect(doc.kappa[0]).toMatchObject({ pair: ['experts', 'gemini'], dimension: 'validating_emotions', n: 50 });
    expect(Object.keys(doc.alpha)).toHaveLength(6);
    const validity = JSON.parse(readFileSync(join(a, 'tagger_validity.json'), 'utf8'));
    expect(validity.rows.map((r: { subcomponent: string }) => r.subcomponent)).toEqual([
      'validating_emotions', 'demonstrating_understanding', 'encouraging_elaboration', 'advice_giving', 'dismissing_emotions', 'self_oriented',
    ]);
    expect(validity.supporter_messages).toBe(csv.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join()).filter((v, i, all) => all.indexOf(v) === i).length);
  }, 120_000);
});

describe('the reliability command refuses bad input', () => {
  it('a missing preregistration is bad input and nothing is written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rel-bad-')), 'out');
    await expect(runReliability(PILOT_DIR, out, 'no/such/prereg.yaml')).rejects.toBeInstanceOf(BadInputError);
    expect(existsSync(out)).toBe(false);
  });
  it('a missing export folder is bad input and nothing is written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rel-bad-')), 'out');
    await expect(runReliability('no/such/export', out, PREREG)).rejects.toBeInstanceOf(BadInputError);
    expect(existsSync(out)).toBe(false);
  });
});
