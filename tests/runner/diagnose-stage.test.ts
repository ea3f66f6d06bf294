/**
 * The `diagnose` command as a cached stage (a tiny diagnosis, so it is quick): the same bytes cold,
 * warm and with no cache; up to date on a second run, which reads nothing but the cache; rerun when
 * a setting, the seed or the preregistration file changes, with the reason in --dry-run; the
 * number of workers is not part of the key.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnoseSettings } from '../../pipeline/diagnose/diagnose.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { dryRunDiagnoseStage, runDiagnoseStage } from '../../pipeline/runner/diagnose.ts';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'runner-diagnose-'));
  cpSync('preregistration', join(work, 'prereg'), { recursive: true });
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the cached diagnose stage', () => {
  it('writes the same bytes cold, warm and uncached, and reruns only for what it depends on', async () => {
    const preregFile = join(work, 'prereg', 'preregistration.yaml');
    const loaded = loadPreregistration(preregFile);
    const settings: DiagnoseSettings = { sims: 2, seed: 9, participants: 60, effectCoach: null, effectVideo: null, attritionSims: 2, curveSims: 2, plantedScale: 0.2, prereg: loaded.prereg, preregFile, preregSha256: loaded.sha256 };
    const cache = join(work, 'cache');
    const log: string[] = [];
    const options = { settings, workers: 1, cache, log: (l: string) => log.push(l) };
    const files = ['diagnosis.json', 'diagnosis.md'];
    const read = (dir: string) => files.map((f) => readFileSync(join(dir, f), 'utf8'));

    expect(await runDiagnoseStage({ ...options, out: join(work, 'cold') })).toEqual(files);
    expect(log.at(-1)).toMatch(/^diagnose: done in [0-9.]+ s \(key [0-9a-f]{12}\)$/);
    await runDiagnoseStage({ ...options, workers: 2, out: join(work, 'warm') });
    expect(log.at(-1)).toMatch(/^diagnose: up to date \(key [0-9a-f]{12}\)$/);
    expect(read(join(work, 'warm'))).toEqual(read(join(work, 'cold')));
    await runDiagnoseStage({ ...options, cache: null, out: join(work, 'uncached') });
    expect(read(join(work, 'uncached'))).toEqual(read(join(work, 'cold')));

    expect(await dryRunDiagnoseStage({ ...options, out: join(work, 'x') })).toMatch(/^diagnose: up to date/);
    expect(await dryRunDiagnoseStage({ ...options, settings: { ...settings, seed: 10 }, out: join(work, 'x') })).toBe('diagnose: would run: parameter seed changed (9 → 10)');
    expect(await dryRunDiagnoseStage({ ...options, settings: { ...settings, attritionSims: 0 }, out: join(work, 'x') })).toBe('diagnose: would run: parameter attrition_sims changed (2 → 0)');
    // diagnosis.json records the preregistration's SHA-256, so any edit of its bytes reruns it.
    appendFileSync(preregFile, '# a comment\n');
    expect(await dryRunDiagnoseStage({ ...options, out: join(work, 'x') })).toBe('diagnose: would run: preregistration file changed');
  }, 180_000);
});
