/**
 * A diagnosis is a function of its arguments: the same seed gives the same diagnosis.json
 * whatever the number of worker threads (studies are seeded from (seed, stream, index) and merged
 * in index order), and another seed gives another one.
 */
import { describe, expect } from 'vitest';
import { itFull } from '../full.ts';
import { diagnoseDesign, type DiagnoseSettings } from '../../pipeline/diagnose/diagnose.ts';
import { withNotes } from '../../pipeline/diagnose/notes.ts';
import { createJobPool } from '../../pipeline/diagnose/pool.ts';
import type { Progress } from '../../pipeline/diagnose/progress.ts';
import { renderDiagnosisMarkdown } from '../../pipeline/diagnose/render-md.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';

const loaded = loadPreregistration();
const quiet: Progress = { grow() {}, tick() {}, done() {} };

async function diagnosisText(workers: number, seed: number): Promise<string> {
  const settings: DiagnoseSettings = {
    sims: 4,
    seed,
    participants: 120,
    effectCoach: 0.5,
    effectVideo: null,
    attritionSims: 3,
    curveSims: 3,
    plantedScale: 0.5,
    prereg: loaded.prereg,
    preregFile: 'preregistration/preregistration.yaml',
    preregSha256: loaded.sha256,
  };
  const pool = createJobPool(loaded.prereg, workers);
  try {
    return JSON.stringify(withNotes(await diagnoseDesign(settings, pool, quiet)), null, 2);
  } finally {
    await pool.close();
  }
}

describe('diagnose determinism', () => {
  itFull('gives byte-identical diagnosis.json with 1 and 2 workers, and differs for another seed', async () => {
    const one = await diagnosisText(1, 11);
    const two = await diagnosisText(2, 11);
    expect(two).toBe(one);
    const doc = JSON.parse(one);
    expect(doc.settings.sims).toBe(4);
    expect(doc.hypotheses.find((h: { id: string }) => h.id === 'H1').planted.power.n).toBe(4);
    expect(doc.power_curve.points.length).toBe(16);
    expect(doc.attrition.contrasts.map((c: { id: string }) => c.id)).toEqual(['H1', 'H2', 'H3']);
    expect(renderDiagnosisMarkdown(doc)).toContain('| H1 |');
    expect(await diagnosisText(1, 12)).not.toBe(one);
  }, 120_000);
});
