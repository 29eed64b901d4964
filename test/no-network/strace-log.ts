import { readFile } from 'node:fs/promises';

/** The socket calls of one `strace -f` log, by address family. */
export interface SocketCalls {
  /** `socket()` calls per family, such as `{ AF_UNIX: 12 }`. */
  readonly families: ReadonlyMap<string, number>;
  /** Every line that names AF_INET or AF_INET6, in any traced call. */
  readonly internetLines: readonly string[];
}

/** The system calls the no-network tests trace. */
export const TRACED_CALLS = 'trace=socket,connect,sendto,sendmsg,sendmmsg';

/**
 * Reads the socket calls from strace output. A line naming AF_INET or AF_INET6 (in
 * `socket()`, or as `sa_family` of a `connect()` or `sendto()` address) counts as internet,
 * whether or not the call succeeded.
 */
export function parseSocketCalls(text: string): SocketCalls {
  const families = new Map<string, number>();
  const internetLines: string[] = [];
  for (const line of text.split('\n')) {
    const socketCall = /\bsocket\((AF_[A-Z0-9]+|PF_[A-Z0-9]+|\d+)/.exec(line);
    if (socketCall?.[1] !== undefined) {
      families.set(socketCall[1], (families.get(socketCall[1]) ?? 0) + 1);
    }
    if (/\b(AF|PF)_INET6?\b/.test(line)) {
      internetLines.push(line.trim());
    }
  }
  return { families, internetLines };
}

/** Reads and parses every strace log file given. */
export async function readSocketCalls(files: readonly string[]): Promise<SocketCalls> {
  const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
  return parseSocketCalls(texts.join('\n'));
}
