import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { users } from '../../src/db/schema/index.ts';
import { makeContract, sampleFile } from '../support/factories-attachments.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const s = regionalOrgSuite();
type User = typeof users.$inferSelect;

const clients = new Map<string, Client>();
async function as(user: User): Promise<Client> {
  let client = clients.get(user.id);
  if (!client) {
    client = await signIn(s.app, user.email);
    clients.set(user.id, client);
  }
  return client;
}

function upload(
  client: Client,
  contractId: string,
  fileName: string,
  body: Buffer,
  contentType = 'application/octet-stream',
) {
  return client.request({
    method: 'POST',
    url: `/api/v1/contracts/${contractId}/attachments?fileName=${encodeURIComponent(fileName)}`,
    headers: { 'content-type': contentType },
    payload: body,
  });
}

async function count(contractId: string): Promise<{ rows: number; contents: number }> {
  const { rows } = await s.dbh.pool.query<{ rows: number; contents: number }>(
    `select count(*)::int as rows,
            (select count(*)::int from attachment_contents c join attachments a
               on a.org_id = c.org_id and a.id = c.attachment_id where a.entity_id = $1) as contents
       from attachments where entity_id = $1`,
    [contractId],
  );
  return rows[0]!;
}

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('upload, list, download', () => {
  it('stores a PDF with its detected type and hash, lists it without bytes and serves it back byte-exact', async () => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep, { status: 'active' });
    const finance = await as(s.o.users.finance);
    const pdf = sampleFile('sample.pdf');
    const res = await upload(finance, contract.id, '采购合同 (盖章版).pdf', pdf);
    expect(res.statusCode, res.body).toBe(201);
    const { attachment } = res.json();
    expect(attachment).toMatchObject({
      entityType: 'contract',
      entityId: contract.id,
      fileName: '采购合同 (盖章版).pdf',
      mimeType: 'application/pdf',
      size: pdf.length,
      sha256: sha(pdf),
      uploadedBy: s.o.users.finance.id,
      uploadedByName: s.o.users.finance.name,
      removedAt: null,
      contentUrl: `/api/v1/attachments/${attachment.id}/content`,
    });

    const list = await finance.request({
      method: 'GET',
      url: `/api/v1/contracts/${contract.id}/attachments`,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ items: [attachment], canChange: true });
    expect(list.body).not.toContain('"content":');

    const download = await finance.request({ method: 'GET', url: attachment.contentUrl });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="____ (___).pdf"; filename*=UTF-8''${encodeURIComponent('采购合同 (盖章版).pdf').replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    expect(download.headers['content-length']).toBe(String(pdf.length));
  });

  it.each([
    ['sample.png', 'image/png'],
    ['sample.jpg', 'image/jpeg'],
    ['sample.gif', 'image/gif'],
    ['sample.webp', 'image/webp'],
    ['sample.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['sample.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['sample.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['sample.doc', 'application/msword'],
    ['sample.xls', 'application/vnd.ms-excel'],
    ['sample.ppt', 'application/vnd.ms-powerpoint'],
  ])('round-trips %s byte-exact as %s, whatever type the client claimed', async (file, mimeType) => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep);
    const admin = await as(s.o.users.admin);
    const bytes = sampleFile(file);
    const res = await upload(admin, contract.id, file, bytes, 'application/x-www-form-urlencoded');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attachment.mimeType).toBe(mimeType);
    const download = await admin.request({ method: 'GET', url: res.json().attachment.contentUrl });
    expect(download.headers['content-type']).toBe(mimeType);
    expect(download.rawPayload.equals(bytes)).toBe(true);
  });

  it('names a file without an extension by its detected type', async () => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep);
    const res = await upload(await as(s.o.users.finance), contract.id, '扫描件', sampleFile('sample.jpg'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attachment.fileName).toBe('扫描件.jpg');
  });

  it('accepts a file of exactly 20 MB and serves it back byte-exact', async () => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep);
    const finance = await as(s.o.users.finance);
    const big = crypto.randomBytes(20 * 1024 * 1024);
    big.write('%PDF-1.7\n', 0, 'latin1');
    const res = await upload(finance, contract.id, 'big.pdf', big);
    expect(res.statusCode, res.body).toBe(201);
    const download = await finance.request({ method: 'GET', url: res.json().attachment.contentUrl });
    expect(download.rawPayload.length).toBe(big.length);
    expect(sha(download.rawPayload)).toBe(sha(big));
  }, 120_000);
});

