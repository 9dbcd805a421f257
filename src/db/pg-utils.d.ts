// node-postgres exports its lib/ files ("./lib/*" in its package.json) but @types/pg does not type
// lib/utils. This is the one function SalesOps uses from it.
declare module 'pg/lib/utils.js' {
  /** A parameter value as node-postgres sends it: arrays become PostgreSQL array literals. */
  export function prepareValue(value: unknown): string | Buffer | null;
}
