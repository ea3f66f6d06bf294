/**
 * The sizes ingest reads at most, so that no input can make it hold an unbounded amount of memory
 * (a file with no line break, a table linked to a huge file). Far above anything a study export
 * holds: the longest cell of the bundled pilot (a whole transcript) has about 5,000 characters.
 * A file past a limit is refused with a located problem; the README documents the limits.
 */

/** The longest record: a CSV record (quoted fields may span several lines) in characters, or a
 *  JSONL line in bytes. 16 Mi. */
export const MAX_RECORD_LENGTH = 16 * 1024 * 1024;

/** The longest cell, in characters (a CSV field, or a JSON string value). 1 Mi. */
export const MAX_CELL_LENGTH = 1024 * 1024;

/** study.json: at most 1 MiB. */
export const MAX_STUDY_JSON_BYTES = 1024 * 1024;
