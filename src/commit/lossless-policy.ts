import type { KeepPolicy } from '../strip/keep-policy.js';

/**
 * Maps the lossy opt-ins to what the lossless stripper does around them: a baked orientation
 * leaves no tag to keep, and an sRGB conversion keeps the (sRGB) colour profile.
 */
export function toLosslessPolicy(policy: KeepPolicy): KeepPolicy {
  return {
    ...policy,
    orientation: policy.orientation === 'bake' ? false : policy.orientation,
    colorProfile: policy.colorProfile === 'srgb' ? true : policy.colorProfile,
  };
}
