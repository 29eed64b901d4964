/**
 * The path a journal holds for one name a commit creates (its output or vault entry). A name
 * collision moves it on to the next candidate, recorded before the candidate is used, so a
 * crash never leaves a file under a name the journal does not know.
 */
export interface RecordedPath {
  /** The path last recorded. */
  readonly current: string;
  /** Records `candidate` and makes it current. */
  readonly beforeLink: (candidate: string) => Promise<void>;
}

/** Creates a {@link RecordedPath} starting at `first`, which the journal already holds. */
export function createRecordedPath(
  first: string,
  record: (path: string) => Promise<void>,
): RecordedPath {
  let current = first;
  return {
    get current() {
      return current;
    },
    beforeLink: async (candidate) => {
      await record(candidate);
      current = candidate;
    },
  };
}
