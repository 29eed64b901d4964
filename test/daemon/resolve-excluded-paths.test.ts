import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { resolveExcludedPaths } from '../../src/daemon/resolve-excluded-paths.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

describe('resolveExcludedPaths', () => {
  it('adds the real path of a vault reached through a link', async () => {
    const home = await createTempDir();
    const inbox = path.join(home, 'Inbox');
    await mkdir(path.join(inbox, 'archive'), { recursive: true });
    const vault = path.join(home, 'Originals');
    await symlink(path.join(inbox, 'archive'), vault);
    const config = configSchema.parse({
      version: 1,
      folders: [{ path: inbox, mode: 'output', output: path.join(home, 'Cleaned') }],
      originals: { vault },
    });

    const excluded = await resolveExcludedPaths(config);

    expect(excluded).toEqual(
      expect.arrayContaining([vault, path.join(inbox, 'archive'), path.join(home, 'Cleaned')]),
    );
  });

  it('resolves a folder that does not exist yet through its parent', async () => {
    const home = await createTempDir();
    const real = path.join(home, 'real');
    await mkdir(real);
    await symlink(real, path.join(home, 'link'));
    const config = configSchema.parse({
      version: 1,
      folders: [],
      originals: { vault: path.join(home, 'link', 'not', 'yet') },
    });

    const excluded = await resolveExcludedPaths(config);

    expect(excluded).toEqual([
      path.join(home, 'link', 'not', 'yet'),
      path.join(real, 'not', 'yet'),
    ]);
  });
});
