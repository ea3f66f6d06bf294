/**
 * Valid exports are read into exactly the rows their files hold. The fixtures are hand-made
 * (tests/fixtures/ingest/valid-csv and valid-jsonl hold the same study): RFC 4180 quoting (commas,
 * doubled quotes, newlines inside fields), emoji and other non-ASCII text, a BOM, CRLF line ends,
 * a blank line, no final newline, columns out of order and an unknown column.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Warnings } from '../../pipeline/errors.ts';
import { readStudyExport } from '../../pipeline/ingest/index.ts';
import { writeStudyTables } from '../../pipeline/ingest/write.ts';
import { VALID_CSV, VALID_JSONL, cleanup, overlay, refusal, tempDir } from './helpers.ts';

afterAll(cleanup);

function folderHash(dir: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex');
}

describe('reading a valid CSV export', () => {
  it('reads every row with its values, in file order', async () => {
    const warnings = new Warnings();
    const t = await readStudyExport(VALID_CSV, warnings);
    expect(t.meta).toEqual({
      name: 'ingest fixture',
      description: 'hand-made: quoting, emoji, BOM, CRLF, no final newline, an unknown column',
      synthetic: true,
      source: 'tests/fixtures/ingest',
    });
    // The BOM sits before `trait_sites`, the first header name: it must not hide that column.
    expect(t.participants).toEqual([
      { participant_id: 'p1', arm: 'coach', attention_passed: true, trait_jes: 5.5, trait_sites: 5 },
      { participant_id: 'p2', arm: 'control', attention_passed: true, trait_jes: 4, trait_sites: 3 },
      { participant_id: 'p3', arm: 'video', attention_passed: true, trait_jes: 3.25, trait_sites: 2 },
      // last line, no final newline; empty arm = not randomised, empty traits = missing
      { participant_id: 'p4', arm: null, attention_passed: false, trait_jes: null, trait_sites: null },
    ]);
    expect(t.conversations.map((c) => [c.conversation_id, c.participant_id, c.round, c.scenario, c.completed, c.realism])).toEqual([
      ['c1', 'p1', 1, 'job_loss', true, 4],
      ['c2', 'p1', 2, 'cancer_diagnosis', true, 5],
      ['c3', 'p1', 3, 'passed_over_promotion', true, null],
      ['c4', 'p2', 1, 'detached_at_work', true, 3],
      ['c5', 'p2', 2, 'job_loss', false, null],
      ['c6', 'p3', 1, 'cancer_diagnosis', true, 2],
    ]);
    expect(t.messages.map((m) => m.text)).toEqual([
      'So, I just lost my job today.',
      'Oh no, I\'m so sorry. "Lost" as in laid off?',
      'Yes.\nThey called me in at 9,\nand that was it.',
      'That sounds really hard 😢 — tell me more?',
      'My mum has cancer.',
      "I'm with you 💛🙏🏽",
      'I got passed over for the promotion',
      "Why don't you talk to HR?",
      'I feel detached at work',
      '', // an empty text is kept as an empty message
      'Ça va? naïve café, 日本語',
    ]);
    expect(t.messages.map((m) => `${m.conversation_id}/${m.turn}/${m.role}`).slice(0, 4)).toEqual([
      'c1/1/seeker',
      'c1/2/supporter',
      'c1/3/seeker',
      'c1/4/supporter',
    ]);
    expect(t.ratings).toHaveLength(7);
    expect(t.ratings[2]).toEqual({ conversation_id: 'c1', rater: 'judge', dimension: 'advice_giving', score: 1.5 });
    expect(t.self_reports).toEqual([
      { participant_id: 'p1', round: 1, dimension: 'validating_emotions', response: 5 },
      { participant_id: 'p1', round: 1, dimension: 'advice_giving', response: 1 },
      { participant_id: 'p2', round: 1, dimension: 'validating_emotions', response: 4 },
    ]);
    expect(t.perception.map((p) => p.chose_aligned)).toEqual([true, false, true, false]);
    expect(warnings.items).toEqual([
      { code: 'unknown_column', message: 'unknown column "cohort" ignored', file: 'participants.csv', line: 1, column: 'cohort' },
    ]);
  });

  it('reads the same study from JSONL as from CSV', async () => {
    const fromCsv = await readStudyExport(VALID_CSV, new Warnings());
    const warnings = new Warnings();
    const fromJsonl = await readStudyExport(VALID_JSONL, warnings);
    expect(fromJsonl).toEqual(fromCsv);
    expect(warnings.items.map((w) => `${w.code} ${w.file}:${w.line} ${w.column}`)).toEqual(['unknown_column participants.jsonl:1 cohort']);
  });

  it('never modifies the input folder', async () => {
    const before = folderHash(VALID_CSV);
    await readStudyExport(VALID_CSV, new Warnings());
    expect(folderHash(VALID_CSV)).toBe(before);
  });

  it('reports the physical line where a record starts, after multi-line records and blank lines', async () => {
    const dir = overlay(VALID_CSV, tempDir());
    const text = readFileSync(join(dir, 'messages.csv'), 'utf8')
      // line 7 follows the three-line record on lines 4–6
      .replace('4,c1,supporter,That sounds', '4,c1,coach,That sounds')
      // line 10 follows the blank line 9
      .replace('2,c2,supporter,', '2,c2,helper,');
    writeFileSync(join(dir, 'messages.csv'), text);
    const conversations = readFileSync(join(dir, 'conversations.csv'), 'utf8').replace('c5,p2,2,job_loss,0,', 'c5,p2,2,job_loss,0,9');
    writeFileSync(join(dir, 'conversations.csv'), conversations); // CRLF line ends
    const { lines } = await refusal(dir);
    expect(lines).toEqual([
      'conversations.csv:6: realism: must be an integer from 1 to 5 ("9")',
      'messages.csv:7: role: must be seeker or supporter ("coach")',
      'messages.csv:10: role: must be seeker or supporter ("helper")',
    ]);
  });

  it('treats self_reports and perception as optional tables, with a warning', async () => {
    const dir = overlay(VALID_CSV, tempDir());
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'perception.csv'));
    const warnings = new Warnings();
    const t = await readStudyExport(dir, warnings);
    expect(t.perception).toEqual([]);
    expect(warnings.items.map((w) => w.code)).toEqual(['missing_table', 'unknown_column']);
  });

  it('writes tables that ingest again to the same study (JSONL output is an export)', async () => {
    const t = await readStudyExport(VALID_CSV, new Warnings());
    const out = tempDir();
    await writeStudyTables(t, out);
    expect(await readStudyExport(out, new Warnings())).toEqual(t);
  });
});
