/**
 * Splits a pilot transcript ("Seeker: …" / "Supporter: …" lines) into turns.
 *
 * - A line starting with `Seeker:` or `Supporter:` opens a turn; the text after the prefix (and
 *   its space) begins it.
 * - Every following line that does not start with a role prefix, blank lines included, continues
 *   that turn, so a multi-line turn stays whole (its inner line breaks are kept).
 * - A turn's text is trimmed of surrounding white space.
 * - Decision: an empty turn (e.g. `Supporter: ` with nothing after it) is DROPPED, not kept as
 *   empty text: it carries nothing a judge rated, and keeping it would count as a supporter
 *   message towards the E3 minimum. Drops are counted so the adapter can warn.
 * - Lines before the first prefix belong to no turn; they are dropped and counted too.
 */
import type { Role } from './tables.ts';

export interface TranscriptTurn {
  role: Role;
  text: string;
}

export interface ParsedTranscript {
  turns: TranscriptTurn[];
  emptyTurnsDropped: number;
  linesBeforeFirstTurn: number;
}

const PREFIXES: readonly [string, Role][] = [
  ['Seeker:', 'seeker'],
  ['Supporter:', 'supporter'],
];

/**
 * Parses one transcript into turns in order.
 * Example: `parseTranscript('Seeker: hi\nSupporter: so\nsorry\nSupporter: ').turns` →
 * `[{ role: 'seeker', text: 'hi' }, { role: 'supporter', text: 'so\nsorry' }]` (one empty turn dropped).
 */
export function parseTranscript(transcript: string): ParsedTranscript {
  const turns: TranscriptTurn[] = [];
  let emptyTurnsDropped = 0;
  let linesBeforeFirstTurn = 0;
  let role: Role | null = null;
  let lines: string[] = [];
  const close = (): void => {
    if (role === null) return;
    const text = lines.join('\n').trim();
    if (text === '') emptyTurnsDropped++;
    else turns.push({ role, text });
  };
  for (const raw of transcript.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const prefix = PREFIXES.find(([p]) => line.startsWith(p));
    if (prefix) {
      close();
      role = prefix[1];
      lines = [line.slice(prefix[0].length)];
    } else if (role !== null) lines.push(line);
    else if (line.trim() !== '') linesBeforeFirstTurn++;
  }
  close();
  return { turns, emptyTurnsDropped, linesBeforeFirstTurn };
}
