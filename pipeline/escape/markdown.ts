/**
 * The one Markdown escaper of every Markdown file the pipeline writes (audit.md, diagnosis.md,
 * PREREGISTRATION.md). Text that comes from inputs (a column name of the export, a scenario's name,
 * a preregistration's title, ids and questions, a file path) goes through it, so it reads as the
 * characters it is and never as Markdown or HTML: no raw `<script>`, no link or image, no emphasis,
 * no code span, no table cell or line of its own.
 *
 * CommonMark lets any ASCII punctuation be escaped with a backslash (spec 0.31, §2.4); the escaped
 * characters are those that can start markup: `\ ` * ~ [ ] < > & |` everywhere (HTML and
 * autolinks need `<`, entities `&`, links and images `[`, emphasis and GFM strikethrough `* ~`, code
 * spans the backtick, GFM table cells the pipe), `_` except between two letters or digits (where
 * CommonMark never reads it as emphasis, so `validating_emotions` stays readable), and a line-start
 * marker (`# `, `- `, `+ `, `=`, `1. `) at the start of the text. Line breaks and tabs become spaces (the
 * text stays inline: one line, one table cell) and other control characters U+FFFD. Bare
 * `https://` addresses are left as text, which some viewers turn into links (GFM's autolink
 * extension); they cannot run anything.
 */

/** Characters that start Markdown or HTML markup anywhere in a line. */
const INLINE_MARKUP = /[\\`*~[\]<>&|]/g;

/** Controls that would break a line or reach a terminal raw: line breaks and tabs fold to a space. */
const LINE_BREAKS = /\r\n|[\r\n\t\v\f\u2028\u2029]/g;
const OTHER_CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/** `_` that could open or close emphasis: not between two letters or digits. */
const LOOSE_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/** A block marker at the very start, before a space or the end: heading, list item, setext
 *  underline or thematic break, ordered list. */
const LINE_START_MARKER = /^(\s*)(#{1,6}|[-+=]+|\d{1,9}[.)])(?=\s|$)/;

/**
 * Input text made literal in Markdown, on one line.
 *
 * @example
 * escapeMarkdown('<script>alert(1)</script>');          // '\\<script\\>alert(1)\\</script\\>'
 * escapeMarkdown('[click](javascript:alert(1))');       // '\\[click\\](javascript:alert(1))'
 * escapeMarkdown('H4.validating_emotions.coach_vs_video'); // unchanged
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(OTHER_CONTROLS, '\uFFFD')
    .replace(INLINE_MARKUP, (ch) => `\\${ch}`)
    .replace(LOOSE_UNDERSCORE, '\\_')
    .replace(LINE_START_MARKER, (_, space: string, marker: string) =>
      /^\d/.test(marker) ? `${space}${marker.slice(0, -1)}\\${marker.slice(-1)}` : `${space}\\${marker}`);
}

/**
 * A Markdown table cell: escapeMarkdown, which also escapes `|` and folds line breaks, so a cell
 * stays one cell of one row.
 *
 * @example
 * markdownCell('a | b\nc'); // 'a \\| b c'
 */
export function markdownCell(text: string): string {
  return escapeMarkdown(text);
}

/**
 * Input text as an inline code span (a file path, a hash): the fence is one backtick longer than
 * the longest run inside, so nothing inside can close it; padded with a space where the text
 * begins or ends with a backtick (CommonMark §6.1). Line breaks fold to spaces.
 *
 * @example
 * markdownCode('preregistration/preregistration.yaml'); // '`preregistration/preregistration.yaml`'
 * markdownCode('a`b');                                  // '``a`b``'
 */
export function markdownCode(text: string): string {
  const inline = text.replace(LINE_BREAKS, ' ').replace(OTHER_CONTROLS, '\uFFFD');
  const longestRun = Math.max(0, ...(inline.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = inline.startsWith('`') || inline.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inline}${pad}${fence}`;
}
