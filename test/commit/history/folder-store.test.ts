import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import { closeHistories, openTempHistory } from './history-fixture.js';

afterEach(async () => {
  closeHistories();
  await removeTempDirs();
});

const FILES = [
  { ino: '18446744073709551615', size: 10, mtimeNs: '1718445600123456789' },
  { ino: '2', size: 20, mtimeNs: '1718445600000000000' },
];

describe('FolderStore', () => {
  it('returns null for a folder never added', async () => {
    const { history } = await openTempHistory();

    expect(history.folders.get('/home/ada/Shots')).toBeNull();
  });

  it('stores the files present, inodes above 2^53 included', async () => {
    const { history } = await openTempHistory();

    history.folders.add('/home/ada/Shots', {
      addedAt: '2024-06-15T10:00:00.000Z',
      presentFiles: FILES,
    });
    const record = history.folders.get('/home/ada/Shots');

    expect(record?.addedAt).toBe('2024-06-15T10:00:00.000Z');
    expect(record?.presentFiles).toEqual(expect.arrayContaining(FILES));
    expect(record?.presentFiles).toHaveLength(2);
  });

  it('forgets a removed folder with its files', async () => {
    const { history } = await openTempHistory();
    history.folders.add('/home/ada/Shots', {
      addedAt: '2024-06-15T10:00:00.000Z',
      presentFiles: FILES,
    });

    history.folders.remove('/home/ada/Shots');
    history.folders.add('/home/ada/Shots', {
      addedAt: '2024-07-01T10:00:00.000Z',
      presentFiles: [],
    });

    expect(history.folders.get('/home/ada/Shots')).toEqual({
      addedAt: '2024-07-01T10:00:00.000Z',
      presentFiles: [],
    });
  });
});
