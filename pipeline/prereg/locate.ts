/**
 * Where a value sits in the preregistration's YAML text. Schema errors name a path
 * (`/hypotheses/3/method`); the author needs a line and column. The `yaml` package keeps each
 * node's character range; a LineCounter turns an offset into a 1-based line and column.
 */
import { isMap, isSeq, isScalar, type Document, type LineCounter, type Node } from 'yaml';

export type PathSegment = string | number;

export interface SourcePosition {
  line: number;
  col: number;
}

/**
 * The position of the value at `path` (or, with `key`, of that key inside the map at `path`).
 * When the path runs past what the document holds, the deepest node found is used, so an error
 * always points somewhere sensible.
 * Example: `locate(doc, lines, ['hypotheses', 0, 'method'])` → `{ line: 62, col: 13 }`.
 */
export function locate(doc: Document, lines: LineCounter, path: PathSegment[], key?: string): SourcePosition {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    const child = childOf(node, segment);
    if (child === undefined) break;
    node = child.value;
    offset = rangeStart(child.value) ?? rangeStart(child.key) ?? offset;
  }
  if (key !== undefined) {
    const pair = childOf(node, key);
    const start = pair ? rangeStart(pair.key) : undefined;
    if (start !== undefined) offset = start;
  }
  const pos = lines.linePos(offset);
  return { line: pos.line, col: pos.col };
}

function childOf(node: unknown, segment: PathSegment): { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { key: undefined, value: item };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** Splits an ajv instancePath (`/hypotheses/3/method`) into segments, numbers as numbers. */
export function pathSegments(instancePath: string): PathSegment[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Renders segments as a readable path: `hypotheses[3].method`. */
export function pathLabel(path: PathSegment[]): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out === '' ? '(document)' : out;
}
