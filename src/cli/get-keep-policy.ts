import type { Config } from '../config/config-schema.js';
import type { KeepPolicy } from '../strip/keep-policy.js';

/** Returns the keep policy of the config's top-level `keep`, which `clean` and `check` use. */
export function getKeepPolicy(config: Config): KeepPolicy {
  const { orientation, colorProfile, hdrGainMap, captureDate, copyright, contentCredentials } =
    config.keep;
  return Object.freeze({
    orientation,
    colorProfile,
    hdrGainMap,
    captureDate,
    copyright,
    contentCredentials,
  });
}
