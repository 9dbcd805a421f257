export * from './calendar-date.ts';
export * from './cn-holidays.ts';
export * from './periods.ts';
export * from './week-to-month.ts';
export * from './working-calendar.ts';
