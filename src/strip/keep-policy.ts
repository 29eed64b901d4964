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

/**
 * The keep settings that `metaclear clean`'s flags can set for one run, replacing the config's
 * top-level values.
 */
export interface KeepOverrides {
  readonly orientation?: KeepPolicy['orientation'] | undefined;
  readonly colorProfile?: KeepPolicy['colorProfile'] | undefined;
}

/** Returns `policy` with each setting that `overrides` gives replaced. */
export function applyKeepOverrides(policy: KeepPolicy, overrides: KeepOverrides): KeepPolicy {
  return Object.freeze({
    ...policy,
    orientation: overrides.orientation ?? policy.orientation,
    colorProfile: overrides.colorProfile ?? policy.colorProfile,
  });
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
