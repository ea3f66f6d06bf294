/** Where the real pilot lives for tests (as scripts/reproduce.ts): $LEND_AN_EAR_PILOT or ../shared. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PILOT_DIR = resolve(process.env.LEND_AN_EAR_PILOT ?? '../shared/data/lend-an-ear-pilot');
export const HAVE_PILOT = existsSync(join(PILOT_DIR, 'conversations.csv'));
export const NO_PILOT_REASON = `the Lend an Ear pilot is not at ${PILOT_DIR} (set LEND_AN_EAR_PILOT)`;
