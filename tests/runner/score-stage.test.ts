/**
 * The score stage hands the scored study to `onScored` as soon as it exists (run has its charts
 * drawn while the expression tags are counted), and the hook changes nothing it returns.
 */
import { describe, expect, it } from 'vitest';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { ingestStage } from '../../pipeline/runner/stages/ingest.ts';
import { scoreStage } from '../../pipeline/runner/stages/score.ts';
import type { ScoredStudy } from '../../pipeline/score/types.ts';

describe('scoreStage onScored (data/synthetic)', () => {
  it('is called once, with the scored study it returns, and the outputs are the same without it', async () => {
    const { prereg } = loadPreregistration();
    const { analysed } = await ingestStage('data/synthetic', prereg.exclusions);
    const seen: ScoredStudy[] = [];
    const withHook = scoreStage(analysed, { scoring: prereg.scoring }, (scored) => seen.push(scored));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(withHook.scored);
    expect(seen[0].participants.length).toBe(968); // the analysed count of reports/synthetic/consort.json
    expect(withHook).toEqual(scoreStage(analysed, { scoring: prereg.scoring }));
  });
});
