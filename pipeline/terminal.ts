/**
 * Text from the input on its way to a terminal. An export's cells, column names and file contents
 * reach stderr inside problems and warnings; a raw ESC starts an ANSI sequence that can recolour,
 * clear or retitle the user's terminal, a NUL or a line break can split or hide a message, and the
 * bidirectional controls can reorder what is shown (CVE-2021-42574, "Trojan Source"). Each is
 * written as a `\u001b`-style escape instead, the notation JSON uses, so the line is one line and
 * shows exactly which characters the input holds.
 */

/**
 * C0 controls (U+0000–U+001F), DEL (U+007F), C1 controls (U+0080–U+009F; U+009B is a one-character
 * CSI in some terminals), and the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every character that could steer a terminal written as `\uXXXX`.
 *
 * @example
 * terminalSafe('bad \u001b[31mred\u001b[0m\u0000') // 'bad \\u001b[31mred\\u001b[0m\\u0000'
 * terminalSafe('ratings.csv:3: score: must be a number') // unchanged
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
