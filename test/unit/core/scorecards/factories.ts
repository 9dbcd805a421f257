import type { IndicatorDefinition, Scorecard } from '../../../../src/core/scorecards/index.ts';

/** A valid scorecard: results 65, process 25, capability 10. */
export function buildScorecard(overrides: Partial<Scorecard> = {}): Scorecard {
  const indicators: IndicatorDefinition[] = [
    {
      id: 'revenue',
      name: 'Revenue',
      category: 'results',
      weight: 40,
      rule: { kind: 'linear', capPoints: 120 },
    },
    {
      id: 'collection',
      name: 'Collection',
      category: 'results',
      weight: 15,
      rule: {
        kind: 'step',
        steps: [
          { minAttainmentBp: 10_000, points: 100 },
          { minAttainmentBp: 8_000, points: 70 },
        ],
      },
    },
    {
      id: 'dso',
      name: 'DSO',
      category: 'results',
      weight: 10,
      rule: { kind: 'lowerIsBetter', capPoints: 100 },
    },
    {
      id: 'visits',
      name: 'Visits',
      category: 'process',
      weight: 15,
      rule: { kind: 'linear', capPoints: 100 },
    },
    {
      id: 'quotes',
      name: 'Quotes',
      category: 'process',
      weight: 10,
      rule: { kind: 'linear', capPoints: 100 },
    },
    {
      id: 'skills',
      name: 'Skills',
      category: 'capability',
      weight: 10,
      rule: { kind: 'linear', capPoints: 100 },
    },
  ];
  return { id: 'sc-2025', indicators, ...overrides };
}
