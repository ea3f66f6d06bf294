/**
 * A real kill -9 of a command's process, as the issue tried it: at the worst instant (between
 * moving the previous output aside and putting the new one in place, where --out does not exist;
 * the child kills itself there through the fault hook), and from outside while it writes. The next
 * run finds the previous or the new output whole, and no temporary folder is left. Every other
 * instant is covered in-process by crash-recovery.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../../pipeline/ingest/command.ts';
import { FAULT_ENV } from '../../pipeline/output/fault.ts';
import { command as simulate } from '../../pipeline/simulate/command.ts';
import { claimOutput } from '../../pipeline/output/folder.ts';
import { readMarker } from '../../pipeline/output/marker.ts';
import { FIXTURES } from '../ingest/helpers.ts';
import { cleanup, snapshot, tempDir, tempsBeside } from './helpers.ts';

/** Node with tsx's loader in the same process (the tsx binary runs a child: a kill would miss it). */
const NODE = [process.execPath, '--import', 'tsx', 'pipeline/cli.ts'] as const;
const VALID_JSONL = join(FIXTURES, 'valid-jsonl');

afterAll(cleanup);

function pipeline(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(NODE[0], [...NODE.slice(1), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

/** The files of a complete output at `dir`, as its marker lists them (throws if not complete). */
function completeOutput(dir: string): string[] {
  const read = readMarker(dir);
  if (read.kind !== 'valid' || !read.marker.complete) throw new Error(`${dir}: no complete output`);
  return read.marker.files.map((f) => f.path);
}

describe('kill -9', () => {
  it('between moving the previous output aside and putting the new one in place: the next run finishes the swap', async () => {
    const out = join(tempDir(), 'ingested');
    await ingest(VALID_JSONL, out, null);
    const killed = pipeline(['ingest', '--data', VALID_JSONL, '--out', out, '--prereg', 'preregistration/preregistration.yaml'], { [FAULT_ENV]: 'crash@retired' });
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false); // what the issue found, and left so
    expect(tempsBeside(out)).toHaveLength(2);

    const log: string[] = [];
    await ingest(VALID_JSONL, out, null, (line) => log.push(line));
    expect(log).toContain(`an earlier run was interrupted while replacing ${out}; its finished new output was put in place`);
    expect(completeOutput(out)).not.toContain('consort.json'); // the next run's own output, whole
    expect(tempsBeside(out)).toEqual([]);
  });

  it('from outside while the new output is being written: the previous output stays, and the temporary folder goes', async () => {
    const parent = tempDir();
    const out = join(parent, 'export');
    await simulate.run(['--out', out, '--scale', '0.1', '--seed', '1']);
    const before = snapshot(out);

    const child = spawn(NODE[0], [...NODE.slice(1), 'simulate', '--out', out, '--scale', '2', '--seed', '2'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Wait until the child is writing its tables beside --out, then kill it.
    for (let waited = 0; waited < 60_000; waited += 10) {
      const staging = tempsBeside(out).find((n) => n.includes('-new-'));
      if (staging && readdirSync(join(dirname(out), staging)).some((f) => f.endsWith('.csv'))) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(tempsBeside(out)).toHaveLength(1);
    expect(snapshot(out)).toEqual(before);

    const next = claimOutput({ command: 'test', out });
    next.discard();
    expect(snapshot(out)).toEqual(before);
    expect(completeOutput(out)).toContain('messages.csv');
    expect(tempsBeside(out)).toEqual([]);
  });
});
