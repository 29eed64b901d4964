import { copyFile, mkdir, readFile, rename, rm, symlink } from 'node:fs/promises';
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

const fixtures = setUpRealFolderTests('metaclear-availability-');

describe.skipIf(!isExifToolAvailable()).each(BACKENDS)(
  'daemon on real folders: availability ($backend)',
  ({ watchOptions }) => {
    it('watches a folder again when it returns', async () => {
      const home = await createHome();
      await rm(home.shots, { recursive: true });
      const running = await startDaemon(home, createConfig(home), { watchOptions });
      const missing = running.folderChanges.find((change) => change.folder === home.shots);

      await mkdir(home.shots);
      await waitForFolderState(running, home.shots, 'watching');
      const first = path.join(home.shots, 'first.jpg');
      await copyFile(fixtures.photo, first);
      await waitForResult(running, first);
      await rename(home.shots, `${home.shots}-renamed`);
      const renamed = await waitForFolderState(running, home.shots, 'unavailable', 2);
      await running.daemon.onQuiescent();
      const stateWhileRenamed = running.daemon.state;
      await rename(`${home.shots}-renamed`, home.shots);
      await waitForFolderState(running, home.shots, 'watching', 2);
      await rm(home.shots, { recursive: true });
      await waitForFolderState(running, home.shots, 'unavailable', 3);
      await mkdir(home.shots);
      await waitForFolderState(running, home.shots, 'watching', 3);
      const second = path.join(home.shots, 'second.jpg');
      await copyFile(fixtures.photo, second);
      const result = await waitForResult(running, second);
      await running.daemon.onQuiescent();

      expect(missing).toMatchObject({ state: 'unavailable', code: 'E_NOT_FOUND' });
      expect(renamed).toMatchObject({ previous: 'watching', code: 'E_NOT_FOUND' });
      expect(stateWhileRenamed).toBe('attention');
      expect(running.daemon.state).toBe('idle');
      expect([result.status, result.code]).toEqual(['cleaned', null]);
      expect(listResultInputs(running)).toEqual([first, second]);
      expect(await listGpsTags(second)).toEqual([]);
    });

    it('ignores a vault and output behind links', async () => {
      const home = await createHome();
      // The config compares paths as written, so links into the inbox pass its checks.
      await mkdir(path.join(home.inbox, 'archive'));
      await mkdir(path.join(home.inbox, 'published'));
      await rm(home.cleaned, { recursive: true });
      await symlink(path.join(home.inbox, 'archive'), home.vault);
      await symlink(path.join(home.inbox, 'published'), home.cleaned);
      const running = await startDaemon(home, createConfig(home), { watchOptions });
      const input = path.join(home.inbox, 'photo.jpg');

      await copyFile(fixtures.photo, input);
      const result = await waitForResult(running, input);
      await running.daemon.onQuiescent();
      // The only fixed wait: the vault copy and the output must not start jobs.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      await running.daemon.onQuiescent();

      expect([result.status, result.code]).toEqual(['cleaned', null]);
      expect(listResultInputs(running)).toEqual([input]);
      const files = await listFiles(home.inbox);
      expect(files).toHaveLength(2);
      expect(files).toContain(path.join('published', 'photo.jpg'));
      expect(await readFile(result.original ?? '')).toEqual(await readFile(fixtures.photo));
      expect(await listGpsTags(result.original ?? '')).not.toEqual([]);
    });
  },
);
