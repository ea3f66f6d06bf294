/**
 * Anchors of a tagger pattern: words a message must hold for the pattern to have any chance to
 * match it. The tagger uses them as an exact prefilter: a message's words are read once
 * (anchor-index.ts), and a pattern whose anchors are absent is never run (most of the ~120
 * patterns are ruled out this way; running all of them on every message was the tagger's cost).
 *
 * How (a small cousin of the literal prefilters of RE2 and Google Code Search, Cox 2012,
 * https://swtch.com/~rsc/regexp/regexp4.html): the regular expression is parsed and every way
 * through it is enumerated as the words it spells, a "word" being a maximal run of `\w` =
 * [A-Za-z0-9_] — the characters `\b` looks at in a non-unicode regex — in lower-case ASCII (with
 * the `i` flag an ASCII letter matches only its two ASCII cases). A word counts whole only when the
 * pattern pins both its ends (`\b`, a non-word character, `^`, `$`); a word pinned at its start
 * only counts by its first PREFIX_LENGTH letters (a "beginning"); a literal '?' counts as a word of
 * its own. A stretch that may hold word characters (`.`, `*`/`+` over word characters, a class
 * holding them, a back-reference) unpins the words on either side; lookarounds are ignored.
 * Ignoring a constraint only lets more messages through, so the filter never drops a message the
 * pattern would match. From each way through, the two rarest-looking words (by a list of common
 * words; only speed depends on this choice) form an anchor: both must be in the message. A way
 * with no pinned word, or a pattern too complex to enumerate, gets no anchors: it always runs.
 */

/** One element of the parsed pattern. */
type Node =
  | { kind: 'char'; code: number } // a literal character (lower-cased when it is an ASCII letter)
  | { kind: 'set'; word: boolean } // a class: `word` = can match a word character
  | { kind: 'boundary' } // \b
  | { kind: 'start' } // ^
  | { kind: 'end' } // $
  | { kind: 'skip' } // zero-width and ignored: lookarounds, \B
  | { kind: 'opaque' } // a back-reference: text of unknown length
  | { kind: 'alt'; branches: Node[][] }
  | { kind: 'repeat'; node: Node; min: number; max: number }; // max Infinity for * and +

class Unsupported extends Error {}

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Parses the subset of JavaScript regular-expression syntax the analysis understands. */
class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node[][] {
    const branches = this.alternation();
    if (this.i !== this.s.length) throw new Unsupported('unbalanced )');
    return branches;
  }

  private alternation(): Node[][] {
    const branches: Node[][] = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return branches;
  }

  private sequence(): Node[] {
    const nodes: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom();
      nodes.push(this.quantified(atom));
    }
    return nodes;
  }

  private quantified(atom: Node): Node {
    const q = this.s[this.i];
    let min: number;
    let max: number;
    if (q === '?') [min, max] = [0, 1];
    else if (q === '*') [min, max] = [0, Infinity];
    else if (q === '+') [min, max] = [1, Infinity];
    else if (q === '{') throw new Unsupported('counted repetition');
    else return atom;
    this.i++;
    if (this.s[this.i] === '?') this.i++; // lazy: the same language
    return { kind: 'repeat', node: atom, min, max };
  }

  private atom(): Node {
    const c = this.s[this.i++];
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        return { kind: 'set', word: true };
      case '^':
        return { kind: 'start' };
      case '$':
        return { kind: 'end' };
      case '\\':
        return this.escape();
      default:
        if (c === '*' || c === '+' || c === '?' || c === '{') throw new Unsupported('dangling quantifier');
        return { kind: 'char', code: lowerAscii(c.charCodeAt(0)) };
    }
  }

  private group(): Node {
    let lookaround = false;
    if (this.s[this.i] === '?') {
      const next = this.s[this.i + 1];
      if (next === ':') this.i += 2;
      else if (next === '=' || next === '!') {
        lookaround = true;
        this.i += 2;
      } else if (next === '<' && (this.s[this.i + 2] === '=' || this.s[this.i + 2] === '!')) {
        lookaround = true;
        this.i += 3;
      } else throw new Unsupported('named group');
    }
    const branches = this.alternation();
    if (this.s[this.i] !== ')') throw new Unsupported('unclosed group');
    this.i++;
    return lookaround ? { kind: 'skip' } : { kind: 'alt', branches };
  }

  private charClass(): Node {
    // Only whether the class can match a word character matters.
    const negated = this.s[this.i] === '^';
    if (negated) this.i++;
    let word = false;
    let first = true;
    while (this.i < this.s.length && (this.s[this.i] !== ']' || first)) {
      first = false;
      let c = this.s[this.i++];
      if (c === '\\') {
        const e = this.s[this.i++];
        if ('wWdDS'.includes(e)) word = true;
        else if (e === 's' || e === 'n' || e === 'r' || e === 't') continue;
        else if (/[A-Za-z0-9]/.test(e)) throw new Unsupported(`escape \\${e} in a class`);
        else c = e;
      }
      if (this.s[this.i] === '-' && this.s[this.i + 1] !== ']') word = true; // a range: assume the worst
      else if (isWordCode(c.charCodeAt(0))) word = true;
    }
    if (this.s[this.i] !== ']') throw new Unsupported('unclosed class');
    this.i++;
    // A negated class matches every character it does not list, word characters among them.
    return { kind: 'set', word: negated ? true : word };
  }

  private escape(): Node {
    const e = this.s[this.i++];
    if (e === undefined) throw new Unsupported('trailing backslash');
    if (e === 'b') return { kind: 'boundary' };
    if (e === 'B') return { kind: 'skip' };
    if (e === 's' || e === 'n' || e === 'r' || e === 't' || e === 'f' || e === 'v') return { kind: 'set', word: false };
    if (e === 'w' || e === 'W' || e === 'd' || e === 'D' || e === 'S') return { kind: 'set', word: true };
    if (/[1-9]/.test(e)) return { kind: 'opaque' };
    if (/[A-Za-z0-9]/.test(e)) throw new Unsupported(`escape \\${e}`);
    return { kind: 'char', code: e.charCodeAt(0) };
  }
}

