/**
 * Shared helpers of the preregistration tests: the committed file's text, and a copy of it in a
 * fresh temporary folder (with or without its lock) that a test may edit.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PREREG_FILE = 'preregistration/preregistration.yaml';
export const LOCK_FILE = 'preregistration/lock.json';

export function committedPreregText(): string {
  return readFileSync(PREREG_FILE, 'utf8');
}

/** A copy of the committed preregistration (and, by default, its lock) in a temp folder. */
export function preregCopy(withLock = true): { dir: string; file: string; lock: string } {
  const dir = mkdtempSync(join(tmpdir(), 'prereg-test-'));
  const file = join(dir, 'preregistration.yaml');
  copyFileSync(PREREG_FILE, file);
  const lock = join(dir, 'lock.json');
  if (withLock) copyFileSync(LOCK_FILE, lock);
  return { dir, file, lock };
}
