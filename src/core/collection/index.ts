export * from './aging.ts';
export * from './allocate-oldest-first.ts';
export * from './ladder.ts';
