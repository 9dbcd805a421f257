export * from './allocate-oldest-first.ts';
export * from './manual-allocation.ts';
export * from './payment-plan.ts';
