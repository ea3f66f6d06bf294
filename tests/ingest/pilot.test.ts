/**
 * The pilot adapter on the real pilot (STUDY.md; vendored in data/lend-an-ear-pilot). Expected counts and sums come from Python's csv module
 * (tests/fixtures/ingest/pilot/pilot_reference.py → pilot_reference.json); every single rating is
 * also compared with the file's cell as csv-parse reads it by column name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Warnings } from '../../pipeline/errors.ts';
import { isPilotExport, readStudyExport } from '../../pipeline/ingest/index.ts';
import { DIMENSION_NAMES } from '../../pipeline/study.ts';
import { writeStudyTables } from '../../pipeline/ingest/write.ts';
import { FIXTURES, PILOT_DIR, VALID_CSV, cleanup, tempDir } from './helpers.ts';

afterAll(cleanup);

const reference = JSON.parse(readFileSync(join(FIXTURES, 'pilot/pilot_reference.json'), 'utf8'));

describe('the pilot adapter (data/lend-an-ear-pilot)', () => {
  it("keeps the pilot's published transcripts published through ingest's output (study.json public)", async () => {
    const tables = await readStudyExport(PILOT_DIR, new Warnings());
    expect(tables.meta.public).toBe(true);
    const out = tempDir();
    await writeStudyTables(tables, out);
    expect(JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')).public).toBe(true);
    expect((await readStudyExport(out, new Warnings())).meta.public).toBe(true);
  });

  it('recognises the pilot format and not a contract export', () => {
    expect(isPilotExport(PILOT_DIR)).toBe(true);
    expect(isPilotExport(VALID_CSV)).toBe(false);
  });

  it('yields 50 conversations, each with its own synthetic, unrandomised participant', async () => {
    const t = await readStudyExport(PILOT_DIR, new Warnings());
    expect(t.conversations).toHaveLength(reference.conversations);
    expect(t.conversations).toHaveLength(50);
    expect(t.participants).toHaveLength(50);
    for (const c of t.conversations) {
      expect(c.participant_id).toBe(`pilot-${c.conversation_id}`);
      expect([c.round, c.completed, c.realism]).toEqual([1, true, null]);
    }
    expect(t.participants.every((p) => p.arm === null && p.attention_passed && p.trait_jes === null)).toBe(true);
    // the seekers open with one of three scenarios (STUDY.md): all obvious
    expect(new Set(t.conversations.map((c) => c.scenario))).toEqual(new Set(['passed_over_promotion', 'detached_at_work', 'job_loss']));
    expect(t.conversations.find((c) => c.conversation_id === '20241031145103738386')?.scenario).toBe('passed_over_promotion');
  });

  it('splits transcripts into turns in order, multi-line turns whole', async () => {
    const t = await readStudyExport(PILOT_DIR, new Warnings());
    expect(t.messages.filter((m) => m.role === 'seeker')).toHaveLength(reference.seeker_turns);
    expect(t.messages.filter((m) => m.role === 'supporter')).toHaveLength(reference.supporter_turns);
    const conv = t.messages.filter((m) => m.conversation_id === '20241031150832963315');
    expect(conv.map((m) => m.turn)).toEqual(conv.map((_, i) => i + 1));
    expect(conv.map((m) => m.text)).toContain('I understand how you feel \nwhat is on your mind though?');
    const first = t.messages.filter((m) => m.conversation_id === '20241031145103738386');
    expect(first[0]).toEqual({ conversation_id: '20241031145103738386', turn: 1, role: 'seeker', text: "I'm feeling so discouraged.. I just got passed over for the promotion I was working hard for" });
    expect(first[1].text).toBe("Oh no! I'm sorry to hear that. What position was it?");
  });

  it('reads exactly the ratings the files hold, whatever their column order', async () => {
    const t = await readStudyExport(PILOT_DIR, new Warnings());
    const raters = Object.keys(reference.raters);
    expect(raters).toEqual(['claude', 'crowd', 'expert1', 'expert2', 'expert3', 'gemini', 'gpt']);
    expect(t.ratings).toHaveLength(raters.length * 50 * 6);
    for (const rater of raters) {
      for (const d of DIMENSION_NAMES) {
        const scores = t.ratings.filter((r) => r.rater === rater && r.dimension === d).map((r) => r.score);
        expect(scores).toHaveLength(reference.raters[rater].count[d]);
        expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(reference.raters[rater].sum[d], 10);
      }
    }
    const byKey = new Map(t.ratings.map((r) => [`${r.rater}|${r.conversation_id}|${r.dimension}`, r.score]));
    for (const file of readdirSync(join(PILOT_DIR, 'annotations')).filter((f) => f.endsWith('_ratings.csv'))) {
      const rater = file.replace(/_ratings\.csv$/, '');
      const rows: Record<string, string>[] = parse(readFileSync(join(PILOT_DIR, 'annotations', file)), { columns: true, bom: true });
      for (const row of rows) for (const d of DIMENSION_NAMES) expect(byKey.get(`${rater}|${row.conversation_id}|${d}`)).toBe(Number(row[d]));
    }
    // crowd means keep full precision (the crowd file lists self_oriented before advice_giving)
    expect(byKey.get('crowd|20241031124050492385|self_oriented')).toBe(1.6666666666666667);
    expect(byKey.get('crowd|20241031124050492385|advice_giving')).toBe(2.6666666666666665);
  });

  it('warns about files it does not read, naming the duplicate', async () => {
    const warnings = new Warnings();
    await readStudyExport(PILOT_DIR, warnings);
    expect(warnings.items.map((w) => w.message)).toEqual([
      'annotations/sample_ratings_crowdsourced.csv not read: it is a byte-for-byte copy of annotations/crowd_ratings.csv, which was read',
      'crowd_annotations_raw.csv (the individual crowd ratings) not read: the crowd rater is annotations/crowd_ratings.csv',
    ]);
  });
});
