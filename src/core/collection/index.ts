export * from './allocate-oldest-first.ts';
export * from './validate-collection-settings.ts';
