import { describe, expect, it } from 'vitest';
import { classifyPngText } from '../../../src/strip/png/classify-png-text.js';

describe('classifyPngText', () => {
  it.each([
    ['parameters', 'ai-prompt'],
    ['prompt', 'ai-prompt'],
    ['workflow', 'ai-prompt'],
    ['invokeai_metadata', 'ai-prompt'],
    ['XML:com.adobe.xmp', 'xmp'],
    ['Raw profile type exif', 'raw-exif-profile'],
    ['Raw profile type APP1', 'raw-exif-profile'],
    ['Raw profile type iptc', 'iptc'],
    ['Raw profile type 8bim', 'iptc'],
    ['Raw profile type xmp', 'xmp'],
    ['Comment', 'comment'],
    ['Description', 'comment'],
    ['Author', 'owner'],
    ['Copyright', 'owner'],
    ['Creation Time', 'datetime'],
    ['date:create', 'datetime'],
    ['Software', 'software'],
    ['Title', 'text-chunk'],
    ['', 'text-chunk'],
  ])('classifies %j as %s', (keyword, expected) => {
    expect(classifyPngText(keyword)).toBe(expected);
  });

  it('ignores the case of keywords', () => {
    expect(classifyPngText('COMMENT')).toBe('comment');
    expect(classifyPngText('Parameters')).toBe('ai-prompt');
  });
});
