/**
 * Hostile names from an export, end to end through ingest → run (the real command line) and the
 * scored tables: scenario names that are spreadsheet formulas reach results.csv and the scored
 * tables inert, and column names that are HTML and a javascript: link reach audit.md as text.
 * Assertions are on the bytes written. The export is synthetic (the seeded simulator), edited.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warnings } from '../../pipeline/errors.ts';
import { applyExclusions, readStudyExport } from '../../pipeline/ingest/index.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { scoredTablesCsv } from '../../pipeline/score/csv.ts';
import { scoreStudy } from '../../pipeline/score/index.ts';

// node with tsx's loader, in this process's node: the tsx command starts a second node for every run.
const TSX = [process.execPath, '--import', 'tsx'];
const HYPERLINK = '=HYPERLINK("http://evil.example","click")';
const CALC = "+cmd|' /C calc'!A0";
const SCRIPT_COLUMN = '<script>alert(1)</script>';
const LINK_COLUMN = '[x](javascript:alert(1))';

let work: string;
let data: string;
let out: string;

function cli(...args: string[]) {
  const env = { ...process.env };
  delete env.SOURCE_DATE_EPOCH;
  return spawnSync(TSX[0], [...TSX.slice(1), 'pipeline/cli.ts', ...args], { encoding: 'utf8', env });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'hostile-names-'));
  data = join(work, 'export');
  const sim = cli('simulate', '--out', data, '--seed', '11', '--scale', '0.1');
  expect(sim.status, sim.stderr).toBe(0);
  // Two scenarios renamed to formulas (RFC 4180 quoting in the export itself).
  const conversations = join(data, 'conversations.csv');
  writeFileSync(conversations, readFileSync(conversations, 'utf8')
    .replaceAll(',job_loss,', `,"${HYPERLINK.replaceAll('"', '""')}",`)
    .replaceAll(',cancer_diagnosis,', `,${CALC},`));
  // Two unknown columns whose names are HTML and a javascript: link.
  const participants = join(data, 'participants.csv');
  const lines = readFileSync(participants, 'utf8').split('\n');
  writeFileSync(participants, lines.map((l, i) => (i === 0 ? `${l},${SCRIPT_COLUMN},"${LINK_COLUMN}"` : l === '' ? l : `${l},,`)).join('\n'));
  out = join(work, 'out');
  const run = cli('run', '--data', data, '--out', out, '--cache', join(work, 'cache'));
  expect(run.status, run.stderr).toBe(0);
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('hostile names from the export', () => {
  it('reach results.csv with a single quote in front, quoted; numbers untouched', () => {
    const text = readFileSync(join(out, 'results.csv'), 'utf8');
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(text).toContain(`,"'+cmd|' /C calc'!A0",`);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const scenarios = rows.filter((r) => r.method === 'ancova_by_scenario').map((r) => r.scenario);
    expect(scenarios).toEqual(expect.arrayContaining([`'${HYPERLINK}`, `'${CALC}`]));
    for (const r of rows) for (const cell of Object.values(r)) if (!/^-?[\d.]+(e[-+]\d+)?$/.test(cell)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // Some estimate of the study is negative, and it stays a plain number.
    expect(rows.some((r) => /^-\d/.test(r.ci_low))).toBe(true);
  });

  it('reach the scored tables inert', async () => {
    const { prereg } = loadPreregistration();
    const tables = await readStudyExport(data, new Warnings());
    const files = scoredTablesCsv(scoreStudy(applyExclusions(tables, prereg.exclusions).analysed, prereg));
    expect(files['participant_rounds.csv']).toContain(`,"'+cmd|' /C calc'!A0",`);
    expect(files['participant_rounds.csv']).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
  });

  it('reach audit.md escaped, and a Markdown viewer shows them as text', () => {
    const md = readFileSync(join(out, 'audit.md'), 'utf8');
    expect(md).toContain('participants.csv:1 \\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('participants.csv:1 \\[x\\](javascript:alert(1))');
    expect(md).not.toContain(SCRIPT_COLUMN);
    expect(md).not.toContain(LINK_COLUMN);
    const html = new MarkdownIt({ html: true }).render(md);
    expect(html).not.toMatch(/<script|<a |href=/);
    expect(html).toContain('participants.csv:1 &lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
