import { describe, expect, it } from 'vitest';
import { findPhotoshopKinds } from '../../../src/strip/jpeg/find-photoshop-kinds.js';

/** Builds one Photoshop image resource with an empty name. */
function createResource(id: number, data: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header.write('8BIM', 0, 'latin1');
  header.writeUInt16BE(id, 4);
  header.writeUInt32BE(data.length, 8); // name: length 0 plus a pad byte
  const padding = Buffer.alloc(data.length % 2);
  return Buffer.concat([header, data, padding]);
}

function createPayload(...resources: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), ...resources]);
}

describe('findPhotoshopKinds', () => {
  it('reports an IPTC record as iptc', () => {
    const kinds = findPhotoshopKinds(createPayload(createResource(0x0404, Buffer.alloc(5))));

    expect([...kinds]).toEqual(['iptc']);
  });

  it('reports thumbnails and XMP inside the block', () => {
    const payload = createPayload(
      createResource(0x0404, Buffer.alloc(3)),
      createResource(0x040c, Buffer.alloc(40)),
      createResource(0x0424, Buffer.alloc(7)),
    );

    expect([...findPhotoshopKinds(payload)].sort()).toEqual(['iptc', 'thumbnail', 'xmp']);
  });

  it('stops quietly at a resource that runs out of bounds', () => {
    const broken = createResource(0x040c, Buffer.alloc(40)).subarray(0, 10);

    expect([...findPhotoshopKinds(createPayload(broken))]).toEqual(['iptc']);
  });
});
