/**
 * Which patterns a message can possibly match, from the anchors of each pattern (anchor-words.ts):
 * one pass over the message's characters, no strings made. Every anchor key gets a number; the
 * message's words are looked up by a hash of their lower-cased letters (checked letter by letter,
 * so a hash collision never counts) and their beginnings by their first PREFIX_LENGTH letters
 * packed into one integer. Then each key found lets through the patterns it anchors, when their
 * second key was found too.
 */
import { PREFIX_LENGTH, type Anchor } from './anchor-words.ts';

/** Word characters as `\b` and `\w` see them without the `u` flag: [A-Za-z0-9_]. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Kept to 30 bits so the hashes stay small integers (fast Map keys). */
function hashStep(h: number, c: number): number {
  return (Math.imul(h, 31) + c) & 0x3fffffff;
}

function hashWord(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = hashStep(h, word.charCodeAt(i));
  return h;
}

/** The first PREFIX_LENGTH (4) ASCII characters in one integer, 7 bits each. */
function packPrefix(beginning: string): number {
  let p = 0;
  for (let i = 0; i < PREFIX_LENGTH; i++) p = (p << 7) | beginning.charCodeAt(i);
  return p;
}

const QUESTION_MARK = 63;

/**
 * An open-addressing table from a small non-negative integer (a hash or a packed beginning) to
 * key numbers; several keys may share one integer (hash collisions), each is listed.
 */
class IntTable {
  private readonly slots: Int32Array; // the integer + 1, 0 = empty
  private readonly values: Int32Array;
  private readonly mask: number;
  constructor(entries: readonly [number, number][]) {
    let size = 16;
    while (size < entries.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.values = new Int32Array(size);
    this.mask = size - 1;
    for (const [at, value] of entries) {
      let i = this.start(at);
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = at + 1;
      this.values[i] = value;
    }
  }
  private start(at: number): number {
    return Math.imul(at, 0x9e3779b1) >>> 16 & this.mask;
  }
  /** Calls `onValue` for each value stored under `at`. */
  forEach(at: number, onValue: (value: number) => void): void {
    for (let i = this.start(at); this.slots[i] !== 0; i = (i + 1) & this.mask) if (this.slots[i] === at + 1) onValue(this.values[i]);
  }
  /** The first value stored under `at`, or −1. */
  first(at: number): number {
    for (let i = this.start(at); this.slots[i] !== 0; i = (i + 1) & this.mask) if (this.slots[i] === at + 1) return this.values[i];
    return -1;
  }
}

export class AnchorIndex {
  /** Key number → the key text (a word, '?', or a beginning with '*'). */
  private readonly keyText: string[] = [];
  /** Word hash → numbers of the word keys with that hash. */
  private readonly wordKeys: IntTable;
  /** Packed beginning → number of the beginning key. */
  private readonly prefixKeys: IntTable;
  private readonly questionKey: number;
  /** The patterns key k anchors are letPattern[letStart[k] .. letStart[k + 1]), each needing letAlso (−1: nothing more). */
  private readonly letStart: Int32Array;
  private readonly letPattern: Int32Array;
  private readonly letAlso: Int32Array;
  /** Per key number, the number of the message in which it was last found. */
  private readonly foundIn: Float64Array;
  /** Keys found in the current message. */
  private readonly found: Int32Array;
  private foundCount = 0;
  /** Per pattern, the number of the message that may match it. */
  private readonly candidateIn: Float64Array;
  private readonly alwaysRun: Uint8Array;
  private message = 0;
  private readonly onWordKey = (key: number): void => {
    if (this.sameWord(this.text, this.wordStart, this.wordEnd, this.keyText[key])) this.find(key);
  };
  private text = '';
  private wordStart = 0;
  private wordEnd = 0;

  /** `anchors[p]` is pattern p's anchors, or null when it must always run. */
  constructor(anchors: readonly (readonly Anchor[] | null)[]) {
    const number = new Map<string, number>();
    const lets: { pattern: number; also: number }[][] = [];
    const keyNumber = (key: string): number => {
      let at = number.get(key);
      if (at === undefined) {
        number.set(key, (at = this.keyText.length));
        this.keyText.push(key);
        lets.push([]);
      }
      return at;
    };
    this.candidateIn = new Float64Array(anchors.length);
    this.alwaysRun = new Uint8Array(anchors.length);
    anchors.forEach((list, pattern) => {
      if (list === null) this.alwaysRun[pattern] = 1;
      else for (const { key, also } of list) lets[keyNumber(key)].push({ pattern, also: also === null ? -1 : keyNumber(also) });
    });
    const keys = this.keyText.length;
    this.letStart = new Int32Array(keys + 1);
    const all = lets.flat();
    this.letPattern = Int32Array.from(all, (l) => l.pattern);
    this.letAlso = Int32Array.from(all, (l) => l.also);
    for (let k = 0, at = 0; k < keys; k++) {
      this.letStart[k] = at;
      at += lets[k].length;
      this.letStart[k + 1] = at;
    }
    const words: [number, number][] = [];
    const prefixes: [number, number][] = [];
    this.keyText.forEach((key, k) => {
      if (key === '?') return;
      if (key.endsWith('*')) prefixes.push([packPrefix(key), k]);
      else words.push([hashWord(key), k]);
    });
    this.wordKeys = new IntTable(words);
    this.prefixKeys = new IntTable(prefixes);
    this.questionKey = number.get('?') ?? -1;
    this.foundIn = new Float64Array(keys);
    this.found = new Int32Array(keys);
  }

  private find(key: number): void {
    if (this.foundIn[key] === this.message) return;
    this.foundIn[key] = this.message;
    this.found[this.foundCount++] = key;
  }

  /**
   * Reads `text` and remembers which patterns it may match, until the next call; `mayMatch(p)`
   * then answers for pattern p. Returns whether the text holds any non-ASCII character.
   */
  read(text: string): boolean {
    const message = ++this.message;
    let nonAscii = false;
    this.foundCount = 0;
    this.text = text;
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (!isWordCode(c)) {
        if (c === QUESTION_MARK && this.questionKey !== -1) this.find(this.questionKey);
        else if (c >= 128) nonAscii = true;
        i++;
        continue;
      }
      const start = i;
      let h = 0;
      let packed = 0;
      do {
        const lc = lower(c);
        h = hashStep(h, lc);
        if (i - start < PREFIX_LENGTH) packed = (packed << 7) | lc;
        c = ++i < n ? text.charCodeAt(i) : 0;
      } while (isWordCode(c));
      this.wordStart = start;
      this.wordEnd = i;
      this.wordKeys.forEach(h, this.onWordKey);
      if (i - start >= PREFIX_LENGTH) {
        const key = this.prefixKeys.first(packed);
        if (key !== -1) this.find(key);
      }
    }
    const { found, foundIn, letStart, letPattern, letAlso, candidateIn } = this;
    for (let f = 0; f < this.foundCount; f++) {
      const key = found[f];
      for (let l = letStart[key]; l < letStart[key + 1]; l++) {
        const also = letAlso[l];
        if (also === -1 || foundIn[also] === message) candidateIn[letPattern[l]] = message;
      }
    }
    return nonAscii;
  }
  private sameWord(text: string, start: number, end: number, word: string): boolean {
    if (end - start !== word.length) return false;
    for (let k = 0; k < word.length; k++) if (lower(text.charCodeAt(start + k)) !== word.charCodeAt(k)) return false;
    return true;
  }

  /** Whether pattern `p` can match the text last read. */
  mayMatch(p: number): boolean {
    return this.candidateIn[p] === this.message || this.alwaysRun[p] === 1;
  }
}