/** The state of one path through the pattern while enumerating. */
interface Path {
  /** Words pinned at both ends so far (and '?'). */
  words: string[];
  /** Words pinned at their start only, at least PREFIX_LENGTH long, cut to that length. */
  prefixes: string[];
  /** The word being read, or null between words. */
  open: string | null;
  /** Whether the open word is known to start at a word boundary. */
  openPinned: boolean;
  /** Whether the last position is known to be preceded by a non-word character or the start. */
  atBoundary: boolean;
  /** Past a $ (nothing can follow the end of the text). */
  done: boolean;
}

/** Above this many paths a pattern is treated as too complex to enumerate. */
const MAX_PATHS = 4096;

/** Anchors that are word beginnings are cut to this many characters (see `AnchorWords.prefixes`). */
export const PREFIX_LENGTH = 4;

function closeWord(p: Path): Path {
  if (p.open === null) return p;
  return { words: p.openPinned ? [...p.words, p.open] : p.words, prefixes: p.prefixes, open: null, openPinned: false, atBoundary: true, done: p.done };
}

/** The path's prefixes, with its open word's beginning when that is pinned and long enough. */
function withOpenPrefix(p: Path): string[] {
  return p.open !== null && p.openPinned && p.open.length >= PREFIX_LENGTH ? [...p.prefixes, p.open.slice(0, PREFIX_LENGTH)] : p.prefixes;
}

/** A stretch that may hold word characters: the open word's end and the next word's start are unknown. */
function gap(p: Path): Path {
  return { words: p.words, prefixes: withOpenPrefix(p), open: null, openPinned: false, atBoundary: false, done: p.done };
}

function step(paths: Path[], node: Node): Path[] {
  const out: Path[] = [];
  for (const p of paths) {
    if (p.done) {
      out.push(p);
      continue;
    }
    switch (node.kind) {
      case 'char':
        if (isWordCode(node.code)) {
          const ch = String.fromCharCode(node.code);
          if (p.open !== null) out.push({ ...p, open: p.open + ch });
          else out.push({ words: p.words, prefixes: p.prefixes, open: ch, openPinned: p.atBoundary, atBoundary: false, done: false });
        } else {
          const closed = closeWord(p.open === null ? { ...p, atBoundary: true } : p);
          out.push(PUNCTUATION_ANCHORS.has(node.code) ? { ...closed, words: [...closed.words, String.fromCharCode(node.code)] } : closed);
        }
        break;
      case 'set':
        out.push(node.word ? gap(p) : closeWord(p.open === null ? { ...p, atBoundary: true } : p));
        break;
      case 'boundary':
        // \b after a word character ends it; before one, the next word starts at a boundary.
        out.push(p.open !== null ? closeWord(p) : { ...p, atBoundary: true });
        break;
      case 'start':
        out.push({ ...p, atBoundary: true });
        break;
      case 'end':
        out.push({ ...closeWord(p), done: true });
        break;
      case 'skip':
        out.push(p);
        break;
      case 'opaque':
        out.push(gap(p));
        break;
      case 'alt':
        for (const branch of node.branches) out.push(...walk([p], branch));
        break;
      case 'repeat': {
        if (node.max === Infinity && canMatchWord(node.node)) {
          // Any number of copies: each word inside is unpinned, and so are the ends around it.
          if (node.min === 0) out.push(gap(p));
          else out.push(...walk([p], [node.node]).map(gap));
          break;
        }
        // Bounded (?) or unbounded over non-word characters: expand min copies, then at most one
        // more (more copies of non-word characters change nothing about the words).
        let now = [p];
        for (let k = 0; k < node.min; k++) now = walk(now, [node.node]);
        out.push(...now);
        if (node.max > node.min) out.push(...walk(now, [node.node]));
        break;
      }
    }
    if (out.length > MAX_PATHS) throw new Unsupported('too many paths');
  }
  return out;
}

