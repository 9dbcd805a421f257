import fs from 'node:fs';
import { createGunzip } from 'node:zlib';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { Conflict, Invalid } from '../../core/errors.ts';
import { runMigrations } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, readJournal, TABLES } from './backup-database.ts';

interface BackupHeader {
  format: string;
  formatVersion: number;
  createdAt: string;
  scope: 'org' | 'all';
  orgId: string | null;
  migrations: string[];
  tables: string[];
}

type BackupRecord =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; table: string; columns: string[]; rows: number }
  | { kind: 'row'; json: string };

/** The lines of a gzip'd file; a cut-off or damaged file fails here (gzip's length and CRC checks). */
async function* readLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const source = fs.createReadStream(file);
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip).setEncoding('utf8');
  // A line's pieces are joined once, at its end: a 40 MB line (an attachment's content) is never
  // re-scanned chunk after chunk.
  let pieces: string[] = [];
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
        pieces.push(chunk.slice(start, nl));
        yield pieces.join('');
        pieces = [];
        start = nl + 1;
      }
      if (start < chunk.length) {
        pieces.push(chunk.slice(start));
      }
    }
    if (pieces.length > 0) {
      yield pieces.join('');
    }
  } finally {
    // The reader may stop early (a refused header): close the file now rather than at GC.
    source.destroy();
  }
}

function parseLine(line: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Reported below with the position in the file.
  }
  throw new Invalid(`Not a SalesOps backup: ${what} is not a JSON object.`);
}

/**
 * The records of a backup, checked for shape as they go: the header first, then per table its
 * announced number of rows, then the trailer with matching counts and nothing after it. Row lines are
 * passed on as text, so PostgreSQL (not JavaScript numbers) reads their values.
 */
async function* readBackup(file: string): AsyncGenerator<BackupRecord> {
  const counts: Record<string, number> = {};
  let lineNo = 0;
  let header: BackupHeader | undefined;
  let pending = 0;
  let ended = false;
  for await (const line of readLines(file)) {
    lineNo++;
    if (ended) {
      throw new Invalid(`Backup file has data after its end marker (line ${lineNo}).`);
    }
    if (pending > 0) {
      pending--;
      yield { kind: 'row', json: line };
      continue;
    }
    const value = parseLine(line, `line ${lineNo}`);
    if (!header) {
      if (value.format !== BACKUP_FORMAT) {
        throw new Invalid('Not a SalesOps backup (the first line does not name the format).');
      }
      if (value.formatVersion !== BACKUP_FORMAT_VERSION) {
        throw new Invalid(
          `Backup format version ${String(value.formatVersion)} is not supported by this SalesOps (it reads version ${BACKUP_FORMAT_VERSION}).`,
        );
      }
      if (!Array.isArray(value.migrations) || !Array.isArray(value.tables)) {
        throw new Invalid('Backup header is damaged (no list of migrations or tables).');
      }
      header = value as unknown as BackupHeader;
      yield { kind: 'header', header };
    } else if (value.end === BACKUP_FORMAT) {
      if (JSON.stringify(value.rows) !== JSON.stringify(counts)) {
        throw new Invalid('Backup file is inconsistent: its end marker disagrees with the rows it holds.');
      }
      ended = true;
    } else if (
      typeof value.table === 'string' &&
      Array.isArray(value.columns) &&
      Number.isInteger(value.rows)
    ) {
      if (value.table !== header.tables[Object.keys(counts).length]) {
        throw new Invalid(
          `Backup file is inconsistent: table ${value.table} at line ${lineNo} is not the one its header announces.`,
        );
      }
      pending = value.rows as number;
      counts[value.table] = pending;
      yield { kind: 'table', table: value.table, columns: value.columns as string[], rows: pending };
    } else {
      throw new Invalid(`Backup file is damaged at line ${lineNo}.`);
    }
  }
  if (!ended || Object.keys(counts).length !== header?.tables.length) {
    throw new Invalid('Backup file is incomplete (no end marker): it was cut off or damaged.');
  }
}

/** Refuses a header this build cannot restore: unknown migrations (a newer build) or unknown tables. */
function checkHeader(header: BackupHeader): void {
  const known = new Set(readJournal().map((m) => m.tag));
  const unknown = header.migrations.filter((tag) => !known.has(tag));
  if (unknown.length > 0) {
    throw new Invalid(
      `This backup was made by a newer SalesOps (migrations ${unknown.join(', ')} are unknown here). Upgrade SalesOps, then restore.`,
    );
  }
  const listed = new Set(TABLES.map((t) => t.name));
  const strange = header.tables.filter((t) => !listed.has(t));
  if (strange.length > 0) {
    throw new Invalid(`Backup holds tables this SalesOps does not know: ${strange.join(', ')}.`);
  }
}

