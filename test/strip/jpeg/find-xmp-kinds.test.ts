import { describe, expect, it } from 'vitest';
import { findXmpKinds } from '../../../src/strip/jpeg/find-xmp-kinds.js';

function find(...texts: string[]): string[] {
  return [...findXmpKinds(texts.map((text) => Buffer.from(text, 'latin1')))].sort();
}

describe('findXmpKinds', () => {
  it('reports plain XMP as xmp only', () => {
    expect(find('<dc:creator>A</dc:creator>')).toEqual(['xmp']);
  });

  it.each([
    ['an element', '<GCamera:MotionPhoto>1</GCamera:MotionPhoto>'],
    ['an attribute', 'GCamera:MotionPhoto="1"'],
    ['a Micro Video', 'GCamera:MicroVideo="1"'],
    ['a container item', '<Container:Item Item:Semantic="MotionPhoto" Item:Mime="video/mp4"/>'],
  ])('finds a Motion Photo declared as %s', (_title, text) => {
    expect(find(text)).toContain('motion-photo');
  });

  it('ignores a Motion Photo flag set to 0', () => {
    expect(find('GCamera:MotionPhoto="0"')).toEqual(['xmp']);
  });

  it('finds GDepth split across Extended XMP chunks', () => {
    expect(find('<rdf:Description GDe', 'pth:Format="RangeInverse"/>')).toEqual([
      'depth-map',
      'xmp',
    ]);
  });
});
