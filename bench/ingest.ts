/**
 * Ingest benchmark: `npx tsx bench/ingest.ts [DIR]` ingests a large export and prints the wall
 * time and peak RSS. Without DIR it first writes a LABELLED-SYNTHETIC export of about 3.4 million
 * messages (100× the bundled study's shape: 100,000 participants, 300,000 conversations, 5.4
 * million judge ratings; meaningless text, study.json says so) into a temporary folder, removed
 * afterwards. The measurement runs in a child process so its peak RSS is ingest's alone.
 * The target (issue 2): under 30 s and under 3 GB.
 */
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInChild } from './child.ts';
import { Warnings } from '../pipeline/errors.ts';
import { readStudyExport } from '../pipeline/ingest/index.ts';
import { TABLE_NAMES } from '../pipeline/ingest/tables.ts';
import { ARMS, DIMENSION_NAMES } from '../pipeline/study.ts';
import { createRng } from '../pipeline/stats/random.ts';

export interface IngestBench {
  seconds: number;
  peakRssMb: number;
  /** Rows of all tables together. */
  rows: number;
}

function progress(line: string): void {
  process.stderr.write(`bench/ingest: ${line}\n`);
}

/** A buffered table writer: rows are joined into large strings before each write. */
class TableWriter {
  private readonly out;
  private buffer = '';
  constructor(path: string, header: string) {
    this.out = createWriteStream(path);
    this.buffer = header + '\n';
  }
  async row(line: string): Promise<void> {
    this.buffer += line + '\n';
    if (this.buffer.length > 1 << 20) {
      const chunk = this.buffer;
      this.buffer = '';
      if (!this.out.write(chunk)) await new Promise<void>((r) => this.out.once('drain', () => r()));
    }
  }
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.out.end(this.buffer, () => resolve());
      this.out.once('error', reject);
    });
  }
}

const WORDS = ['that', 'sounds', 'really', 'hard', 'I', 'hear', 'you', 'work', 'tell', 'me', 'more', 'about', 'what', 'happened', 'feel', 'so', 'sorry', 'job', 'manager', 'today'];

/**
 * Writes a labelled-synthetic contract export of `participants` participants (3 conversations
 * each, 11 or 12 messages a conversation, 3 judge runs × 6 dimensions) into `dir`.
 * Example: `await writeSyntheticExport(dir, 100_000)` → about 3.45 million messages.
 */
export async function writeSyntheticExport(dir: string, participants: number, seed = 2): Promise<void> {
  const rng = createRng(seed);
  writeFileSync(join(dir, 'study.json'), JSON.stringify({ name: 'bench (labelled synthetic)', description: 'benchmark export: random text, not a study', synthetic: true, source: 'bench/ingest.ts' }) + '\n');
  const p = new TableWriter(join(dir, 'participants.csv'), 'participant_id,arm,attention_passed,trait_jes,trait_sites');
  const c = new TableWriter(join(dir, 'conversations.csv'), 'conversation_id,participant_id,round,scenario,completed,realism');
  const m = new TableWriter(join(dir, 'messages.csv'), 'conversation_id,turn,role,text');
  const r = new TableWriter(join(dir, 'ratings.csv'), 'conversation_id,rater,dimension,score');
  const s = new TableWriter(join(dir, 'self_reports.csv'), 'participant_id,round,dimension,response');
  const q = new TableWriter(join(dir, 'perception.csv'), 'participant_id,item_id,chose_aligned');
  for (let i = 1; i <= participants; i++) {
    const pid = `P${i}`;
    await p.row(`${pid},${ARMS[i % 3]},${i % 25 !== 0},${(1 + rng.uniform() * 6).toFixed(2)},${rng.int(1, 5)}`);
    for (let round = 1; round <= 3; round++) {
      const cid = `C${i}-${round}`;
      await c.row(`${cid},${pid},${round},job_loss,true,${rng.int(1, 5)}`);
      const n = 11 + ((i + round) % 2);
      for (let turn = 1; turn <= n; turn++) {
        let text = '';
        const words = rng.int(12, 24);
        for (let w = 0; w < words; w++) text += (w ? ' ' : '') + WORDS[rng.int(0, WORDS.length - 1)];
        // one message in ten needs RFC 4180 quoting: a comma, a quote and a line break
        if (turn % 10 === 0) text = `"${text}, so ""really""\n${text}"`;
        await m.row(`${cid},${turn},${turn % 2 ? 'seeker' : 'supporter'},${text}`);
      }
      for (let run = 1; run <= 3; run++) for (const d of DIMENSION_NAMES) await r.row(`${cid},judge_run${run},${d},${rng.int(1, 5)}`);
      for (const d of DIMENSION_NAMES) await s.row(`${pid},${round},${d},${rng.int(1, 5)}`);
    }
    for (let item = 1; item <= 10; item++) await q.row(`${pid},pair${item},${rng.bernoulli(0.6)}`);
    if (i % 20_000 === 0) progress(`generated ${i} of ${participants} participants`);
  }
  await Promise.all([p, c, m, r, s, q].map((w) => w.close()));
}

/** Measures one ingest of `dir` in this process (called in the child). */
async function measureHere(dir: string): Promise<IngestBench> {
  const start = process.hrtime.bigint();
  const tables = await readStudyExport(dir, new Warnings());
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rows = TABLE_NAMES.reduce((sum, t) => sum + tables[t].length, 0);
  return { seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, rows };
}

/**
 * Ingests `dir` in a fresh child process and returns its wall time (of readStudyExport), the
 * child's peak resident memory and the number of rows read.
 * Example: `await benchIngest('data/synthetic')` → `{ seconds: 0.9, peakRssMb: 190, rows: 121950 }` (machine-dependent).
 */
export function benchIngest(dir: string): Promise<IngestBench> {
  return measureInChild<IngestBench>(import.meta.url, dir, 'ingest benchmark');
}

const USAGE = `Usage: npx tsx bench/ingest.ts [DIR]

Ingests the export in DIR, in a fresh child process, and prints the wall time and peak memory.
Without DIR it first writes a labelled-synthetic export of 100,000 participants (about 3.4 million
messages) into a temporary folder, removed afterwards. Target: under 30 s and under 3 GB.

Options:
  --measure DIR   ingest in this process and print JSON (how the child is run)
  -h, --help      this text`;

async function main(values: { measure?: string }, positionals: string[]): Promise<void> {
  if (values.measure !== undefined) {
    process.stdout.write(JSON.stringify(await measureHere(values.measure)) + '\n');
    return;
  }
  let dir: string | undefined = positionals[0];
  let made: string | null = null;
  if (dir === undefined) {
    made = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
    dir = made;
    progress(`writing a labelled-synthetic export of 100,000 participants into ${dir}`);
    const t0 = Date.now();
    await writeSyntheticExport(dir, 100_000);
    progress(`written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  try {
    progress(`ingesting ${dir}`);
    const result = await benchIngest(dir);
    process.stdout.write(`ingest: ${result.rows} rows in ${result.seconds.toFixed(2)} s, peak RSS ${result.peakRssMb.toFixed(0)} MB\n`);
  } finally {
    if (made) rmSync(made, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { runScript } = await import('../pipeline/script.ts');
  await runScript({ command: 'npx tsx bench/ingest.ts', usage: USAGE, options: { measure: { type: 'string' } }, positionals: true }, ({ values, positionals }) => main(values, positionals));
}
