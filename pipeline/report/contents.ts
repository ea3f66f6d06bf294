/**
 * The report's table of contents, made from the page's own section headings: every
 * `<h2 id="…">` of the body becomes an entry, in page order. A section added to the report needs
 * nothing more than a heading with an id to be listed (tests/report/html.test.ts checks that every
 * section heading has one).
 */

const SECTION_HEADING = /<h2 id="([^"]+)">([\s\S]*?)<\/h2>/g;

/** The sections of a page body: id and heading (as HTML, already escaped), in page order. */
export function sectionHeadings(body: string): { id: string; html: string }[] {
  return [...body.matchAll(SECTION_HEADING)].map((m) => ({ id: m[1], html: m[2] }));
}

/**
 * The contents as a `<nav>`: one link per section heading of `body`.
 *
 * @example
 * tableOfContents('<h2 id="sample">Sample</h2><p>…</p><h2 id="audit">Audit</h2>')
 * // '<nav class="contents" id="contents" aria-label="Contents"><h2>Contents</h2>\n<ol><li><a href="#sample">Sample</a></li><li><a href="#audit">Audit</a></li></ol></nav>'
 */
export function tableOfContents(body: string): string {
  const items = sectionHeadings(body).map((s) => `<li><a href="#${s.id}">${s.html.replace(/<[^>]*>/g, '')}</a></li>`);
  return `<nav class="contents" id="contents" aria-label="Contents"><h2>Contents</h2>\n<ol>${items.join('')}</ol></nav>`;
}
