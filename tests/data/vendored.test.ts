/**
 * The vendored real data (data/README.md): every file matches its folder's SHA256SUMS (the
 * SHA-256 of the published bytes, from the replication repository at commit 7134581), and the
 * pilot's files are the same bytes as their counterparts in companion-reliability/.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const DATA = resolve(import.meta.dirname, '../../data');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function listed(folder: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of readFileSync(join(DATA, folder, 'SHA256SUMS'), 'utf8').split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (m) sums.set(m[2], m[1]);
  }
  return sums;
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(dir, join(prefix, e.name)) : [join(prefix, e.name)],
  );
}

describe('the vendored real data', () => {
  for (const folder of ['lend-an-ear-pilot', 'companion-reliability']) {
    it(`${folder}: every file is listed in SHA256SUMS and matches it`, () => {
      const sums = listed(folder);
      const present = filesUnder(join(DATA, folder)).filter((f) => f !== 'SHA256SUMS' && f !== 'README.md').sort();
      expect(present).toEqual([...sums.keys()].sort());
      for (const [file, sum] of sums) expect(sha256(join(DATA, folder, file)), file).toBe(sum);
    });
  }

  it('the pilot folder holds the same bytes as the Lend an Ear part of companion-reliability', () => {
    const pairs: [string, string][] = [
      ['conversations.csv', 'original_data/sample_lend_an_ear_conversations.csv'],
      ['crowd_annotations_raw.csv', 'original_data/sample_lend_an_ear_annotations.csv'],
      ['LICENSE', 'LICENSE'],
      ...readdirSync(join(DATA, 'lend-an-ear-pilot/annotations')).map(
        (f): [string, string] => [`annotations/${f}`, `annotations/lend_an_ear/${f}`],
      ),
    ];
    for (const [pilot, companion] of pairs) {
      expect(sha256(join(DATA, 'lend-an-ear-pilot', pilot)), pilot).toBe(sha256(join(DATA, 'companion-reliability', companion)));
    }
  });
});
