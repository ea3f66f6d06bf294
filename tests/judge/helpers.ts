/**
 * Helpers of the judge's tests: a tiny SYNTHETIC export with transcripts and no ratings, temporary
 * folders, a preregistration copy with an edited judge section, and a walk over every file a run
 * wrote (to look for the key).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARMS } from '../../pipeline/study.ts';
import { tempDir as newTempDir } from '../temp.ts';

export { cleanup } from '../temp.ts';

/** A fresh temporary folder, removed by `cleanup()`. */
export const tempDir = (prefix = 'judge-test-'): string => newTempDir(prefix);

/** A made-up supporter line per conversation, so that every transcript (and request) differs. */
const SUPPORTER = ['Oh no, I am so sorry.', 'What happened then?', 'Why not talk to your manager?', 'That happened to me too.', "Don't worry, it will pass.", 'It sounds like you feel overlooked.'];

/**
 * Writes a SYNTHETIC contract export of `participants` participants (arms in turn), three rounds
 * each, four messages a conversation, and no ratings table. Returns its folder.
 */
export function syntheticExport(participants: number, options: { ratings?: boolean; public?: boolean } = {}): string {
  const dir = tempDir('judge-export-');
  const people = ['participant_id,arm,attention_passed,trait_jes,trait_sites'];
  const conversations = ['conversation_id,participant_id,round,scenario,completed,realism'];
  const messages = ['conversation_id,turn,role,text'];
  const ratings = ['conversation_id,rater,dimension,score'];
  for (let p = 1; p <= participants; p++) {
    people.push(`P${p},${ARMS[p % 3]},true,4,3`);
    for (let round = 1; round <= 3; round++) {
      const c = `C${p}-${round}`;
      conversations.push(`${c},P${p},${round},job_loss,true,4`);
      messages.push(`${c},1,seeker,"I lost my job today (synthetic ${c})."`);
      messages.push(`${c},2,supporter,"${SUPPORTER[(p + round) % SUPPORTER.length]}"`);
      messages.push(`${c},3,seeker,"It was a shock, to be honest."`);
      messages.push(`${c},4,supporter,"${SUPPORTER[(p * 3 + round) % SUPPORTER.length]} Round ${round}."`);
      ratings.push(`${c},judge_run1,advice_giving,2`);
    }
  }
  writeFileSync(join(dir, 'participants.csv'), people.join('\n') + '\n');
  writeFileSync(join(dir, 'conversations.csv'), conversations.join('\n') + '\n');
  writeFileSync(join(dir, 'messages.csv'), messages.join('\n') + '\n');
  if (options.ratings) writeFileSync(join(dir, 'ratings.csv'), ratings.join('\n') + '\n');
  const study: Record<string, unknown> = { name: 'judge test (synthetic)', description: 'A made-up export for the judge tests', synthetic: true, source: 'tests/judge/helpers.ts' };
  if (options.public !== undefined) study.public = options.public;
  writeFileSync(join(dir, 'study.json'), JSON.stringify(study, null, 2) + '\n');
  return dir;
}

/** The same export, not synthetic (its rationales may not be quoted unless public). */
export function realLookingExport(participants: number, isPublic: boolean | undefined): string {
  const dir = syntheticExport(participants, { public: isPublic });
  const study = JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8')) as Record<string, unknown>;
  study.synthetic = false;
  writeFileSync(join(dir, 'study.json'), JSON.stringify(study, null, 2) + '\n');
  return dir;
}

/** A copy of the preregistration and its lock, with `edit` applied to the YAML text (the lock is
 *  then stale, which the judge does not mind). */
export function preregWith(edit: (yaml: string) => string): string {
  const dir = tempDir('judge-prereg-');
  const file = join(dir, 'preregistration.yaml');
  writeFileSync(file, edit(readFileSync('preregistration/preregistration.yaml', 'utf8')));
  copyFileSync('preregistration/lock.json', join(dir, 'lock.json'));
  return file;
}

/** Every file under the given folders (recursively), as [path, bytes]. */
export function everyFile(...dirs: string[]): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push([path, readFileSync(path)]);
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

/** A writable stream stand-in that keeps what was written. */
export function captured(isTTY = false): { isTTY: boolean; write(text: string): boolean; text(): string } {
  let text = '';
  return {
    isTTY,
    write(t: string) {
      text += t;
      return true;
    },
    text: () => text,
  };
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
