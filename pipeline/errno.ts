/**
 * The errno codes of failed file operations in plain words, for one-line messages such as
 * `cannot write out/report.html: no space left on the device (ENOSPC)`.
 */

/** Plain words for the errno codes a file operation can fail with. */
const ERRNO_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for the file system',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'it already exists',
  ENOTEMPTY: 'the folder is not empty',
  EBUSY: 'it is busy (a mount point?)',
  EXDEV: 'it is on another file system',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links (a symlink loop?)',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
};

/**
 * The cause of a failed file operation in words, with its code.
 *
 * @example
 * errnoWords(Object.assign(new Error('x'), { code: 'ENOSPC' })) // 'no space left on the device (ENOSPC)'
 */
export function errnoWords(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string') return String((err as Error)?.message ?? err);
  return `${ERRNO_WORDS[code] ?? 'failed'} (${code})`;
}

/** True for an error of a file operation (it carries an errno code such as `ENOSPC`). */
export function isErrnoError(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code);
}
