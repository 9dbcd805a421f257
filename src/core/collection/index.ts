export * from './aging.ts';
export * from './allocate-oldest-first.ts';
export * from './ladder.ts';
export * from './manual-allocation.ts';
export * from './payment-plan.ts';
export * from './validate-collection-settings.ts';
