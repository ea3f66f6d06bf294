/**
 * The scored CSVs: pseudonymous ids, no raw ids, and an exact round trip (the R cross-check reads
 * these files, so what R reads must be what the pipeline analysed).
 */
import { describe, expect, it } from 'vitest';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { readScoredTablesCsv, scoredTablesCsv } from '../../pipeline/score/csv.ts';
import { scoreStudy } from '../../pipeline/score/index.ts';
import { handmadeStudy } from '../fixtures/analyze/handmade-study.ts';

const { prereg } = loadPreregistration();
const tables = handmadeStudy();
const scored = scoreStudy(tables, prereg);
const files = scoredTablesCsv(scored);

describe('scoredTablesCsv', () => {
  it('numbers participants P0001… in the scored order and writes no raw id', () => {
    const rows = files['participants.csv'].trim().split('\n').slice(1);
    expect(rows.map((r) => r.split(',')[0])).toEqual(scored.participants.map((_, i) => `P${String(i + 1).padStart(4, '0')}`));
    const text = Object.values(files).join('\n');
    for (const p of tables.participants) expect(text.includes(p.participant_id)).toBe(false);
  });

  it('writes one row a participant and round, with the six scores and six self-reports', () => {
    const lines = files['participant_rounds.csv'].trim().split('\n');
    expect(lines.length - 1).toBe(3 * scored.participants.length);
    expect(lines[0].split(',').length).toBe(5 + 12);
  });

  it('reads back into the same participants, numbers bit for bit', () => {
    const back = readScoredTablesCsv(files);
    expect(back.participants).toEqual(scored.participants.map((p, i) => ({ ...p, participant_id: `P${String(i + 1).padStart(4, '0')}` })));
  });

  it('writes and reads back every perception choice, participants by pseudonym, in the scored order', () => {
    const pseudonymOf = new Map(scored.participants.map((p, i) => [p.participant_id, `P${String(i + 1).padStart(4, '0')}`]));
    expect(scored.perception?.length).toBeGreaterThan(0);
    expect(readScoredTablesCsv(files).perception).toEqual(scored.perception?.map((c) => ({ ...c, participant_id: pseudonymOf.get(c.participant_id) })));
    const ids = (scored.perception ?? []).map((c) => scored.participants.findIndex((p) => p.participant_id === c.participant_id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('quotes a scenario holding a comma or a quote', () => {
    const tricky = structuredClone(scored);
    tricky.participants[0].rounds[1].scenario = 'Job loss, "sudden"';
    const back = readScoredTablesCsv(scoredTablesCsv(tricky));
    expect(back.participants[0].rounds[1].scenario).toBe('Job loss, "sudden"');
  });
});
