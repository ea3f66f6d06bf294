/** Where the real pilot lives for tests: vendored in the repository (data/lend-an-ear-pilot, MIT). */
import { resolve } from 'node:path';

export const PILOT_DIR = resolve(import.meta.dirname, '../../data/lend-an-ear-pilot');