function walk(paths: Path[], nodes: Node[]): Path[] {
  let now = paths;
  for (const node of nodes) now = step(now, node);
  return now;
}

function canMatchWord(node: Node): boolean {
  switch (node.kind) {
    case 'char':
      return isWordCode(node.code);
    case 'set':
      return node.word;
    case 'opaque':
      return true;
    case 'alt':
      return node.branches.some((b) => b.some(canMatchWord));
    case 'repeat':
      return canMatchWord(node.node);
    default:
      return false;
  }
}

/**
 * Common words of English conversation, most frequent first (a rough ranking: only the speed of
 * the filter depends on it, never its result). A word not listed counts as rarer than all of them.
 */
const COMMON_BY_FREQUENCY = (
  'i you the to a and it s that is of in t my your this be for so m have do re was what are not me can just how ' +
  'with feel on about but if at would really like all will know get they there very as we an or think he she ' +
  'time been were did had has going could should one out up when then now more them work ve ll d don here too ' +
  'that way sorry hear sounds his her him its no got make makes does why where who which some any'
).split(' ');
const FREQUENCY_RANK = new Map(COMMON_BY_FREQUENCY.map((w, i) => [w, i] as const));

/** Non-word characters kept as one-character anchors (a question mark is rarer than most words). */
const PUNCTUATION_ANCHORS = new Set([63]); // ?
FREQUENCY_RANK.set('?', 40);

function rarity(word: string): number {
  return FREQUENCY_RANK.get(word) ?? 1000 + word.length;
}

/**
 * One way a pattern can be satisfied: the message holds the word `key`, and `also` too when it is
 * not null. A key is a lower-case word, '?', or a word beginning of PREFIX_LENGTH characters
 * followed by '*' ("happ*": some word of the message begins with "happ").
 */
export interface Anchor {
  key: string;
  also: string | null;
}

/** The key of a word beginning (never a word: '*' is not a word character). */
export function prefixKey(beginning: string): string {
  return `${beginning}*`;
}

/**
 * The anchors of `pattern` (a JavaScript regular expression, matched with the `i` flag and
 * without `u`): a message can match only if it satisfies one of them (see `Anchor`; words are
 * compared in lower case). Per way through the pattern the two rarest-looking words are kept.
 * `null` when no anchors could be derived (the pattern must always be run).
 *
 * @example
 * anchorWords(/\b(i'm|so) (so |very )?sorry\b/i);
 * // [{ key: 'sorry', also: 'm' }, { key: 'sorry', also: 'so' }, { key: 'sorry', also: 'very' }, …]
 * anchorWords(/\bwhat happened/i); // [{ key: 'happ*', also: 'what' }]
 * anchorWords(/sorry/i); // null (the match may sit inside a longer word)
 */
export function anchorWords(pattern: RegExp): Anchor[] | null {
  if (pattern.flags.includes('u') || pattern.flags.includes('v') || pattern.flags.includes('m')) return null;
  let paths: Path[];
  try {
    const branches = new Parser(pattern.source).parse();
    paths = step([{ words: [], prefixes: [], open: null, openPinned: false, atBoundary: false, done: false }], { kind: 'alt', branches });
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
  const anchors = new Map<string, Anchor>();
  for (const p of paths) {
    // A beginning is a weaker filter than a whole word of the same letters, hence the − 1.
    // At the end of the pattern the open word's end is not pinned (the text may go on).
    const keys = [
      ...p.words.map((w) => ({ key: w, rarity: rarity(w) })),
      ...withOpenPrefix(p).map((w) => ({ key: prefixKey(w), rarity: rarity(w) - 1 })),
    ];
    if (keys.length === 0) return null;
    keys.sort((a, b) => b.rarity - a.rarity || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const key = keys[0].key;
    const also = keys.find((k) => k.key !== key)?.key ?? null;
    anchors.set(`${key} ${also}`, { key, also });
  }
  // An anchor that needs only its key makes the others with that key redundant.
  const alone = new Set([...anchors.values()].filter((a) => a.also === null).map((a) => a.key));
  return [...anchors.values()]
    .filter((a) => a.also === null || !alone.has(a.key))
    .sort((a, b) => (a.key + ' ' + a.also < b.key + ' ' + b.also ? -1 : 1));
}
