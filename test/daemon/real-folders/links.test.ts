import { copyFile, link, mkdir, readFile, rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isExifToolAvailable } from '../../helpers/exiftool.js';
import { SETTLE_MS } from '../../helpers/wait.js';
import { listGpsTags } from '../gps-photo.js';
import {
  BACKENDS,
  createConfig,
  createHome,
  listFiles,
  listResultInputs,
  setUpRealFolderTests,
  startDaemon,
  waitForFolderState,
  waitForResult,
} from './real-folder-harness.js';

const fixtures = setUpRealFolderTests('metaclear-links-');

describe.skipIf(!isExifToolAvailable()).each(BACKENDS)(
  'daemon on real folders: links ($backend)',
  ({ watchOptions }) => {
    it('never follows or writes through symbolic links', async () => {
      const home = await createHome();
      const outside = path.join(home.root, 'outside');
      await mkdir(path.join(outside, 'album'), { recursive: true });
      const secret = path.join(outside, 'secret.jpg');
      const albumPhoto = path.join(outside, 'album', 'inside.jpg');
      await copyFile(fixtures.photo, secret);
      await copyFile(fixtures.photo, albumPhoto);
      const running = await startDaemon(home, createConfig(home), { watchOptions });

      for (const folder of [home.inbox, home.shots]) {
        await symlink(secret, path.join(folder, 'link.jpg'));
        await symlink(path.join(outside, 'album'), path.join(folder, 'album'));
        await symlink(folder, path.join(folder, 'loop'));
        await symlink(path.join(folder, 'b'), path.join(folder, 'a'));
        await symlink(path.join(folder, 'a'), path.join(folder, 'b'));
      }
      // A real file after the links, so its result shows the links' events were handled.
      const sentinel = path.join(home.shots, 'real.jpg');
      await copyFile(fixtures.photo, sentinel);
      await waitForResult(running, sentinel);
      await running.daemon.onQuiescent();

      expect(listResultInputs(running)).toEqual([sentinel]);
      expect(await readFile(secret)).toEqual(await readFile(fixtures.photo));
      expect(await readFile(albumPhoto)).toEqual(await readFile(fixtures.photo));
      expect(await listGpsTags(secret)).not.toEqual([]);
      expect(await listFiles(home.cleaned)).toEqual([]);
    });

    it('reports an in-place hard link once', async () => {
      const home = await createHome();
      const original = path.join(home.sources, 'photo.jpg');
      await copyFile(fixtures.photo, original);
      const running = await startDaemon(home, createConfig(home), { watchOptions });
      const linked = path.join(home.shots, 'photo.jpg');

      await link(original, linked);
      const result = await waitForResult(running, linked);
      await running.daemon.onQuiescent();
      // The folder goes away and comes back, which watches it again from scratch.
      await rename(home.shots, `${home.shots}-away`);
      await waitForFolderState(running, home.shots, 'unavailable');
      await rename(`${home.shots}-away`, home.shots);
      await waitForFolderState(running, home.shots, 'watching', 2);
      // The only fixed wait: the rescan must not report the file again.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      await running.daemon.onQuiescent();

      expect(result.event).toBe('job.attention');
      expect(result.status).toBe('skipped');
      expect(result.code).toBe('E_HARD_LINK');
      expect(running.results).toHaveLength(1);
      expect(running.queued).toEqual([]);
      expect(running.contentReads.get(linked)).toBeUndefined();
      expect(await readFile(linked)).toEqual(await readFile(fixtures.photo));
      expect(await readFile(original)).toEqual(await readFile(fixtures.photo));
    });
  },
);
