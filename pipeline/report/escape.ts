/**
 * The one HTML escaper of the report. Everything that comes from the data (names, labels,
 * descriptions, numbers formatted as text) goes through it before it reaches report.html.
 *
 * @example
 * escapeHtml(`<script>alert("x")</script>`) // '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 */
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string | number | null | undefined): string {
  if (text === null || text === undefined) return '';
  return String(text).replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}
