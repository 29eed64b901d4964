import { describe, expect, it } from 'vitest';
import {
  buildAppleGainMapXmp,
  readAppleGainMapXmp,
} from '../../../src/strip/heif/apple-gain-map-xmp.js';

const NAMESPACE = 'xmlns:HDRGainMap="http://ns.apple.com/HDRGainMap/1.0/"';

function createPacket(description: string): Buffer {
  return Buffer.from(
    `<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 6.0.0"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">${description}</rdf:RDF></x:xmpmeta>`,
  );
}

describe('readAppleGainMapXmp', () => {
  it('reads version and headroom written as elements', () => {
    const packet = createPacket(
      `<rdf:Description rdf:about="" ${NAMESPACE} xmlns:dc="http://purl.org/dc/elements/1.1/">` +
        '<HDRGainMap:HDRGainMapVersion>131072</HDRGainMap:HDRGainMapVersion>' +
        '<HDRGainMap:HDRGainMapHeadroom> 2.5 </HDRGainMap:HDRGainMapHeadroom>' +
        '<dc:creator>Test Person</dc:creator></rdf:Description>',
    );

    expect(readAppleGainMapXmp(packet)).toEqual({ version: '131072', headroom: '2.5' });
  });

  it('reads a version written as an attribute', () => {
    const packet = createPacket(
      `<rdf:Description rdf:about="" ${NAMESPACE} HDRGainMap:HDRGainMapVersion="65536"/>`,
    );

    expect(readAppleGainMapXmp(packet)).toEqual({ version: '65536', headroom: null });
  });

  it('drops a headroom that is not a number', () => {
    const packet = createPacket(
      `<rdf:Description ${NAMESPACE} HDRGainMap:HDRGainMapVersion="65536" HDRGainMap:HDRGainMapHeadroom="Test Person"/>`,
    );

    expect(readAppleGainMapXmp(packet)?.headroom).toBeNull();
  });

  it.each([
    ['without the namespace', '<rdf:Description HDRGainMap:HDRGainMapVersion="65536"/>'],
    ['without a version', `<rdf:Description ${NAMESPACE} HDRGainMap:HDRGainMapHeadroom="2"/>`],
    ['with a text version', `<rdf:Description ${NAMESPACE} HDRGainMap:HDRGainMapVersion="v1"/>`],
  ])('returns null for a packet %s', (_name, description) => {
    expect(readAppleGainMapXmp(createPacket(description))).toBeNull();
  });
});

describe('buildAppleGainMapXmp', () => {
  it('builds a packet that reads back without anything else', () => {
    const values = { version: '131072', headroom: '1.25' };

    const packet = buildAppleGainMapXmp(values);
    const text = Buffer.from(packet).toString('utf8');

    expect(readAppleGainMapXmp(packet)).toEqual(values);
    expect(text).not.toContain('xmptk');
    expect(text.match(/<HDRGainMap:/g)).toHaveLength(2);
  });

  it.each([[{ version: '1 2', headroom: null }], [{ version: '1', headroom: '1e9' }]])(
    'rejects values that are not plain numbers: %j',
    (values) => {
      expect(() => buildAppleGainMapXmp(values)).toThrow(RangeError);
    },
  );
});
