import { describe, expect, it } from 'vitest';
import { createTempPath } from '../../src/commit/temp-file.js';
import { isIgnoredName, isIgnoredPath } from '../../src/daemon/ignore-rules.js';

describe('isIgnoredName', () => {
  it.each([
    '.DS_Store',
    '._IMG_0001.jpg',
    '.hidden.png',
    'Thumbs.db',
    'thumbs.DB',
    'desktop.ini',
    'Desktop.ini',
    'Icon\r',
    'photo.jpg.crdownload',
    'photo.jpg.part',
    'photo.JPG.PART',
    'photo.jpg.download',
    'photo.tmp',
    'photo.jpg.partial',
    'photo.jpg~',
  ])('ignores %j', (name) => {
    expect(isIgnoredName(name)).toBe(true);
  });

  it.each(['IMG_0001.jpg', 'screenshot 2024-01-01.png', 'partial.jpg', 'tmp.png', 'Icon.png'])(
    'keeps %j',
    (name) => {
      expect(isIgnoredName(name)).toBe(false);
    },
  );

  it('ignores the commit temp files', () => {
    const tempName = createTempPath('/inbox').slice('/inbox/'.length);

    expect(isIgnoredName(tempName)).toBe(true);
  });
});

describe('isIgnoredPath', () => {
  it('ignores files inside hidden folders', () => {
    expect(isIgnoredPath('/home/ada/Inbox', '/home/ada/Inbox/.git/objects/a.jpg')).toBe(true);
    expect(isIgnoredPath('/home/ada/Inbox', '/home/ada/Inbox/trip/._a.jpg')).toBe(true);
  });

  it('keeps ordinary files in subfolders', () => {
    expect(isIgnoredPath('/home/ada/Inbox', '/home/ada/Inbox/trip/a.jpg')).toBe(false);
  });

  it('never ignores the root or paths outside it', () => {
    expect(isIgnoredPath('/home/ada/.shots', '/home/ada/.shots')).toBe(false);
    expect(isIgnoredPath('/home/ada/.shots', '/home/ada/.shots/a.png')).toBe(false);
    expect(isIgnoredPath('/home/ada/Inbox', '/home/ada/.other/a.png')).toBe(false);
  });

  it('ignores a hidden name that starts with two dots', () => {
    expect(isIgnoredPath('/home/ada/Inbox', '/home/ada/Inbox/..a.jpg')).toBe(true);
  });
});
