import { fromDayNumber, toDayNumber } from '../calendar/calendar-date.ts';

/**
 * Due date of an "on delivery" / "on acceptance" installment: the order's actual delivery (or
 * acceptance) date plus the credit days (contract's, else the customer's, else the org default).
 */
export function conditionalDueDate(actualDate: string, creditDays: number): string {
  return fromDayNumber(toDayNumber(actualDate) + creditDays);
}

/** Credit days that apply: the contract's own, else the customer's credit terms, else the org default. */
export function creditDaysOf(contractDays: number | null, customerDays: number | null, orgDefault: number) {
  return contractDays ?? customerDays ?? orgDefault;
}
