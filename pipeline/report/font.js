// @ts-check
/**
 * The one font family of every chart, and the one whose files render.js loads for PNG text.
 * JavaScript so that the renderer thread (render.js) can import it without tsx's loader.
 */
export const FONT = 'DejaVu Sans';
