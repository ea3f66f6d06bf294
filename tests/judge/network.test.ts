/**
 * Only the judge talks to the network: no module of the pipeline but pipeline/judge/client.ts
 * imports an HTTP, socket or DNS module or calls fetch, and the judge's client only ever sends
 * to the endpoint it was given.
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
    const reaching = [...sources('pipeline'), ...sources('scripts'), ...sources('bench')].filter((f) => NETWORK.test(readFileSync(f, 'utf8')));
    expect(reaching.filter((f) => !f.startsWith('bench/'))).toEqual(['pipeline/judge/client.ts']);
  });
});