describe('refused uploads write nothing', () => {
  it('answers 409 naming the file already there when the same content comes twice', async () => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep);
    const finance = await as(s.o.users.finance);
    expect((await upload(finance, contract.id, '合同.pdf', sampleFile('sample.pdf'))).statusCode).toBe(201);
    const again = await upload(finance, contract.id, '合同副本.pdf', sampleFile('sample.pdf'));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('"合同.pdf"');
    expect(again.json().error.candidates).toEqual([expect.objectContaining({ fileName: '合同.pdf' })]);
    expect(await count(contract.id)).toEqual({ rows: 1, contents: 1 });
    // The same file on another contract is fine.
    const other = await makeContract(s.dbh.db, s.o.users.eastRep);
    expect((await upload(finance, other.id, '合同.pdf', sampleFile('sample.pdf'))).statusCode).toBe(201);
  });

  it.each([
    [
      'an empty body',
      '空.pdf',
      Buffer.alloc(0),
      'application/octet-stream',
      400,
      '(body)',
      'The file is empty.',
    ],
    [
      'a BMP image',
      'pic.bmp',
      sampleFile('sample.bmp'),
      'application/octet-stream',
      415,
      '(body)',
      'The file is a BMP image',
    ],
    [
      'a plain ZIP',
      'a.zip',
      sampleFile('sample.zip'),
      'application/octet-stream',
      415,
      '(body)',
      'The file is a ZIP archive that is not a Word, Excel or PowerPoint file',
    ],
    [
      'a Windows program',
      'setup.pdf',
      Buffer.from('MZ\x90\x00\x03'),
      'application/octet-stream',
      415,
      '(body)',
      'The file is a Windows program',
    ],
    [
      'a PDF named .exe',
      '合同.exe',
      sampleFile('sample.pdf'),
      'application/octet-stream',
      422,
      'query.fileName',
      'The file name ends in .exe but the file is PDF',
    ],
    [
      'a PNG named .pdf',
      'scan.pdf',
      sampleFile('sample.png'),
      'application/octet-stream',
      422,
      'query.fileName',
      'The file name ends in .pdf but the file is PNG',
    ],
    [
      'a multipart form',
      'a.pdf',
      sampleFile('sample.pdf'),
      'multipart/form-data; boundary=x',
      415,
      'content-type',
      'Send the file itself as the body',
    ],
    [
      'JSON (taken as the file: a text file)',
      'a.pdf',
      Buffer.from('{"contentBase64":"JVBERi0="}'),
      'application/json',
      415,
      '(body)',
      'The file is a text file',
    ],
    [
      'a name of dots only',
      '...',
      sampleFile('sample.pdf'),
      'application/octet-stream',
      400,
      'query.fileName',
      'Send the file’s name',
    ],
  ])('%s is refused, named in the answer', async (_what, name, body, type, status, path, message) => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep);
    const res = await upload(await as(s.o.users.finance), contract.id, name, body, type);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.message).toContain(message);
    expect(res.json().error.details[0].path).toBe(path);
    expect(await count(contract.id)).toEqual({ rows: 0, contents: 0 });
  });

  it('words the refusal in Chinese when asked', async () => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep);
    const res = await (await as(s.o.users.finance)).request({
      method: 'POST',
      url: `/api/v1/contracts/${contract.id}/attachments?fileName=a.bmp`,
      headers: { 'content-type': 'application/octet-stream', 'accept-language': 'zh-CN' },
      payload: sampleFile('sample.bmp'),
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message).toBe(
      '该文件是BMP 图片：只接受 PDF、PNG/JPEG/GIF/WebP 图片以及 Word、Excel、PowerPoint 文件（docx、xlsx、pptx、doc、xls、ppt）。',
    );
    expect(res.json().error.details).toEqual([{ path: '(body)', message: '不接受BMP 图片' }]);
  });

  it('answers 400 without a file name', async () => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep);
    const res = await (await as(s.o.users.finance)).request({
      method: 'POST',
      url: `/api/v1/contracts/${contract.id}/attachments`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: sampleFile('sample.pdf'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('query.fileName');
  });

  it('answers 413 to a file over 20 MB, announced or not', async () => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep);
    const finance = await as(s.o.users.finance);
    const big = Buffer.alloc(20 * 1024 * 1024 + 1);
    big.write('%PDF-1.7\n', 0, 'latin1');
    const res = await upload(finance, contract.id, 'big.pdf', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'payload_too_large',
      message: 'The file is larger than 20 MB.',
    });
    // Sent chunked (no Content-Length), the body limit stops it.
    const { Readable } = await import('node:stream');
    const chunked = await finance.request({
      method: 'POST',
      url: `/api/v1/contracts/${contract.id}/attachments?fileName=big.pdf`,
      headers: { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' },
      payload: Readable.from([big.subarray(0, 10 * 1024 * 1024), big.subarray(10 * 1024 * 1024)]),
    });
    expect(chunked.statusCode).toBe(413);
    expect(await count(contract.id)).toEqual({ rows: 0, contents: 0 });
  });

  it('answers 404 for a contract that does not exist', async () => {
    const res = await upload(
      await as(s.o.users.finance),
      crypto.randomUUID(),
      'a.pdf',
      sampleFile('sample.pdf'),
    );
    expect(res.statusCode).toBe(404);
  });
});

