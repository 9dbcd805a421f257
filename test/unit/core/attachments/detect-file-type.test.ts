import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { detectFileType } from '../../../../src/core/attachments/index.ts';

const dir = path.resolve(import.meta.dirname, '../../../fixtures/attachments');
const sample = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));

describe('detectFileType tells a file by its content', () => {
  it.each([
    ['sample.pdf', 'pdf', 'application/pdf'],
    ['sample.png', 'png', 'image/png'],
    ['sample.jpg', 'jpeg', 'image/jpeg'],
    ['sample.gif', 'gif', 'image/gif'],
    ['sample.webp', 'webp', 'image/webp'],
    ['sample.docx', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['sample.xlsx', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['sample.pptx', 'pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['sample.doc', 'doc', 'application/msword'],
    ['sample.xls', 'xls', 'application/vnd.ms-excel'],
    ['sample.ppt', 'ppt', 'application/vnd.ms-powerpoint'],
  ])('%s is %s (%s)', (file, kind, mimeType) => {
    expect(detectFileType(sample(file))).toMatchObject({ ok: true, kind, mimeType });
  });

  it('recognises a workbook written by exceljs as xlsx', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('回款').addRow(['客户', 100]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(detectFileType(bytes)).toMatchObject({ ok: true, kind: 'xlsx' });
  });

  it('goes by content, not by what the name says: a PNG named .pdf is still a PNG', () => {
    // The detector never sees the name; the same bytes answer the same type.
    expect(detectFileType(sample('sample.png'))).toMatchObject({ kind: 'png' });
  });

  it('finds a PDF header a few bytes in, as readers do, but not beyond the first KB', () => {
    const pdf = sample('sample.pdf');
    const near = new Uint8Array([...new Uint8Array(100).fill(0x20), ...pdf]);
    expect(detectFileType(near)).toMatchObject({ ok: true, kind: 'pdf' });
    const far = new Uint8Array([...new Uint8Array(2000).fill(0x20), ...pdf]);
    expect(detectFileType(far)).toMatchObject({ ok: false });
  });

  it('refuses a ZIP that is not an Office package, naming what it is', () => {
    expect(detectFileType(sample('sample.zip'))).toEqual({
      ok: false,
      seen: 'a ZIP archive that is not a Word, Excel or PowerPoint file',
    });
  });

  it('refuses an OLE2 file without a Word, Excel or PowerPoint stream', () => {
    expect(detectFileType(sample('sample-other.cfb'))).toEqual({
      ok: false,
      seen: 'an OLE2 compound file that is not a Word, Excel or PowerPoint file',
    });
  });

  it.each([
    ['sample.bmp', 'a BMP image'],
    [Buffer.from('客户,金额\n甲,100\n'), 'a text file'],
    [Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), 'a Windows program'],
    [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), 'a Linux program (ELF)'],
    [Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff]), 'an unknown binary file'],
    [Buffer.alloc(0), 'an empty file'],
  ])('refuses %s as %s', (input, seen) => {
    const bytes = typeof input === 'string' ? sample(input) : new Uint8Array(input);
    expect(detectFileType(bytes)).toEqual({ ok: false, seen });
  });

  it('does not take a truncated or damaged container for an Office file, nor loop on one', () => {
    const docx = sample('sample.docx');
    expect(detectFileType(docx.subarray(0, 200))).toMatchObject({ ok: false });
    const doc = sample('sample.doc');
    expect(detectFileType(doc.subarray(0, 700))).toMatchObject({ ok: false });
    // A FAT that points the directory chain at itself ends at the guard, not in a loop.
    const looping = new Uint8Array(doc);
    new DataView(looping.buffer).setUint32(512 + 4, 1, true);
    expect(detectFileType(looping)).toMatchObject({ ok: true, kind: 'doc' });
    // A FAT pointing outside the file is not followed.
    const outside = new Uint8Array(doc);
    new DataView(outside.buffer).setUint32(48, 9999, true);
    expect(detectFileType(outside)).toMatchObject({ ok: false });
  });

  it('needs the magic at the start: a JPEG marker inside a text is no JPEG', () => {
    expect(detectFileType(new Uint8Array([0x41, 0xff, 0xd8, 0xff, 0xe0]))).toMatchObject({ ok: false });
    expect(detectFileType(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toMatchObject({ ok: false });
  });
});
