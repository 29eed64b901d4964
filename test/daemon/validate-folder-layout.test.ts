import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { validateFolderLayout } from '../../src/daemon/validate-folder-layout.js';
import { isAppError } from '../../src/shared/errors.js';

/** Builds a config with the schema alone, skipping the layout checks that parseConfig runs. */
function buildConfig(folders: unknown[], vault = '/home/ada/Originals') {
  return configSchema.parse({ version: 1, folders, originals: { vault } });
}

function getLayoutError(config: ReturnType<typeof buildConfig>): string {
  try {
    validateFolderLayout(config);
  } catch (error) {
    if (isAppError(error) && error.code === 'E_CONFIG_INVALID') {
      return error.message;
    }
    throw error;
  }
  return '';
}

describe('validateFolderLayout', () => {
  it('accepts separate inbox, output and vault', () => {
    const config = buildConfig([
      { path: '/home/ada/Inbox', mode: 'output', output: '/home/ada/Cleaned' },
      { path: '/home/ada/Shots', mode: 'in-place' },
    ]);

    expect(() => {
      validateFolderLayout(config);
    }).not.toThrow();
  });

  it('rejects an output inside its own folder', () => {
    const config = buildConfig([
      { path: '/home/ada/Inbox', mode: 'output', output: '/home/ada/Inbox/Cleaned' },
    ]);

    expect(getLayoutError(config)).toContain('folders[0].output');
  });

  it('rejects an output inside another watched folder', () => {
    const config = buildConfig([
      { path: '/home/ada/Inbox', mode: 'output', output: '/home/ada/Shots/Cleaned' },
      { path: '/home/ada/Shots', mode: 'in-place' },
    ]);

    expect(getLayoutError(config)).toContain('folders[0].output');
  });

  it('rejects a watched folder inside an output', () => {
    const config = buildConfig([
      { path: '/home/ada/Cleaned/Inbox', mode: 'output', output: '/home/ada/Cleaned' },
    ]);

    expect(getLayoutError(config)).toContain('folders[0].path');
  });

  it('rejects a vault inside a watched folder', () => {
    const config = buildConfig(
      [{ path: '/home/ada/Inbox', mode: 'output', output: '/home/ada/Cleaned' }],
      '/home/ada/Inbox/Originals',
    );

    expect(getLayoutError(config)).toContain('originals.vault');
  });

  it('accepts an output beside a non-recursive folder', () => {
    const config = buildConfig([
      {
        path: '/home/ada/Inbox',
        mode: 'output',
        output: '/home/ada/Cleaned',
        recursive: false,
      },
      { path: '/home/ada/Shots', mode: 'in-place', recursive: false },
    ]);

    expect(() => {
      validateFolderLayout(config);
    }).not.toThrow();
  });
});
