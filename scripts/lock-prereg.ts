/**
 * Freezes the preregistration: writes preregistration/lock.json (the SHA-256 of the YAML's bytes
 * and the freezing date) and re-renders preregistration/PREREGISTRATION.md from the same file.
 *
 *   npx tsx scripts/lock-prereg.ts --date 2026-11-26 [--file preregistration/preregistration.yaml]
 *   SOURCE_DATE_EPOCH=1774483200 npx tsx scripts/lock-prereg.ts
 *   npx tsx scripts/lock-prereg.ts --render-only      # only PREREGISTRATION.md, lock untouched
 *
 * An existing lock of different bytes is never overwritten silently: pass --relock to freeze an
 * edited file again (which every audit run before would have reported as a change after the lock;
 * re-locking after data were seen is itself a deviation to report).
 *
 * The date never comes from the clock, so locking is reproducible. The file is validated first:
 * an invalid preregistration is never locked.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BadInputError, formatProblem } from '../pipeline/errors.ts';
import { DEFAULT_PREREGISTRATION_FILE, parsePreregistration } from '../pipeline/prereg/load.ts';
import { formatLock, lockDate, lockPathFor, makeLock, readLock } from '../pipeline/prereg/lock.ts';
import { renderPreregistrationMarkdown } from '../pipeline/prereg/render.ts';

function main(): number {
  const { values } = parseArgs({
    options: { file: { type: 'string' }, date: { type: 'string' }, 'render-only': { type: 'boolean' }, relock: { type: 'boolean' } },
    strict: true,
  });
  const file = values.file ?? DEFAULT_PREREGISTRATION_FILE;
  const bytes = readFileSync(file);
  const prereg = parsePreregistration(bytes.toString('utf8'), file);
  const markdownFile = join(dirname(file), 'PREREGISTRATION.md');
  writeFileSync(markdownFile, renderPreregistrationMarkdown(prereg));
  process.stderr.write(`wrote ${markdownFile}\n`);
  if (values['render-only']) return 0;
  const date = lockDate(values.date, process.env.SOURCE_DATE_EPOCH);
  if (date === null) {
    process.stderr.write('error: give --date YYYY-MM-DD (or an ISO date-time ending in Z) or set SOURCE_DATE_EPOCH\n');
    return 2;
  }
  const lock = makeLock(file, bytes, date);
  const previous = readLock(file);
  if (previous !== null && previous.sha256 !== lock.sha256 && !values.relock) {
    process.stderr.write(`error: ${file} is locked (${previous.locked_at}, sha256 ${previous.sha256}) and has changed since; pass --relock to freeze the new version\n`);
    return 2;
  }
  writeFileSync(lockPathFor(file), formatLock(lock));
  process.stderr.write(`locked ${file}: sha256 ${lock.sha256}, ${date} → ${lockPathFor(file)}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  if (err instanceof BadInputError) {
    for (const p of err.problems) process.stderr.write(formatProblem(p) + '\n');
    process.stderr.write('error: the preregistration is invalid; nothing was locked\n');
    process.exitCode = 2;
  } else {
    throw err;
  }
}
