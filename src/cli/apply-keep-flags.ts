import type { KeepPolicy } from '../strip/keep-policy.js';
import type { CleanArgs } from './parse-clean-args.js';

/**
 * Applies the keep flags of `metaclear clean` to the config's policy: `--keep-orientation`
 * sets keeping the orientation, `--bake-orientation` rotates the pixels instead, and
 * `--to-srgb` converts the colours to sRGB.
 */
export function applyKeepFlags(policy: KeepPolicy, args: CleanArgs): KeepPolicy {
  let orientation = policy.orientation;
  if (args.keepOrientation !== null) {
    orientation = args.keepOrientation;
  }
  if (args.bakeOrientation) {
    orientation = 'bake';
  }
  return Object.freeze({
    ...policy,
    orientation,
    colorProfile: args.toSrgb ? 'srgb' : policy.colorProfile,
  });
}
