/**
 * Property (the fuzz suite grown to output folders): whatever an existing --out holds — the user's
 * files and folders, symbolic links (to files outside, to itself, dangling), an earlier output of
 * the pipeline with files added, edited, removed or replaced by links, a damaged marker — writing
 * a new output there either is refused, with not a byte, name or link of the folder or of its
 * neighbours changed, or replaces it, which happens exactly when the folder held nothing but
 * what the pipeline wrote. A few hundred random cases (fast-check, seeded by vitest's run).
 */
import fc from 'fast-check';
import { mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RefusedError } from '../../pipeline/errors.ts';
import { withOutput } from '../../pipeline/output/folder.ts';
import { cleanup, snapshot, tempDir, tempsBeside } from './helpers.ts';

afterAll(cleanup);

const name = fc.constantFrom('a.txt', 'b.csv', 'notes.md', 'manifest.json', 'report.html', 'results.json', 'figures', 'src', '.hidden', 'z');
const content = fc.constantFrom('', 'x', 'mine\n', '{"outputs": []}', 'a,b\n1,2\n');

/** One entry a user may have in a folder. */
const userEntry = fc.oneof(
  fc.record({ kind: fc.constant('file' as const), name, content }),
  fc.record({ kind: fc.constant('dir' as const), name, files: fc.array(fc.record({ name, content }), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('link' as const), name, to: fc.constantFrom('outside', 'self', 'dangling', 'parent') }),
);

/** What the pipeline writes: a few files, some in a subfolder. */
const outputFiles = fc.uniqueArray(fc.constantFrom('results.json', 'report.html', 'figures/a.svg', 'figures/b.png', 'audit.md', 'data/x.csv'), { minLength: 1, maxLength: 4 });

/** What a user did to an earlier output of the pipeline. */
const change = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('add' as const), entry: userEntry }),
  fc.record({ kind: fc.constant('edit' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('remove' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('relink' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('marker' as const), text: fc.constantFrom('', '{', 'null', '{"schema":"lend-an-ear-output/1"}', '{"schema":"lend-an-ear-output/1","command":"run","complete":true,"files":[{"path":"../outside.txt","bytes":4,"sha256":"' + 'a'.repeat(64) + '"}]}') }),
);

const scenario = fc.oneof(
  fc.record({ kind: fc.constant('absent' as const) }),
  fc.record({ kind: fc.constant('empty' as const) }),
  fc.record({ kind: fc.constant('user' as const), entries: fc.array(userEntry, { minLength: 1, maxLength: 5 }) }),
  fc.record({ kind: fc.constant('ours' as const), files: outputFiles, changes: fc.array(change, { maxLength: 2 }) }),
);

function makeEntry(dir: string, entry: fc.Arbitrary<unknown> extends never ? never : { kind: string; name: string; content?: string; files?: { name: string; content: string }[]; to?: string }, outside: string): void {
  const path = join(dir, entry.name);
  rmSync(path, { recursive: true, force: true });
  if (entry.kind === 'file') writeFileSync(path, entry.content ?? '');
  else if (entry.kind === 'dir') {
    mkdirSync(path);
    for (const f of entry.files ?? []) writeFileSync(join(path, f.name), f.content);
  } else {
    const target = { outside, self: path, dangling: join(dir, 'no-such-file'), parent: join(dir, '..') }[entry.to as 'outside'];
    symlinkSync(target, path);
  }
}

async function writeOutput(out: string, files: string[], version: string): Promise<void> {
  await withOutput({ command: 'test', out }, (output) => {
    for (const f of files) output.write(f, `${f} ${version}\n`);
  });
}

describe('writing into an existing --out', () => {
  it('never touches a byte that is not the pipeline\'s, and replaces only what is wholly its own', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const parent = tempDir('output-prop-');
        const out = join(parent, 'out');
        const outside = join(parent, 'outside.txt');
        writeFileSync(outside, 'the user\'s file beside --out');
        mkdirSync(join(parent, 'neighbour'));
        writeFileSync(join(parent, 'neighbour', 'data.csv'), 'a,b\n');
        // The model: which paths of --out hold something the pipeline did not write, and whether
        // the marker was damaged; the folder is replaceable exactly when neither.
        const userPaths = new Set<string>();
        let markerDamaged = false;
        if (s.kind === 'empty') mkdirSync(out);
        if (s.kind === 'user') {
          mkdirSync(out);
          for (const e of s.entries) {
            makeEntry(out, e, outside);
            userPaths.add(e.name);
          }
        }
        if (s.kind === 'ours') {
          await writeOutput(out, s.files, 'v1');
          for (const c of s.changes) {
            const listed = s.files[(('which' in c ? c.which : 0) as number) % s.files.length];
            try {
              if (c.kind === 'add') {
                makeEntry(out, c.entry, outside);
                for (const p of [...userPaths]) if (p.startsWith(`${c.entry.name}/`)) userPaths.delete(p);
                // an empty folder where the output has one holds nothing of the user's
                const emptyOutputFolder = c.entry.kind === 'dir' && c.entry.files.length === 0 && s.files.some((f) => f.startsWith(`${c.entry.name}/`));
                if (!emptyOutputFolder) userPaths.add(c.entry.name);
              } else if (c.kind === 'edit') {
                writeFileSync(join(out, listed), 'edited by hand\n');
                userPaths.add(listed);
              } else if (c.kind === 'remove') {
                rmSync(join(out, listed), { force: true, recursive: true });
                userPaths.delete(listed);
              } else if (c.kind === 'relink') {
                unlinkSync(join(out, listed));
                symlinkSync(outside, join(out, listed));
                userPaths.add(listed);
              } else if (c.kind === 'marker') {
                writeFileSync(join(out, '.lend-an-ear-output.json'), c.text);
                markerDamaged = true;
              }
            } catch {
              // the path is gone, or its folder was replaced by an added entry: nothing changed
            }
          }
        }
        const replaceable = userPaths.size === 0 && !markerDamaged;
        const before = snapshot(parent);
        const outBefore = Object.fromEntries(Object.entries(before).filter(([p]) => p === 'out' || p.startsWith('out/')));
        const error = await writeOutput(out, ['results.json', 'figures/a.svg'], 'v2').then(() => null, (err: unknown) => err);
        const after = snapshot(parent);
        // the neighbours and the files links point at are never touched
        for (const [path, what] of Object.entries(before)) if (path !== 'out' && !path.startsWith('out/')) expect(after[path], path).toBe(what);
        expect(tempsBeside(out)).toEqual([]);
        if (error !== null) {
          expect(error).toBeInstanceOf(RefusedError);
          expect(replaceable, `refused a replaceable folder: ${(error as Error).message}`).toBe(false);
          expect(Object.fromEntries(Object.entries(after).filter(([p]) => p === 'out' || p.startsWith('out/')))).toEqual(outBefore);
        } else {
          expect(replaceable, 'replaced a folder holding what the pipeline did not write').toBe(true);
          expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('results.json v2\n');
          expect(Object.keys(after).filter((p) => p.startsWith('out/')).sort()).toEqual(['out/.lend-an-ear-output.json', 'out/figures', 'out/figures/a.svg', 'out/results.json']);
        }
      }),
      { numRuns: Number(process.env.OUTPUT_PROPERTY_RUNS ?? 150) },
    );
  });
});
