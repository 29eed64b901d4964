import { applyKeepOverrides, type KeepOverrides, type KeepPolicy } from '../strip/keep-policy.js';
import type { CleanArgs } from './parse-clean-args.js';

/**
 * Applies the keep flags of `metaclear clean` to the config's policy: `--keep-orientation`
 * sets keeping the orientation, `--bake-orientation` rotates the pixels instead, and
 * `--to-srgb` converts the colours to sRGB.
 */
export function applyKeepFlags(policy: KeepPolicy, args: CleanArgs): KeepPolicy {
  return applyKeepOverrides(policy, getKeepOverrides(args));
}

/** Returns the keep settings that the flags set, and nothing for a flag not given. */
export function getKeepOverrides(args: CleanArgs): KeepOverrides {
  let orientation: KeepPolicy['orientation'] | undefined;
  if (args.keepOrientation !== null) {
    orientation = args.keepOrientation;
  }
  if (args.bakeOrientation) {
    orientation = 'bake';
  }
  return {
    ...(orientation === undefined ? {} : { orientation }),
    ...(args.toSrgb ? { colorProfile: 'srgb' as const } : {}),
  };
}
