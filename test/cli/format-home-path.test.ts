import { describe, expect, it } from 'vitest';
import { formatHomePath } from '../../src/cli/format-home-path.js';

describe('formatHomePath', () => {
  it.each([
    ['/home/ada', '~'],
    ['/home/ada/Pictures/Screenshots', '~/Pictures/Screenshots'],
    ['/home/ada/MetaClear/To Clean/a.jpg', '~/MetaClear/To Clean/a.jpg'],
    ['/home/ada/..hidden', '~/..hidden'],
    ['/home/adam/Pictures', '/home/adam/Pictures'],
    ['/home', '/home'],
    ['/Volumes/Photos', '/Volumes/Photos'],
    ['/home/ada/new\nline.jpg', '~/new\\nline.jpg'],
    ['/tmp/bell\u0007.jpg', '/tmp/bell\\x07.jpg'],
  ])('shows %j as %j', (filePath, expected) => {
    expect(formatHomePath(filePath, '/home/ada')).toBe(expected);
  });
});
