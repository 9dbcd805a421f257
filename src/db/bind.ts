import { type Placeholder, sql } from 'drizzle-orm';

/**
 * How a statement takes a request's values. `inline` puts each value in as a parameter of a one-off
 * statement; a `Binding` puts in a named placeholder instead and keeps the value, so that the statement
 * can be prepared once per shape and run with each request's values (see `paginateJson`).
 *
 * The rule for builders that take a Bind: every branch that changes the statement's text binds a value
 * under a name no other branch uses. The set of names bound is then the statement's shape (with the
 * sort, which `paginateJson` adds); test/unit/db/bind-shapes.test.ts holds the deals list to it.
 */
export type Bind = <T>(name: string, value: T) => T | Placeholder;

export const inline: Bind = (_name, value) => value;

/** Binds values as named placeholders and records them: the values to execute with, and the shape. */
export class Binding {
  readonly values: Record<string, unknown> = {};

  readonly bind: Bind = <T>(name: string, value: T): T | Placeholder => {
    if (Object.hasOwn(this.values, name) && this.values[name] !== value) {
      throw new Error(`bind: ${name} is bound to two different values`);
    }
    this.values[name] = value;
    return sql.placeholder(name);
  };

  /** The names bound so far, sorted: with the same names, a builder writes the same text. */
  shape(): string {
    return Object.keys(this.values).sort().join(',');
  }
}
