import type { IsoDate } from './calendar-date.ts';

/**
 * Mainland China public-holiday arrangements, transcribed from the State Council General Office
 * notices (国务院办公厅关于XXXX年部分节假日安排的通知). Each break lists the whole run of days off
 * (放假调休, weekends inside the run included) and the weekend days worked in exchange (调休上班).
 *
 * `statutoryDays` is how many of the days off are statutory holidays (法定节假日) under the
 * 全国年节及纪念日放假办法: 11 a year until 2024; from 2025 the revised rule (国务院令第795号 of 2024-11-10)
 * adds 除夕 (Spring Festival eve) and 5月2日, giving 13. The rest of each run is moved weekend rest.
 *
 * Add a year only after reading its notice (published each autumn for the next year); a year that
 * is missing here is reported as "weekends only" by the calendar, never guessed.
 */
export interface HolidayBreak {
  /** Chinese name as written in the notice. */
  name: string;
  nameEn: string;
  /** Statutory holidays (法定节假日) inside the run. */
  statutoryDays: number;
  /** First and last day off, inclusive. */
  off: readonly [IsoDate, IsoDate];
  /** Weekend days that are worked (调休上班). */
  workdays: readonly IsoDate[];
}

export interface HolidayNotice {
  /** The year the arrangement is for. */
  year: number;
  title: string;
  /** Document number, e.g. 国办发明电〔2023〕7号. */
  documentNumber: string;
  /** Date the notice was issued. */
  issued: IsoDate;
  breaks: readonly HolidayBreak[];
}

