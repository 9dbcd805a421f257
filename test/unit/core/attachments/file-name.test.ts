import { describe, expect, it } from 'vitest';
import {
  cleanFileName,
  contentDisposition,
  detectFileType,
  nameForType,
} from '../../../../src/core/attachments/index.ts';

const pdfType = { kind: 'pdf', mimeType: 'application/pdf', extension: 'pdf' } as const;
const jpegType = { kind: 'jpeg', mimeType: 'image/jpeg', extension: 'jpg' } as const;

describe('attachment file names', () => {
  it('keeps only the last path segment, without control characters or edge dots and spaces', () => {
    expect(cleanFileName('C:\\fakepath\\采购合同 v2.pdf')).toBe('采购合同 v2.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName(' 合同\u0000\u202e.pdf. ')).toBe('合同.pdf');
    expect(cleanFileName('...')).toBe('');
  });

  it('cuts a long name to 200 characters and keeps its extension', () => {
    const long = `${'长'.repeat(300)}.docx`;
    const cut = cleanFileName(long);
    expect([...cut].length).toBe(200);
    expect(cut.endsWith('.docx')).toBe(true);
  });

  it('adds the detected extension to a name without one and accepts the type’s own extensions', () => {
    expect(nameForType('合同扫描件', pdfType)).toEqual({ ok: true, fileName: '合同扫描件.pdf' });
    expect(nameForType('scan.JPEG', jpegType)).toEqual({ ok: true, fileName: 'scan.JPEG' });
    expect(nameForType('scan.jpg', jpegType)).toEqual({ ok: true, fileName: 'scan.jpg' });
  });

  it('refuses a name whose extension says another type than the content', () => {
    expect(nameForType('合同.exe', pdfType)).toEqual({ ok: false, extension: 'exe', expected: ['pdf'] });
    expect(nameForType('photo.png', jpegType)).toMatchObject({ ok: false, extension: 'png' });
  });

  it('writes Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('采购合同 (final).pdf')).toBe(
      `attachment; filename="____ (final).pdf"; filename*=UTF-8''%E9%87%87%E8%B4%AD%E5%90%88%E5%90%8C%20%28final%29.pdf`,
    );
    expect(contentDisposition('a"b;c.pdf')).toBe(
      `attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%3Bc.pdf`,
    );
  });

  it('detectFileType and nameForType together: the extension follows the content', () => {
    const pdf = Buffer.from('%PDF-1.4\n');
    const type = detectFileType(pdf);
    expect(type.ok && nameForType('x', type)).toEqual({ ok: true, fileName: 'x.pdf' });
  });
});
