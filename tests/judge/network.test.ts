/**
 * Only the judge talks to the network: no module of the pipeline or the scripts but
 * pipeline/judge/client.ts imports an HTTP, socket or DNS module or calls fetch; the benchmark's
 * judge files do, to a stand-in of their own on 127.0.0.1 and nowhere else.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const NETWORK = /\bfrom ['"](?:node:)?(?:http|https|http2|net|tls|dgram|dns|undici)['"]|\brequire\(['"](?:node:)?(?:http|https|http2|net|tls|dgram|dns|undici)['"]\)|\bfetch\(|\bnew WebSocket\(|\bXMLHttpRequest\b/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|js|mjs)$/.test(name) && !name.endsWith('.bundle.mjs') ? [path] : [];
  });
}

describe('the network', () => {
  it('is reached from pipeline/judge/client.ts only', () => {
    const reaching = [...sources('pipeline'), ...sources('scripts')].filter((f) => NETWORK.test(readFileSync(f, 'utf8')));
    expect(reaching).toEqual(['pipeline/judge/client.ts']);
  });

  it('the benchmark talks only to its own stand-in on 127.0.0.1', () => {
    const reaching = sources('bench').filter((f) => NETWORK.test(readFileSync(f, 'utf8'))).sort();
    expect(reaching).toEqual(['bench/judge-stand-in.mjs', 'bench/judge.ts']);
    for (const f of reaching) {
      const hosts = [...readFileSync(f, 'utf8').matchAll(/https?:\/\/([^/:'"`\s]+)|listen\([^,]+,\s*'([^']+)'/g)].map((m) => m[1] ?? m[2]);
      expect(hosts.length, f).toBeGreaterThan(0);
      expect(new Set(hosts), f).toEqual(new Set(['127.0.0.1']));
    }
  });
});
