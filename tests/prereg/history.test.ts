/**
 * The git history of a preregistration and its lock after the lock date: read with one `git log`
 * in a repository the test makes (commit dates fixed through GIT_COMMITTER_DATE), and "could not
 * check" with its reason outside a repository, without git, and in a shallow clone.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyDeviations } from '../../pipeline/prereg/lock-audit.ts';
import { parseGitLog, preregHistory } from '../../pipeline/prereg/history.ts';

let work: string;
let repo: string;

function git(cwd: string, date: string, ...args: string[]) {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.org', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  const r = spawnSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function commit(date: string, message: string, files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(repo, 'prereg', name), text);
  git(repo, date, 'add', '-A');
  git(repo, date, 'commit', '-q', '-m', message);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'prereg-history-'));
  repo = join(work, 'repo');
  mkdirSync(join(repo, 'prereg'), { recursive: true });
  git(repo, '2026-11-20T10:00:00Z', 'init', '-q');
  commit('2026-11-20T10:00:00Z', 'draft', { 'preregistration.yaml': 'alpha: 0.05\n' });
  commit('2026-11-26T09:00:00Z', 'lock the preregistration', { 'lock.json': '{"v":1}\n' });
  commit('2026-11-28T12:00:00+02:00', 'unrelated', { 'notes.txt': 'x\n' });
  commit('2026-12-01T08:30:00Z', 'lock in the new format', { 'lock.json': '{"v":2}\n' });
  commit('2026-12-03T08:30:00Z', 'alpha 0.1 | and lock again', { 'preregistration.yaml': 'alpha: 0.1\n', 'lock.json': '{"v":3}\n' });
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('preregHistory', () => {
  it('lists the commits that changed the file or its lock on or after the lock date, newest first', () => {
    const h = preregHistory(join(repo, 'prereg', 'preregistration.yaml'), join(repo, 'prereg', 'lock.json'), '2026-11-26');
    expect(h.checked).toBe(true);
    expect(h.commits.map((c) => [c.date, c.changed, c.after_lock, c.subject])).toEqual([
      ['2026-12-03T08:30:00Z', ['preregistration', 'lock'], true, 'alpha 0.1 | and lock again'],
      ['2026-12-01T08:30:00Z', ['lock'], true, 'lock in the new format'],
      ['2026-11-26T09:00:00Z', ['lock'], false, 'lock the preregistration'],
    ]);
    expect(h.commits.every((c) => /^[0-9a-f]{12}$/.test(c.commit))).toBe(true);
  });

  it('makes a warning of a commit that changed the preregistration after the lock date, and a note of one that rewrote only the lock', () => {
    const h = preregHistory(join(repo, 'prereg', 'preregistration.yaml'), join(repo, 'prereg', 'lock.json'), '2026-11-26');
    const [changed, rewritten] = [h.commits[0].commit, h.commits[1].commit];
    expect(historyDeviations(h, '2026-11-26').map((d) => [d.kind, d.severity, d.summary])).toEqual([
      ['preregistration_committed_after_lock', 'warning', `1 commit(s) changed the preregistration after its lock date (2026-11-26): ${changed} (2026-12-03)`],
      ['lock_rewritten_after_lock_date', 'note', `1 commit(s) rewrote the lock after its lock date (2026-11-26) without changing the preregistration: ${rewritten} (2026-12-01)`],
    ]);
  });

  it('takes a lock dated to the second at its word', () => {
    const h = preregHistory(join(repo, 'prereg', 'preregistration.yaml'), join(repo, 'prereg', 'lock.json'), '2026-12-01T08:30:00Z');
    expect(h.commits.map((c) => c.after_lock)).toEqual([true, false]);
  });

  it('says it could not check outside a repository, without git, in a shallow clone, or for files in no commit', () => {
    const outside = join(work, 'outside');
    mkdirSync(outside);
    const file = join(outside, 'preregistration.yaml');
    expect(preregHistory(file, join(outside, 'lock.json'), '2026-11-26')).toEqual({ checked: false, reason: 'the preregistration is not in a git repository', commits: [] });
    expect(preregHistory(join(repo, 'prereg', 'preregistration.yaml'), join(repo, 'prereg', 'lock.json'), '2026-11-26', { PATH: join(work, 'no-such-bin') })).toEqual({ checked: false, reason: 'git is not installed', commits: [] });
    const shallow = join(work, 'shallow');
    git(work, '2026-12-04T00:00:00Z', 'clone', '-q', '--depth', '1', `file://${repo}`, shallow);
    expect(preregHistory(join(shallow, 'prereg', 'preregistration.yaml'), join(shallow, 'prereg', 'lock.json'), '2026-11-26')).toEqual({ checked: false, reason: 'the git history is cut (a shallow clone): the commits before it are not here', commits: [] });
    writeFileSync(join(repo, 'prereg', 'other.yaml'), 'alpha: 1\n');
    expect(preregHistory(join(repo, 'prereg', 'other.yaml'), join(repo, 'prereg', 'other-lock.json'), '2026-11-26')).toEqual({ checked: false, reason: 'the preregistration and its lock are in no commit of the git history', commits: [] });
  });

  it('without a lock date, or with one that is not a date, does not look', () => {
    expect(preregHistory('p.yaml', 'lock.json', null).checked).toBe(false);
    expect(preregHistory('p.yaml', 'lock.json', 'last Tuesday')).toEqual({ checked: false, reason: 'the lock date "last Tuesday" is not a date', commits: [] });
  });
});

describe('parseGitLog', () => {
  it('cuts long subjects and keeps tabs in them', () => {
    const log = `\0${'a'.repeat(40)}\t2026-12-01T00:00:00+00:00\t\t${'x'.repeat(120)}\tmore\n\n:100644 100644 ${'1'.repeat(40)} ${'2'.repeat(40)} M\tprereg/preregistration.yaml\n`;
    const h = parseGitLog(log, 'preregistration.yaml', 'lock.json', '2026-11-26');
    expect(h.commits[0].subject).toBe(`${'x'.repeat(99)}…`);
    expect(h.commits[0].changed).toEqual(['preregistration']);
  });
});
