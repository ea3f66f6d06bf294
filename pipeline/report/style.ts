/**
 * The report's one stylesheet, inline in report.html (the page loads nothing). On screen: a
 * 1,100-pixel column, wide tables scroll inside their own box, and no chart is wider than the
 * column (an SVG scales down to it, keeping its aspect ratio through its viewBox). In print (and
 * "Save as PDF"): the full width of an A4 or Letter page, nothing scrolls, a table or chart is not
 * split across pages when it fits on one, a heading stays with what follows it, table headers
 * repeat on each page of a long table, and the links of the contents are printed as plain text.
 * tests/report/browser.test.ts checks these in Chromium.
 */

/** Width of the page's text column on screen, in CSS pixels. */
export const PAGE_MAX_WIDTH_PX = 1100;

export const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2rem auto; max-width: ${PAGE_MAX_WIDTH_PX}px; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; } h3 { margin-top: 1.4rem; }
table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.85rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.banner { background: #fff3cd; border: 2px solid #d39e00; padding: 0.8rem 1rem; font-weight: bold; margin: 1rem 0; }
.banner.real-data { background: #e8f1fa; border-color: #0072b2; }
h3.highlight { border-left: 4px solid #d39e00; padding-left: 0.5rem; }
.supported { color: #0b6e2e; font-weight: bold; } .not_supported { color: #666; } .not_estimable { color: #8a5a00; }
.prereg-tag { display: block; font-size: 0.75rem; font-weight: normal; color: #666; }
td.id { max-width: 12rem; } td.id code { overflow-wrap: break-word; } td.apa { min-width: 12rem; } td.note { color: #555; max-width: 14rem; }
.table-wrap { overflow-x: auto; max-width: 100%; }
figure { margin: 1.5rem 0; max-width: 100%; } figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.85rem; color: #555; }
.muted { color: #666; font-size: 0.85rem; } code { font-size: 0.85em; overflow-wrap: anywhere; }
#summary { border: 1px solid #bbb; background: #fafafa; padding: 0.2rem 1rem 0.6rem; margin: 1rem 0; }
#summary h2 { margin-top: 0.8rem; }
#summary table { width: 100%; }
nav.contents ol { columns: 2; column-gap: 2rem; margin: 0.4rem 0; }
nav.contents h2 { font-size: 1.1rem; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; font-size: 0.85rem; }
dl.provenance dt { font-weight: bold; } dl.provenance dd { margin: 0; overflow-wrap: anywhere; }
@page { size: A4; margin: 15mm 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; line-height: 1.3; }
  .table-wrap, figure { overflow: visible !important; }
  table { font-size: 8pt; }
  table, figure, .banner, nav.contents, dl.provenance { break-inside: avoid; }
  thead { display: table-header-group; }
  tr, td, th { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  td.apa { min-width: 0; } td.id { max-width: 8rem; } td.note { max-width: 8rem; }
  a { color: inherit; text-decoration: none; }
  #summary { background: none; }
}
`;