describe('who may read and change a contract’s files', () => {
  it('the owner rep attaches to their own draft, not once it is submitted, and never to others’', async () => {
    const { eastRep, southRep } = s.o.users;
    const draft = await makeContract(s.dbh.db, eastRep);
    const submitted = await makeContract(s.dbh.db, eastRep, { status: 'submitted' });
    const rep = await as(eastRep);
    expect((await upload(rep, draft.id, 'a.pdf', sampleFile('sample.pdf'))).statusCode).toBe(201);
    const late = await upload(rep, submitted.id, 'a.pdf', sampleFile('sample.pdf'));
    expect(late.statusCode).toBe(403);
    expect(late.json().error.message).toContain('submitted');
    // Another rep's draft is out of scope: 404, as the contract itself.
    const other = await upload(await as(southRep), draft.id, 'b.pdf', sampleFile('sample.png'));
    expect(other.statusCode).toBe(404);
    expect(await count(submitted.id)).toEqual({ rows: 0, contents: 0 });
  });

  it('a manager attaches to drafts inside their subtree; outside it the contract does not exist', async () => {
    const draft = await makeContract(s.dbh.db, s.o.users.eastRep);
    expect(
      (await upload(await as(s.o.users.eastManager), draft.id, 'a.pdf', sampleFile('sample.pdf'))).statusCode,
    ).toBe(201);
    expect(
      (await upload(await as(s.o.users.southManager), draft.id, 'b.png', sampleFile('sample.png')))
        .statusCode,
    ).toBe(404);
  });

  it('finance and admins attach to a contract in any state; directors and sales ops read only', async () => {
    const active = await makeContract(s.dbh.db, s.o.users.southRep, { status: 'completed' });
    expect(
      (await upload(await as(s.o.users.finance), active.id, 'a.pdf', sampleFile('sample.pdf'))).statusCode,
    ).toBe(201);
    expect(
      (await upload(await as(s.o.users.admin), active.id, 'a.png', sampleFile('sample.png'))).statusCode,
    ).toBe(201);
    for (const reader of [s.o.users.director, s.o.users.salesOps]) {
      const client = await as(reader);
      expect((await upload(client, active.id, 'b.gif', sampleFile('sample.gif'))).statusCode).toBe(403);
      const list = await client.request({ method: 'GET', url: `/api/v1/contracts/${active.id}/attachments` });
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toHaveLength(2);
      expect(list.json().canChange).toBe(false);
    }
    expect(await count(active.id)).toEqual({ rows: 2, contents: 2 });
  });

  it('reads follow the contract’s scope: out of scope the list and the file answer 404', async () => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep, { status: 'active' });
    const res = await upload(await as(s.o.users.finance), contract.id, 'a.pdf', sampleFile('sample.pdf'));
    const url = res.json().attachment.contentUrl as string;
    for (const user of [s.o.users.eastRep, s.o.users.eastManager, s.o.users.director, s.o.users.salesOps]) {
      const client = await as(user);
      expect((await client.request({ method: 'GET', url })).statusCode).toBe(200);
      const list = await client.request({
        method: 'GET',
        url: `/api/v1/contracts/${contract.id}/attachments`,
      });
      expect(list.json().items).toHaveLength(1);
    }
    // The owner rep reads but may no longer change the files of an active contract.
    const mine = await (await as(s.o.users.eastRep)).request({
      method: 'GET',
      url: `/api/v1/contracts/${contract.id}/attachments`,
    });
    expect(mine.json().canChange).toBe(false);
    for (const user of [s.o.users.southRep, s.o.users.southManager]) {
      const client = await as(user);
      expect((await client.request({ method: 'GET', url })).statusCode).toBe(404);
      const list = await client.request({
        method: 'GET',
        url: `/api/v1/contracts/${contract.id}/attachments`,
      });
      expect(list.statusCode).toBe(404);
      const del = await client.request({ method: 'DELETE', url: url.replace('/content', '') });
      expect(del.statusCode).toBe(404);
    }
  });
});

