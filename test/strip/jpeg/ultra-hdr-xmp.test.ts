import { describe, expect, it } from 'vitest';
import {
  buildUltraHdrGainMapXmp,
  buildUltraHdrPrimaryXmp,
  readUltraHdrGainMapXmp,
  readUltraHdrPrimaryXmp,
  readUltraHdrVersion,
} from '../../../src/strip/jpeg/ultra-hdr-xmp.js';

const NAMESPACE = 'xmlns:hdrgm="http://ns.adobe.com/hdr-gain-map/1.0/"';

function packet(description: string): Buffer {
  return Buffer.from(
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      description +
      '</rdf:RDF></x:xmpmeta>',
  );
}

describe('readUltraHdrGainMapXmp', () => {
  it('reads attributes and drops other properties', () => {
    const xmp = readUltraHdrGainMapXmp(
      packet(
        `<rdf:Description ${NAMESPACE} xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
          'hdrgm:Version="1.0" hdrgm:GainMapMax="6.64386" hdrgm:BaseRenditionIsHDR="False" ' +
          'dc:creator="Someone"/>',
      ),
    );

    expect(xmp?.version).toBe('1.0');
    expect(Object.fromEntries(xmp?.values ?? [])).toEqual({
      GainMapMax: '6.64386',
      BaseRenditionIsHDR: 'False',
    });
  });

  it('reads elements and per-channel sequences', () => {
    const xmp = readUltraHdrGainMapXmp(
      packet(
        `<rdf:Description ${NAMESPACE}><hdrgm:Version>1.0</hdrgm:Version>` +
          '<hdrgm:GainMapMax><rdf:Seq><rdf:li>1</rdf:li><rdf:li>2</rdf:li><rdf:li>3.5</rdf:li>' +
          '</rdf:Seq></hdrgm:GainMapMax></rdf:Description>',
      ),
    );

    expect(xmp?.values.get('GainMapMax')).toEqual(['1', '2', '3.5']);
  });

  it('drops a value that is not a number', () => {
    const xmp = readUltraHdrGainMapXmp(
      packet(
        `<rdf:Description ${NAMESPACE} hdrgm:Version="1.0" hdrgm:GainMapMax="2" ` +
          'hdrgm:Gamma="my name"/>',
      ),
    );

    expect(xmp?.values.has('Gamma')).toBe(false);
  });

  it('returns null without GainMapMax or version', () => {
    const withoutMax = packet(`<rdf:Description ${NAMESPACE} hdrgm:Version="1.0"/>`);
    const withoutVersion = packet(`<rdf:Description ${NAMESPACE} hdrgm:GainMapMax="2"/>`);

    expect(readUltraHdrGainMapXmp(withoutMax)).toBeNull();
    expect(readUltraHdrGainMapXmp(withoutVersion)).toBeNull();
  });
});

describe('buildUltraHdrGainMapXmp', () => {
  it('round-trips what it writes', () => {
    const values = new Map<string, string | readonly string[]>([
      ['GainMapMin', ['0', '0', '0']],
      ['GainMapMax', '2.5'],
    ]);
    const built = buildUltraHdrGainMapXmp({ version: '1.0', values });

    const read = readUltraHdrGainMapXmp(built);

    expect(read?.values).toEqual(values);
    expect(
      Buffer.from(buildUltraHdrGainMapXmp(read ?? { version: '', values })).equals(built),
    ).toBe(true);
  });
});

describe('buildUltraHdrPrimaryXmp', () => {
  it('names only Primary and GainMap', () => {
    const text = Buffer.from(buildUltraHdrPrimaryXmp('1.0', 31738)).toString();

    expect(text.match(/Item:Semantic=/g)).toHaveLength(2);
    expect(text).toContain('Item:Length="31738"');
    expect(readUltraHdrVersion(Buffer.from(text))).toBe('1.0');
  });

  it('is read back only when exact', () => {
    const built = buildUltraHdrPrimaryXmp('1.0', 500);
    const changed = Buffer.from(Buffer.from(built).toString().replace('<rdf:Seq>', '<rdf:Seq> '));

    expect(readUltraHdrPrimaryXmp(built)).toEqual({ version: '1.0', gainMapLength: 500 });
    expect(readUltraHdrPrimaryXmp(changed)).toBeNull();
  });

  it('rejects a length of 0', () => {
    expect(() => buildUltraHdrPrimaryXmp('1.0', 0)).toThrow(RangeError);
  });
});
