/** Ids of rendered SVGs, for inlining several in one page (no vega here: the page is built without it). */

/**
 * Makes every id in a rendered SVG unique to its chart (vega numbers its clip paths clip1, clip2…
 * in every chart), so that several SVGs can be inlined in one HTML page without one chart's
 * `url(#clip1)` resolving to another chart's clip path.
 *
 * @example
 * prefixSvgIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"/>', 'forest')
 * // '<clipPath id="forest-clip1"/><g clip-path="url(#forest-clip1)"/>'
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\sid="([^"]+)"/g, ` id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}
