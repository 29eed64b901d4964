/** The reference points of human output: paths relative to `home`, times relative to `now`. */
export interface DisplayContext {
  /** The user's home folder, shown as `~`. */
  readonly home: string;
  readonly now: Date;
}
