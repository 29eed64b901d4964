import { createCheck, type DoctorCheck } from './doctor-check.js';

/** Checks that sharp and its native libvips load, which the lossy opt-ins need. */
export async function checkSharp(): Promise<DoctorCheck> {
  try {
    const { default: sharp } = await import('sharp');
    return createCheck('sharp', 'pass', `loads, with libvips ${sharp.versions.vips}`);
  } catch (error) {
    return createCheck(
      'sharp',
      'fail',
      `does not load: ${(error as Error).message}. Run \`npm ci\` again on this machine.`,
    );
  }
}
