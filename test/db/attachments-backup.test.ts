import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/client.ts';
import { uploadAttachment } from '../../src/services/attachments/upload-attachment.ts';
import { backupDatabase } from '../../src/services/backup/backup-database.ts';
import { restoreDatabase } from '../../src/services/backup/restore-database.ts';
import { createEmptyDatabase, createTestDatabase } from '../support/db.ts';
import { makeRegionalOrg } from '../support/factories.ts';
import { makeContract, sampleFile } from '../support/factories-attachments.ts';
import { ctxFor } from '../support/factories-deals.ts';

let source: Awaited<ReturnType<typeof createTestDatabase>>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-attachments-backup-'));
afterAll(async () => {
  await source?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeAll(async () => {
  source = await createTestDatabase();
});

describe('backup and restore carry attachments', () => {
  it('restores every attachment byte-exact (bytea through row_to_json and back)', async () => {
    const o = await makeRegionalOrg(source.db);
    const contract = await makeContract(source.db, o.users.eastRep);
    const ctx = ctxFor(source.db, o.users.finance);
    // Every byte value, a NUL-heavy file, and a 3 MB one that spans many gzip chunks in one line.
    const everyByte = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    ]);
    const zeros = Buffer.concat([sampleFile('sample.png'), Buffer.alloc(4096)]);
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(3 * 1024 * 1024)]);
    const files: [string, Buffer][] = [
      ['每个字节.pdf', everyByte],
      ['zeros.png', zeros],
      ['big.pdf', big],
      ['合同.docx', sampleFile('sample.docx')],
      ['old.xls', sampleFile('sample.xls')],
    ];
    const ids: string[] = [];
    for (const [fileName, content] of files) {
      ids.push(
        (await uploadAttachment(ctx, { entityType: 'contract', entityId: contract.id, fileName, content }))
          .id,
      );
    }
    const file = path.join(dir, 'org.ndjson.gz');
    await backupDatabase({ pool: source.pool, out: file, orgId: o.org.id, now: new Date() });

    const empty = await createEmptyDatabase();
    const target = connect(empty.url, { max: 2 });
    try {
      const result = await restoreDatabase({ pool: target.pool, file });
      expect(result.rows).toMatchObject({ attachments: files.length, attachment_contents: files.length });
      const { rows } = await target.pool.query<{
        id: string;
        content: Buffer;
        sha256: string;
        file_name: string;
      }>(
        `select a.id, a.sha256, a.file_name, c.content from attachments a
           join attachment_contents c on c.org_id = a.org_id and c.attachment_id = a.id order by a.id`,
      );
      expect(rows.map((r) => r.id)).toEqual([...ids].sort());
      for (const [i, id] of ids.entries()) {
        const row = rows.find((r) => r.id === id)!;
        const [fileName, content] = files[i]!;
        expect(row.file_name).toBe(fileName);
        expect(row.content.equals(content)).toBe(true);
        expect(crypto.createHash('sha256').update(row.content).digest('hex')).toBe(row.sha256);
      }
    } finally {
      await target.close();
      await empty.drop();
    }
  }, 120_000);
});
