/**
 * Freezes the preregistration: writes preregistration/lock.json (the SHA-256 of the YAML's bytes,
 * a snapshot of its text and the freezing date) and re-renders preregistration/PREREGISTRATION.md
 * from the same file. Run with --help for the options.
 *
 * An existing lock of different bytes is never overwritten silently: pass --relock to freeze an
 * edited file again (which every audit run before would have reported as a change after the lock;
 * re-locking after data were seen is itself a deviation to report). A lock of the same bytes is
 * written again in the current format, keeping its date unless --date says otherwise.
 *
 * The date never comes from the clock, so locking is reproducible. The file is validated first:
 * an invalid preregistration is never locked.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../pipeline/errors.ts';
import { DEFAULT_PREREGISTRATION_FILE, parsePreregistration, readPreregistrationFile } from '../pipeline/prereg/load.ts';
import { formatLock, lockDate, lockPathFor, makeLock, readLock } from '../pipeline/prereg/lock.ts';
import { renderPreregistrationMarkdown } from '../pipeline/prereg/render.ts';
import { runScript, type ScriptOptions } from '../pipeline/script.ts';

const HELP = `Usage: npx tsx scripts/lock-prereg.ts [--file FILE] [--date YYYY-MM-DD] [--relock] [--render-only]

Freezes a preregistration: writes lock.json beside it (the SHA-256 of its bytes, a snapshot of its
text, and the date it was frozen) and renders PREREGISTRATION.md from it. Every run's audit then
compares the preregistration it ran under with this snapshot, item by item.

Options:
  --file FILE     the preregistration (default ${DEFAULT_PREREGISTRATION_FILE})
  --date DATE     the freezing date, YYYY-MM-DD or an ISO date-time ending in Z; else
                  SOURCE_DATE_EPOCH; never the clock. A lock of the same bytes keeps its date.
  --relock        freeze a file that changed since its lock (a deviation every audit before showed)
  --render-only   only render PREREGISTRATION.md; the lock is untouched
  -h, --help      this help

Exit status: 0 locked (or rendered), 2 bad arguments, an invalid or unreadable preregistration, or
a change since the lock without --relock; 1 internal error.
`;

const OPTIONS = { file: { type: 'string' }, date: { type: 'string' }, 'render-only': { type: 'boolean' }, relock: { type: 'boolean' } } satisfies ScriptOptions;

function main(values: { file?: string; date?: string; 'render-only'?: boolean; relock?: boolean }): number {
  const file = values.file ?? DEFAULT_PREREGISTRATION_FILE;
  const bytes = readPreregistrationFile(file);
  const prereg = parsePreregistration(bytes.toString('utf8'), file);
  const markdownFile = join(dirname(file), 'PREREGISTRATION.md');
  writeFileSync(markdownFile, renderPreregistrationMarkdown(prereg));
  process.stderr.write(`wrote ${markdownFile}\n`);
  if (values['render-only']) return 0;
  const previous = readLock(file);
  const same = previous !== null && previous.sha256 === makeLock(file, bytes, 'x').sha256;
  const date = values.date === undefined && same ? previous.locked_at : lockDate(values.date, process.env.SOURCE_DATE_EPOCH);
  if (date === null) throw new UsageError('give --date YYYY-MM-DD (or an ISO date-time ending in Z) or set SOURCE_DATE_EPOCH');
  if (previous !== null && !values.relock && (!same || previous.locked_at !== date)) {
    const why = same ? `would move its date from ${previous.locked_at} to ${date}` : 'has changed since';
    process.stderr.write(`error: ${file} is locked (${previous.locked_at}, sha256 ${previous.sha256}) and ${why}; pass --relock to freeze it again\n`);
    return 2;
  }
  const lock = makeLock(file, bytes, date);
  writeFileSync(lockPathFor(file), formatLock(lock));
  process.stderr.write(`locked ${file}: sha256 ${lock.sha256}, ${date} → ${lockPathFor(file)}\n`);
  return 0;
}

await runScript({ command: 'npx tsx scripts/lock-prereg.ts', usage: HELP, options: OPTIONS }, ({ values }) => main(values));
