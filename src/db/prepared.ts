import crypto from 'node:crypto';

/** Beyond this many shapes per handle, statements run unprepared rather than pile up per connection. */
const MAX_SHAPES = 200;

const statements = new WeakMap<object, Map<string, unknown>>();

/**
 * A statement prepared once per handle and shape (the names bound, see db/bind.ts) as the named
 * statement `<name>_<hash of the shape>`: PostgreSQL parses and plans it once per connection, and
 * each request only sends its values. `build` makes the (unprepared) query; `prepare` names it.
 */
export function preparedByShape<T>(
  db: object,
  name: string,
  shape: string,
  prepare: (statementName: string) => T,
  unprepared: () => T,
): T {
  let shapes = statements.get(db);
  if (!shapes) {
    shapes = new Map();
    statements.set(db, shapes);
  }
  const key = `${name}|${shape}`;
  let statement = shapes.get(key) as T | undefined;
  if (!statement) {
    if (shapes.size >= MAX_SHAPES) {
      return unprepared();
    }
    const hash = crypto.createHash('sha256').update(shape).digest('hex').slice(0, 16);
    statement = prepare(`${name}_${hash}`);
    shapes.set(key, statement);
  }
  return statement;
}
