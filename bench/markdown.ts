/**
 * A Markdown table from a header and rows of cells (already formatted).
 *
 * @example
 * markdownTable(['a', 'b'], [['1', '2']]); // '| a | b |\n|---|---|\n| 1 | 2 |'
 */
export function markdownTable(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Seconds with two decimals, MB as a whole number. */
export const s2 = (x: number): string => x.toFixed(2);
export const mb = (x: number): string => x.toFixed(0);
