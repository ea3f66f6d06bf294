/**
 * arquero (about 0.4 s to load) is loaded only where reliability needs it: no module `run` can
 * reach imports it (static or dynamic imports, the closure the runner keys stages on), while the
 * framework form of `reliability` does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stageCode } from '../../pipeline/runner/code-hash.ts';

const importsArquero = (path: string) => /from\s+['"]arquero['"]|import\(\s*['"]arquero['"]\s*\)/.test(readFileSync(path, 'utf8'));

describe('where arquero is loaded', () => {
  it('not by run, nor by the report it draws', async () => {
    const closure = Object.keys(await stageCode(['pipeline/runner/command.ts'], null));
    expect(closure).toContain('pipeline/report/reliability-input.ts');
    expect(closure.filter((p) => /\.(ts|js)$/.test(p) && importsArquero(p))).toEqual([]);
  }, 60_000);

  it('by reliability --framework', async () => {
    const closure = Object.keys(await stageCode(['pipeline/reliability/frameworks.ts'], null));
    expect(closure.filter((p) => /\.(ts|js)$/.test(p) && importsArquero(p)).sort()).toEqual(['pipeline/reliability/rater-file.ts', 'pipeline/reliability/series.ts']);
  }, 60_000);
});