describe('remove and restore', () => {
  it('removes a file from the list (kept, audited), refuses a second removal, and restores it', async () => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep);
    const rep = await as(s.o.users.eastRep);
    const { attachment } = (await upload(rep, contract.id, '报价单.xlsx', sampleFile('sample.xlsx'))).json();
    const listUrl = `/api/v1/contracts/${contract.id}/attachments`;

    const removed = await rep.request({ method: 'DELETE', url: `/api/v1/attachments/${attachment.id}` });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().attachment).toMatchObject({ removedByName: s.o.users.eastRep.name });
    expect(removed.json().attachment.removedAt).not.toBeNull();
    expect((await rep.request({ method: 'GET', url: listUrl })).json().items).toEqual([]);
    const withRemoved = await rep.request({ method: 'GET', url: `${listUrl}?includeRemoved=true` });
    expect(withRemoved.json().items).toHaveLength(1);
    expect((await rep.request({ method: 'GET', url: attachment.contentUrl })).statusCode).toBe(404);
    expect(await count(contract.id)).toEqual({ rows: 1, contents: 1 });
    const twice = await rep.request({ method: 'DELETE', url: `/api/v1/attachments/${attachment.id}` });
    expect(twice.statusCode).toBe(409);

    const restored = await rep.request({
      method: 'POST',
      url: `/api/v1/attachments/${attachment.id}/restore`,
    });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().attachment).toMatchObject({ removedAt: null, removedByName: null });
    const download = await rep.request({ method: 'GET', url: attachment.contentUrl });
    expect(download.rawPayload.equals(sampleFile('sample.xlsx'))).toBe(true);
    expect(
      (await rep.request({ method: 'POST', url: `/api/v1/attachments/${attachment.id}/restore` })).statusCode,
    ).toBe(409);

    const { rows } = await s.dbh.pool.query<{
      action: string;
      actor_id: string;
      changes: Record<string, { before: unknown; after: unknown }>;
    }>(
      `select action, actor_id, changes from audit_log where entity = 'attachment' and entity_id = $1 order by at, id`,
      [attachment.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['create', 'delete', 'update']);
    expect(rows.every((r) => r.actor_id === s.o.users.eastRep.id)).toBe(true);
    expect(rows[0]!.changes).toMatchObject({
      fileName: { before: null, after: '报价单.xlsx' },
      sha256: { after: sha(sampleFile('sample.xlsx')) },
      entityId: { after: contract.id },
    });
    expect(rows[1]!.changes.removedAt!.before).toBeNull();
    expect(rows[2]!.changes.removedAt!.after).toBeNull();
  });

  it('does not restore a file attached again since its removal (409 naming the new one)', async () => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep);
    const finance = await as(s.o.users.finance);
    const first = (await upload(finance, contract.id, 'v1.pdf', sampleFile('sample.pdf'))).json().attachment;
    await finance.request({ method: 'DELETE', url: `/api/v1/attachments/${first.id}` });
    expect((await upload(finance, contract.id, 'v2.pdf', sampleFile('sample.pdf'))).statusCode).toBe(201);
    const res = await finance.request({ method: 'POST', url: `/api/v1/attachments/${first.id}/restore` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('"v2.pdf"');
  });

  it('a rep cannot remove a file once the contract left draft; finance can', async () => {
    const contract = await makeContract(s.dbh.db, s.o.users.eastRep);
    const rep = await as(s.o.users.eastRep);
    const { attachment } = (await upload(rep, contract.id, 'a.pdf', sampleFile('sample.pdf'))).json();
    await s.dbh.pool.query(`update contracts set status = 'approved' where id = $1`, [contract.id]);
    const denied = await rep.request({ method: 'DELETE', url: `/api/v1/attachments/${attachment.id}` });
    expect(denied.statusCode).toBe(403);
    const director = await (await as(s.o.users.director)).request({
      method: 'DELETE',
      url: `/api/v1/attachments/${attachment.id}`,
    });
    expect(director.statusCode).toBe(403);
    const finance = await (await as(s.o.users.finance)).request({
      method: 'DELETE',
      url: `/api/v1/attachments/${attachment.id}`,
    });
    expect(finance.statusCode).toBe(200);
  });

  it('answers 404 for an attachment id that does not exist', async () => {
    const finance = await as(s.o.users.finance);
    const id = crypto.randomUUID();
    expect(
      (await finance.request({ method: 'GET', url: `/api/v1/attachments/${id}/content` })).statusCode,
    ).toBe(404);
    expect((await finance.request({ method: 'DELETE', url: `/api/v1/attachments/${id}` })).statusCode).toBe(
      404,
    );
    expect(
      (await finance.request({ method: 'POST', url: `/api/v1/attachments/${id}/restore` })).statusCode,
    ).toBe(404);
  });
});
