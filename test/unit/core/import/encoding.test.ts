import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  decodeText,
  detectAndDecode,
  encodeText,
  parseCsv,
  TEXT_ENCODINGS,
  writeCsv,
} from '../../../../src/core/import/index.ts';

const TEXT =
  '客户名称,城市,标签\r\n上海精密机械有限公司,上海,"重点,直销"\r\n买买提·艾力贸易,乌鲁木齐,老客户\r\n';
/** Outside GBK: only GB18030's four-byte sequences (and UTF) can carry them. */
const BEYOND_GBK = '𠮷野家餐饮,€ 报价,😀\r\n';

const withBom = (bom: number[], bytes: Uint8Array) => Buffer.concat([Buffer.from(bom), bytes]);

describe('detecting a CSV file’s encoding', () => {
  it('a BOM settles UTF-8, UTF-16 LE and UTF-16 BE, and is dropped from the text', () => {
    for (const [bom, encoding] of [
      [[0xef, 0xbb, 0xbf], 'utf-8'],
      [[0xff, 0xfe], 'utf-16le'],
      [[0xfe, 0xff], 'utf-16be'],
    ] as const) {
      const { guess, text } = detectAndDecode(withBom([...bom], encodeText(TEXT, encoding)));
      expect(guess).toMatchObject({ encoding, unsure: false });
      expect(text).toBe(TEXT);
    }
  });

  it('finds UTF-16 without a BOM by the side its NUL bytes are on', () => {
    for (const encoding of ['utf-16le', 'utf-16be'] as const) {
      const { guess, text } = detectAndDecode(encodeText(TEXT, encoding));
      expect(guess).toMatchObject({ encoding, unsure: false });
      expect(text).toBe(TEXT);
    }
  });

  it('reads UTF-8 without a BOM, and GBK and GB18030 as GB18030', () => {
    expect(detectAndDecode(encodeText(TEXT, 'utf-8'))).toEqual({
      guess: { encoding: 'utf-8', unsure: false, candidates: ['utf-8', 'gb18030'] },
      text: TEXT,
    });
    expect(detectAndDecode(iconv.encode(TEXT, 'gbk'))).toEqual({
      guess: { encoding: 'gb18030', unsure: false, candidates: ['gb18030', 'utf-8'] },
      text: TEXT,
    });
    const gb18030 = detectAndDecode(encodeText(TEXT + BEYOND_GBK, 'gb18030'));
    expect(gb18030.guess).toMatchObject({ encoding: 'gb18030', unsure: false });
    expect(gb18030.text).toBe(TEXT + BEYOND_GBK);
  });

  it('plain ASCII is UTF-8 for sure (every candidate reads it the same)', () => {
    expect(detectAndDecode(Buffer.from('name,city\r\nAcme,Shanghai\r\n')).guess).toMatchObject({
      encoding: 'utf-8',
      unsure: false,
    });
  });

  it('is unsure when the bytes are valid both as UTF-8 and as GBK', () => {
    // 专业 in GBK is D7 A8 D2 B5: also two well-formed UTF-8 characters (ר and ҵ).
    const bytes = iconv.encode('name\r\n专业\r\n', 'gbk');
    const { guess, text } = detectAndDecode(bytes);
    expect(guess).toEqual({ encoding: 'gb18030', unsure: true, candidates: ['gb18030', 'utf-8'] });
    expect(text).toBe('name\r\n专业\r\n');
    expect(decodeText(bytes, 'utf-8')).toBe('name\r\nרҵ\r\n');
    // Short Chinese UTF-8 that is also well-formed GB18030 (中文 → E4 B8 AD E6 96 87): UTF-8 first.
    const short = Buffer.from('name\r\n中文\r\n');
    expect(detectAndDecode(short)).toEqual({
      guess: { encoding: 'utf-8', unsure: true, candidates: ['utf-8', 'gb18030'] },
      text: 'name\r\n中文\r\n',
    });
    // Four Chinese characters or more in UTF-8 are settled.
    expect(detectAndDecode(Buffer.from('name\r\n中文名称\r\n')).guess.unsure).toBe(false);
  });

  it('is unsure when the bytes are valid in neither, and offers the likelier first', () => {
    const gbkWithJunk = Buffer.concat([
      iconv.encode('客户名称\r\n上海某某公司\r\n', 'gbk'),
      Buffer.from([0xff]),
    ]);
    expect(detectAndDecode(gbkWithJunk).guess).toEqual({
      encoding: 'gb18030',
      unsure: true,
      candidates: ['gb18030', 'utf-8'],
    });
    const utf8WithJunk = Buffer.concat([Buffer.from('客户名称\r\n上海某某公司\r\n'), Buffer.from([0xff])]);
    const { guess, text } = detectAndDecode(utf8WithJunk);
    expect(guess).toEqual({ encoding: 'utf-8', unsure: true, candidates: ['utf-8', 'gb18030'] });
    expect(text).toBe('客户名称\r\n上海某某公司\r\n\uFFFD');
  });

  it('is unsure of UTF-16 without a BOM when NULs sit on both sides', () => {
    const bytes = Buffer.from([0x41, 0x00, 0x00, 0x42, 0x43, 0x00, 0x0a, 0x00]);
    expect(detectAndDecode(bytes).guess).toMatchObject({ unsure: true });
  });

  it('treats a short GBK file of rare characters as unsure', () => {
    // 丂 (81 40) lies outside GB2312's common area: valid GBK, but not what ordinary text looks like.
    const { guess } = detectAndDecode(iconv.encode('a\r\n丂\r\n', 'gbk'));
    expect(guess).toEqual({ encoding: 'gb18030', unsure: true, candidates: ['gb18030', 'utf-8'] });
  });
});

describe('encoding text', () => {
  it('round-trips every supported encoding, GB18030 included beyond GBK', () => {
    for (const encoding of TEXT_ENCODINGS) {
      expect(decodeText(encodeText(TEXT + BEYOND_GBK, encoding), encoding)).toBe(TEXT + BEYOND_GBK);
    }
  });

  it('writes GBK’s own bytes for text GBK can hold', () => {
    expect(encodeText(TEXT, 'gb18030').equals(iconv.encode(TEXT, 'gbk'))).toBe(true);
  });

  it('a CSV written, encoded in GB18030 and read back is the same table', () => {
    const table = [
      ['名称', '备注'],
      ['𠮷野家', 'a "quoted", value\r\nwith a break'],
    ];
    const bytes = encodeText(writeCsv(table).slice(1), 'gb18030');
    const { guess, text } = detectAndDecode(bytes);
    expect(guess.encoding).toBe('gb18030');
    expect(parseCsv(text)).toEqual(table);
  });
});
