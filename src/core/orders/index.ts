export * from './conditional-due-date.ts';
export * from './order-line-amount.ts';
export * from './order-status.ts';