/** SalesOps tables of the target that already hold rows (tables not created yet count as empty). */
async function tablesWithRows(client: pg.ClientBase): Promise<string[]> {
  const found: string[] = [];
  for (const { name } of TABLES) {
    const { rows } = await client.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [
      `public.${pg.escapeIdentifier(name)}`,
    ]);
    if (rows[0]?.exists) {
      const data = await client.query(`select 1 from ${pg.escapeIdentifier(name)} limit 1`);
      if (data.rows.length > 0) {
        found.push(name);
      }
    }
  }
  return found;
}

function refuseNonEmpty(tables: string[]): void {
  if (tables.length > 0) {
    throw new Conflict(
      `The target database already holds SalesOps data (${tables.join(', ')}); restore only into an empty database.`,
    );
  }
}

/** Moves every serial/identity sequence of a restored table past the largest restored value. */
async function resetSequences(client: pg.ClientBase, table: string): Promise<void> {
  const { rows } = await client.query<{ column: string; seq: string }>(
    `select a.attname as column, pg_get_serial_sequence($1, a.attname) as seq from pg_attribute a
      where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
        and pg_get_serial_sequence($1, a.attname) is not null`,
    [`public.${pg.escapeIdentifier(table)}`],
  );
  for (const { column, seq } of rows) {
    await client.query(
      `select setval($1, coalesce((select max(${pg.escapeIdentifier(column)}) from ${pg.escapeIdentifier(table)}), 0) + 1, false)`,
      [seq],
    );
  }
}

export interface RestoreResult {
  scope: 'org' | 'all';
  orgId: string | null;
  createdAt: string;
  /** Rows inserted per table, in file order. */
  rows: Record<string, number>;
}

const INSERT_ROWS = 1_000;

/**
 * Restores a `backupDatabase` file into an empty database, all or nothing. The file is read twice:
 * once to check it end to end before anything is touched, then to insert in one transaction. A
 * database without tables is migrated first (this build's migrations); one with any SalesOps rows is
 * refused, whatever the backup's scope.
 */
export async function restoreDatabase({
  pool,
  file,
}: {
  pool: pg.Pool;
  file: string;
}): Promise<RestoreResult> {
  let header: BackupHeader | undefined;
  for await (const record of readBackup(file)) {
    if (record.kind === 'header') {
      header = record.header;
      checkHeader(header);
    }
  }
  const client = await pool.connect();
  try {
    refuseNonEmpty(await tablesWithRows(client));
    await runMigrations(drizzle(pool, { schema }));

    await client.query('begin');
    // Nothing else may write while the restore runs; and check again now that the tables are ours.
    await client.query(
      `lock table ${TABLES.map((t) => pg.escapeIdentifier(t.name)).join(', ')} in exclusive mode`,
    );
    refuseNonEmpty(await tablesWithRows(client));
    const rows: Record<string, number> = {};
    let table: { name: string; insert: string; batchRows: number } | undefined;
    let batch: string[] = [];
    const flush = async () => {
      if (table && batch.length > 0) {
        await client.query(table.insert, [`[${batch.join(',')}]`]);
        rows[table.name] = (rows[table.name] ?? 0) + batch.length;
      }
      batch = [];
    };
    for await (const record of readBackup(file)) {
      if (record.kind === 'table') {
        await flush();
        table = {
          name: record.table,
          insert: await insertStatement(client, record.table, record.columns),
          batchRows: TABLES.find((t) => t.name === record.table)?.batchRows ?? INSERT_ROWS,
        };
        rows[record.table] = 0;
      } else if (record.kind === 'row') {
        batch.push(record.json);
        if (batch.length >= (table?.batchRows ?? INSERT_ROWS)) {
          await flush();
        }
      }
    }
    await flush();
    for (const name of Object.keys(rows)) {
      await resetSequences(client, name);
    }
    await client.query('commit');
    return { scope: header!.scope, orgId: header!.orgId, createdAt: header!.createdAt, rows };
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/**
 * `insert … select … from json_populate_recordset` naming the backup's columns, so a column added by
 * a later migration takes its default; a backup column the table no longer has is refused.
 */
async function insertStatement(client: pg.ClientBase, table: string, columns: string[]): Promise<string> {
  const { rows } = await client.query<{ name: string }>(
    'select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped',
    [`public.${pg.escapeIdentifier(table)}`],
  );
  const existing = new Set(rows.map((r) => r.name));
  const missing = columns.filter((c) => !existing.has(c));
  if (missing.length > 0) {
    throw new Invalid(`Backup columns ${missing.join(', ')} of ${table} do not exist in this SalesOps.`);
  }
  const list = columns.map((c) => pg.escapeIdentifier(c)).join(', ');
  const t = pg.escapeIdentifier(table);
  return `insert into ${t} (${list}) select ${list} from json_populate_recordset(null::${t}, $1::json)`;
}
