/**
 * A run's provenance (pipeline/runner/provenance.ts): the git commit of the project (as `git
 * rev-parse HEAD` gives it) or why there is none, one digest for the code of the four stages (the
 * same normalised digests as their keys), and the command as a shell would take it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../pipeline/prereg/lock.ts';
import { stageCode } from '../../pipeline/runner/code-hash.ts';
import { codeSha256, commandText, gitState, reproducingCommand, runProvenance } from '../../pipeline/runner/provenance.ts';
import { STAGE_ENTRY } from '../../pipeline/runner/stage-entries.ts';

describe('provenance', () => {
  it('names the commit git names, or says why there is none', () => {
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
    const here = gitState();
    if (head.status === 0) expect(here.git?.commit).toBe(head.stdout.trim());
    else expect(here.git).toBeNull();
    const elsewhere = mkdtempSync(join(tmpdir(), 'not-a-checkout-'));
    try {
      expect(gitState(elsewhere)).toEqual({ git: null, note: 'the project is not a git checkout' });
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('digests the code of the four stages from their normalised digests, as sorted lines', async () => {
    const code = await stageCode([STAGE_ENTRY.ingest, STAGE_ENTRY.score, STAGE_ENTRY.analyze, STAGE_ENTRY.report], null);
    expect(Object.keys(code)).toContain('pipeline/analyze/ancova.ts');
    const listing = Object.keys(code).sort().map((path) => `${code[path].sha256}  ${path}\n`).join('');
    expect(await codeSha256(null)).toBe(sha256Hex(listing));
    // The stages' own code maps (as their keys hold them) give the same digest.
    const keyed = async (entry: string) => Object.fromEntries(Object.entries(await stageCode([entry], null)).map(([path, d]) => [path, d.sha256]));
    expect(await codeSha256(null, [await keyed(STAGE_ENTRY.ingest), await keyed(STAGE_ENTRY.analyze)])).toBe(sha256Hex(listing));
  });

  it('leaves the commit out on request, and takes the date only from what it is given', async () => {
    const command = reproducingCommand({ data: 'my data', prereg: 'p.yaml', seed: 5, diagnosis: 'd.json', recordGitCommit: false });
    const p = await runProvenance({ command, memo: null, recordCommit: false, date: null });
    expect(p.git).toBeNull();
    expect(p.git_note).toMatch(/^left out on request \(run --no-git-commit\)/);
    expect(p.date).toBeNull();
    expect(p.command).toBe("npm run pipeline -- run --data 'my data' --prereg p.yaml --seed 5 --diagnosis d.json --no-git-commit");
    expect(p.software.name).toBe('lend-an-ear-analysis');
    expect(p.dependencies.vega).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('quotes an argument for a POSIX shell only when it needs it', () => {
    expect(commandText('npm run pipeline --', ['run', '--data', 'data/synthetic', '--seed', '20260326'])).toBe('npm run pipeline -- run --data data/synthetic --seed 20260326');
    expect(commandText('x', ["it's", 'a b', '$HOME', ''])).toBe(`x 'it'\\''s' 'a b' '$HOME' ''`);
  });
});
