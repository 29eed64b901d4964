import path from 'node:path';

/**
 * Names that operating systems and sync tools create beside real files, compared lower-cased:
 * Windows thumbnail caches and folder settings, and the macOS custom-icon file `Icon\r`.
 */
const IGNORED_NAMES: ReadonlySet<string> = new Set(['thumbs.db', 'desktop.ini', 'icon\r']);

/**
 * Suffixes of downloads still in progress, compared lower-cased: Chrome `.crdownload`,
 * Firefox `.part`, Safari `.download` bundles, and the generic `.tmp` and `.partial`. The
 * browser renames the file when the download ends, and the final name is then picked up.
 */
const PARTIAL_DOWNLOAD_SUFFIXES: readonly string[] = [
  '.crdownload',
  '.part',
  '.download',
  '.tmp',
  '.partial',
];

/**
 * Returns true when a file or folder with this base name is never cleaned or walked into.
 * A leading `.` covers hidden files, `.DS_Store`, AppleDouble `._*` files and MetaClear's own
 * temp files (`.metaclear-*.tmp`), so the daemon never picks up a half-written output. A
 * trailing `~` marks the backup copy that editors such as Vim and Emacs keep while saving.
 *
 * @example
 * isIgnoredName('._IMG_0001.jpg'); // true
 * isIgnoredName('photo.jpg.crdownload'); // true
 * isIgnoredName('IMG_0001.jpg'); // false
 */
export function isIgnoredName(baseName: string): boolean {
  if (baseName.startsWith('.')) {
    return true;
  }
  const lowerName = baseName.toLowerCase();
  if (IGNORED_NAMES.has(lowerName) || lowerName.endsWith('~')) {
    return true;
  }
  return PARTIAL_DOWNLOAD_SUFFIXES.some((suffix) => lowerName.endsWith(suffix));
}

/**
 * Returns true when any segment of `filePath` below `root` is an ignored name, so a file inside
 * a hidden folder is ignored as well. The root itself and paths outside it are never ignored:
 * a user may choose to watch a hidden folder.
 *
 * @example
 * isIgnoredPath('/home/ada/Inbox', '/home/ada/Inbox/.git/x.jpg'); // true
 * isIgnoredPath('/home/ada/.shots', '/home/ada/.shots/a.png'); // false
 */
export function isIgnoredPath(root: string, filePath: string): boolean {
  const relativePath = path.relative(root, filePath);
  const isOutside =
    relativePath === '..' ||
    relativePath.startsWith(`..${path.sep}`) ||
    path.isAbsolute(relativePath);
  if (relativePath === '' || isOutside) {
    return false;
  }
  return relativePath.split(path.sep).some(isIgnoredName);
}
