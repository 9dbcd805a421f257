export * from './allocate-oldest-first.ts';
