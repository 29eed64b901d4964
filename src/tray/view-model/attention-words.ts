/** Plain sentences for the error codes a "needs attention" entry or a failed job carries. */
const REASON_WORDS: Readonly<Record<string, string>> = {
  E_CORRUPT: 'The file is damaged, so it was left untouched.',
  E_TRUNCATED: 'The file ends early, as if it was cut off, so it was left untouched.',
  E_INCOMPLETE: 'The file was still incomplete after waiting, so it was left untouched.',
  E_UNSUPPORTED_FORMAT: 'MetaClear cannot clean this kind of file.',
  E_FILE_TOO_LARGE: 'The file is larger than the size limit in the settings.',
  E_VERIFY_STRUCTURE: 'The cleaned copy failed a safety check, so the original was kept as it is.',
  E_VERIFY_READER: 'The cleaned copy failed a safety check, so the original was kept as it is.',
  E_PERMISSION: 'MetaClear is not allowed to open this file. Check its permissions.',
  E_SOURCE_CHANGED: 'The file changed while it was being cleaned. Retry when it is saved.',
  E_WRITE_FAILED: 'The cleaned file could not be saved. Check the free disk space.',
  E_MOVE_FAILED: 'The original could not be moved aside. Check the free disk space.',
  E_JOB_TIMEOUT: 'Cleaning took too long and was stopped.',
  E_WORKER_CRASHED: 'The cleaner stopped while reading this file.',
  E_HARD_LINK: 'The file has other hard links, so it cannot be replaced in place.',
  E_CLOUD_PLACEHOLDER: 'The file is still in the cloud. Download it, then retry.',
  E_NOT_FOUND: 'The file is no longer there.',
  E_NOT_A_FILE: 'This is not a regular file.',
  E_CONFIG_INVALID: 'The settings file is invalid, so MetaClear kept the last valid settings.',
};

/**
 * Describes why a file needs attention in plain words: a sentence for every known code, else
 * the daemon's own reason, else the code itself.
 */
export function describeAttentionReason(code: string | null, reason: string | null): string {
  const words = code === null ? undefined : REASON_WORDS[code];
  if (words !== undefined) {
    return words;
  }
  if (reason !== null && reason !== '') {
    return reason;
  }
  return code === null ? 'Something went wrong.' : `Something went wrong (${code}).`;
}