export const CN_HOLIDAY_NOTICES: readonly HolidayNotice[] = [
  {
    year: 2023,
    title: '国务院办公厅关于2023年部分节假日安排的通知',
    documentNumber: '国办发明电〔2022〕16号',
    issued: '2022-12-08',
    breaks: [
      {
        name: '元旦',
        nameEn: "New Year's Day",
        statutoryDays: 1,
        off: ['2022-12-31', '2023-01-02'],
        workdays: [],
      },
      {
        name: '春节',
        nameEn: 'Spring Festival',
        statutoryDays: 3,
        off: ['2023-01-21', '2023-01-27'],
        workdays: ['2023-01-28', '2023-01-29'],
      },
      {
        name: '清明节',
        nameEn: 'Qingming',
        statutoryDays: 1,
        off: ['2023-04-05', '2023-04-05'],
        workdays: [],
      },
      {
        name: '劳动节',
        nameEn: 'Labour Day',
        statutoryDays: 1,
        off: ['2023-04-29', '2023-05-03'],
        workdays: ['2023-04-23', '2023-05-06'],
      },
      {
        name: '端午节',
        nameEn: 'Dragon Boat Festival',
        statutoryDays: 1,
        off: ['2023-06-22', '2023-06-24'],
        workdays: ['2023-06-25'],
      },
      {
        name: '中秋节、国庆节',
        nameEn: 'Mid-Autumn Festival and National Day',
        statutoryDays: 4,
        off: ['2023-09-29', '2023-10-06'],
        workdays: ['2023-10-07', '2023-10-08'],
      },
    ],
  },
  {
    year: 2024,
    title: '国务院办公厅关于2024年部分节假日安排的通知',
    documentNumber: '国办发明电〔2023〕7号',
    issued: '2023-10-25',
    breaks: [
      {
        name: '元旦',
        nameEn: "New Year's Day",
        statutoryDays: 1,
        off: ['2024-01-01', '2024-01-01'],
        workdays: [],
      },
      {
        name: '春节',
        nameEn: 'Spring Festival',
        statutoryDays: 3,
        off: ['2024-02-10', '2024-02-17'],
        workdays: ['2024-02-04', '2024-02-18'],
      },
      {
        name: '清明节',
        nameEn: 'Qingming',
        statutoryDays: 1,
        off: ['2024-04-04', '2024-04-06'],
        workdays: ['2024-04-07'],
      },
      {
        name: '劳动节',
        nameEn: 'Labour Day',
        statutoryDays: 1,
        off: ['2024-05-01', '2024-05-05'],
        workdays: ['2024-04-28', '2024-05-11'],
      },
      {
        name: '端午节',
        nameEn: 'Dragon Boat Festival',
        statutoryDays: 1,
        off: ['2024-06-10', '2024-06-10'],
        workdays: [],
      },
      {
        name: '中秋节',
        nameEn: 'Mid-Autumn Festival',
        statutoryDays: 1,
        off: ['2024-09-15', '2024-09-17'],
        workdays: ['2024-09-14'],
      },
      {
        name: '国庆节',
        nameEn: 'National Day',
        statutoryDays: 3,
        off: ['2024-10-01', '2024-10-07'],
        workdays: ['2024-09-29', '2024-10-12'],
      },
    ],
  },
  {
    year: 2025,
    title: '国务院办公厅关于2025年部分节假日安排的通知',
    documentNumber: '国办发明电〔2024〕12号',
    issued: '2024-11-12',
    breaks: [
      {
        name: '元旦',
        nameEn: "New Year's Day",
        statutoryDays: 1,
        off: ['2025-01-01', '2025-01-01'],
        workdays: [],
      },
      {
        name: '春节',
        nameEn: 'Spring Festival',
        statutoryDays: 4,
        off: ['2025-01-28', '2025-02-04'],
        workdays: ['2025-01-26', '2025-02-08'],
      },
      {
        name: '清明节',
        nameEn: 'Qingming',
        statutoryDays: 1,
        off: ['2025-04-04', '2025-04-06'],
        workdays: [],
      },
      {
        name: '劳动节',
        nameEn: 'Labour Day',
        statutoryDays: 2,
        off: ['2025-05-01', '2025-05-05'],
        workdays: ['2025-04-27'],
      },
      {
        name: '端午节',
        nameEn: 'Dragon Boat Festival',
        statutoryDays: 1,
        off: ['2025-05-31', '2025-06-02'],
        workdays: [],
      },
      {
        name: '国庆节、中秋节',
        nameEn: 'National Day and Mid-Autumn Festival',
        statutoryDays: 4,
        off: ['2025-10-01', '2025-10-08'],
        workdays: ['2025-09-28', '2025-10-11'],
      },
    ],
  },
  {
    year: 2026,
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    documentNumber: '国办发明电〔2025〕7号',
    issued: '2025-11-04',
    breaks: [
      {
        name: '元旦',
        nameEn: "New Year's Day",
        statutoryDays: 1,
        off: ['2026-01-01', '2026-01-03'],
        workdays: ['2026-01-04'],
      },
      {
        name: '春节',
        nameEn: 'Spring Festival',
        statutoryDays: 4,
        off: ['2026-02-15', '2026-02-23'],
        workdays: ['2026-02-14', '2026-02-28'],
      },
      {
        name: '清明节',
        nameEn: 'Qingming',
        statutoryDays: 1,
        off: ['2026-04-04', '2026-04-06'],
        workdays: [],
      },
      {
        name: '劳动节',
        nameEn: 'Labour Day',
        statutoryDays: 2,
        off: ['2026-05-01', '2026-05-05'],
        workdays: ['2026-05-09'],
      },
      {
        name: '端午节',
        nameEn: 'Dragon Boat Festival',
        statutoryDays: 1,
        off: ['2026-06-19', '2026-06-21'],
        workdays: [],
      },
      {
        name: '中秋节',
        nameEn: 'Mid-Autumn Festival',
        statutoryDays: 1,
        off: ['2026-09-25', '2026-09-27'],
        workdays: [],
      },
      {
        name: '国庆节',
        nameEn: 'National Day',
        statutoryDays: 3,
        off: ['2026-10-01', '2026-10-07'],
        workdays: ['2026-09-20', '2026-10-10'],
      },
    ],
  },
];
