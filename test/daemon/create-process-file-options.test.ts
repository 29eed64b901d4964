import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { createCleanRequestOptions } from '../../src/daemon/create-clean-request-options.js';
import { createProcessFileOptions } from '../../src/daemon/create-process-file-options.js';

const NOW = new Date('2024-05-01T10:00:00Z');

const config = configSchema.parse({
  version: 1,
  folders: [
    { path: '/home/ada/To Clean', mode: 'output', output: '/home/ada/Cleaned' },
    { path: '/home/ada/Shots', mode: 'in-place', keep: { orientation: false } },
  ],
  originals: { action: 'vault', vault: '/home/ada/Originals' },
  limits: { maxFileBytes: 5_000_000 },
});
const [inbox, shots] = config.folders;

describe('createProcessFileOptions', () => {
  it('publishes an output folder file under the output with its subfolders', () => {
    if (inbox === undefined) {
      throw new Error('the test config has no inbox');
    }
    const options = createProcessFileOptions(
      { config, folder: inbox, root: '/real/To Clean', input: '/real/To Clean/trip/a.jpg' },
      NOW,
    );

    expect(options.input).toBe('/real/To Clean/trip/a.jpg');
    expect(options.publish).toEqual({ mode: 'output', outputPath: '/home/ada/Cleaned/trip/a.jpg' });
    expect(options.originals).toEqual({
      action: 'vault',
      vaultDir: '/home/ada/Originals',
      vaultRelativePath: 'To Clean/trip/a.jpg',
    });
    expect(options.keepFileDates).toBe(false);
    expect(options.maxFileBytes).toBe(5_000_000);
    expect(options.now).toBe(NOW);
  });

  it('cleans an in-place folder file where it is', () => {
    if (shots === undefined) {
      throw new Error('the test config has no in-place folder');
    }
    const options = createProcessFileOptions(
      { config, folder: shots, root: '/home/ada/Shots', input: '/home/ada/Shots/s.png' },
      NOW,
    );

    expect(options.publish).toEqual({ mode: 'in-place' });
    expect(options.originals.vaultRelativePath).toBe('Shots/s.png');
    expect(options.keepFileDates).toBe(true);
    expect(options.policy.orientation).toBe(false);
    expect(options.policy.colorProfile).toBe(true);
    expect(options.policy).not.toHaveProperty('fileDates');
  });
});

describe('createCleanRequestOptions', () => {
  it('puts the request keep over the config', () => {
    const withKeep = configSchema.parse({
      version: 1,
      folders: [],
      keep: { orientation: false, colorProfile: true, captureDate: true },
    });

    const options = createCleanRequestOptions(withKeep, '/home/ada/a.jpg', null, NOW, {
      colorProfile: 'srgb',
    });

    expect(options.policy.orientation).toBe(false);
    expect(options.policy.colorProfile).toBe('srgb');
    expect(options.policy.captureDate).toBe(true);
    expect(options.publish).toEqual({ mode: 'in-place' });
    expect(options.originals.vaultRelativePath).toBe('a.jpg');
  });
});
