/** pipeline | best_case | commit | closed | omitted */
export const FORECAST_CATEGORIES = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const;
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

/** Rules a deal must meet before it may move past a stage (see check-exit-criteria.ts). */
export const EXIT_CRITERIA = ['bant_complete', 'quote_activity'] as const;
export type ExitCriterion = (typeof EXIT_CRITERIA)[number];

export interface DefaultStage {
  key: string;
  nameZh: string;
  nameEn: string;
  probabilityBp: number;
  forecastCategory: ForecastCategory;
  slaDays: number;
  exitCriteria: readonly ExitCriterion[];
}

/**
 * The course's 7 steps (reference 000_cd0e0191b2785090 "销售流程全览"). The course gives no stage
 * probabilities, so these are the customary funnel defaults, rising with each step; orgs tune them.
 * BANT must be complete to leave 线索筛选 (the course: a lead becomes an opportunity when it meets
 * BANT), and a quote must be on record to leave 方案提供, i.e. before 谈判协商.
 */
export const DEFAULT_STAGES: readonly DefaultStage[] = [
  {
    key: 'lead_capture',
    nameZh: '线索获取',
    nameEn: 'Lead capture',
    probabilityBp: 500,
    forecastCategory: 'pipeline',
    slaDays: 7,
    exitCriteria: [],
  },
  {
    key: 'lead_screening',
    nameZh: '线索筛选',
    nameEn: 'Lead screening',
    probabilityBp: 1000,
    forecastCategory: 'pipeline',
    slaDays: 14,
    exitCriteria: ['bant_complete'],
  },
  {
    key: 'customer_contact',
    nameZh: '客户接触',
    nameEn: 'Customer contact',
    probabilityBp: 2000,
    forecastCategory: 'pipeline',
    slaDays: 21,
    exitCriteria: [],
  },
  {
    key: 'proposal',
    nameZh: '方案提供',
    nameEn: 'Proposal',
    probabilityBp: 4000,
    forecastCategory: 'pipeline',
    slaDays: 21,
    exitCriteria: ['quote_activity'],
  },
  {
    key: 'negotiation',
    nameZh: '谈判协商',
    nameEn: 'Negotiation',
    probabilityBp: 6000,
    forecastCategory: 'best_case',
    slaDays: 21,
    exitCriteria: [],
  },
  {
    key: 'contract',
    nameZh: '成交签约',
    nameEn: 'Contract',
    probabilityBp: 8000,
    forecastCategory: 'commit',
    slaDays: 14,
    exitCriteria: [],
  },
  {
    key: 'payment_delivery',
    nameZh: '回款交付',
    nameEn: 'Payment & delivery',
    probabilityBp: 10000,
    forecastCategory: 'closed',
    slaDays: 30,
    exitCriteria: [],
  },
];
