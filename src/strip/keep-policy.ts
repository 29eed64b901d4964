/**
 * Which metadata survives cleaning. Orientation and colour are kept by default because losing
 * them changes what the person sees; `'bake'` and `'srgb'` are the lossy opt-ins.
 */
export interface KeepPolicy {
  /** @default true */
  readonly orientation: boolean | 'bake';
  /** @default true */
  readonly colorProfile: boolean | 'srgb';
  /** @default true */
  readonly hdrGainMap: boolean;
  /** @default false */
  readonly captureDate: boolean;
  /** @default false */
  readonly copyright: boolean;
  /** @default false */
  readonly contentCredentials: boolean;
}

/** The built-in keep policy, used when no config overrides it. */
export const DEFAULT_KEEP_POLICY: KeepPolicy = Object.freeze({
  orientation: true,
  colorProfile: true,
  hdrGainMap: true,
  captureDate: false,
  copyright: false,
  contentCredentials: false,
});
