export * from './default-stages.ts';
export * from './exit-criteria.ts';
export * from './money.ts';
export * from './stale.ts';
