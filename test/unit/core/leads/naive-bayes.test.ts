import { describe, expect, it } from 'vitest';
import { type LeadExample, predictLead, trainNaiveBayes } from '../../../../src/core/leads/index.ts';

const history: LeadExample[] = [
  { outcome: 'won', features: { source: 'referral', industry: 'retail' } },
  { outcome: 'won', features: { source: 'referral', industry: 'mfg' } },
  { outcome: 'won', features: { source: 'web', industry: 'retail' } },
  { outcome: 'lost', features: { source: 'web', industry: 'mfg' } },
  { outcome: 'lost', features: { source: 'web', industry: 'retail' } },
  { outcome: 'lost', features: { source: 'web', industry: 'mfg' } },
  { outcome: 'lost', features: { source: 'referral', industry: 'mfg' } },
];
const model = trainNaiveBayes({ examples: history, features: ['source', 'industry'] });

describe('naive Bayes lead model', () => {
  it('counts outcomes and feature values', () => {
    expect([model.won, model.lost]).toEqual([3, 4]);
    expect(model.counts.source).toEqual({ referral: [2, 1], web: [1, 3] });
  });

  it('gives a referral retail lead the hand-computed probability', () => {
    // Prior odds (3+1)/(4+1) = 0.8. P(referral|won) = 3/5, P(referral|lost) = 2/6 → ratio 1.8; retail the same.
    // Odds 0.8 × 1.8 × 1.8 = 2.592 → p = 2.592 / 3.592.
    const p = predictLead(model, { source: 'referral', industry: 'retail' });
    expect(p.priorLogOdds).toBeCloseTo(Math.log(0.8), 12);
    expect(p.probability).toBeCloseTo(2.592 / 3.592, 12);
    expect(p.factors.map((f) => [f.feature, f.value])).toEqual([
      ['industry', 'retail'],
      ['source', 'referral'],
    ]);
    expect(p.factors[0]!.contribution).toBeCloseTo(Math.log(1.8), 12);
  });

  it('gives a web manufacturing lead a low probability', () => {
    // web: (1+1)/5 ÷ (3+1)/6 = 0.6; mfg: 0.6 → odds 0.8 × 0.36 = 0.288.
    const p = predictLead(model, { source: 'web', industry: 'mfg' });
    expect(p.probability).toBeCloseTo(0.288 / 1.288, 12);
    expect(p.factors.every((f) => f.contribution < 0)).toBe(true);
  });

  it('sorts factors by the size of their effect', () => {
    const p = predictLead(model, { source: 'referral', industry: 'mfg' });
    expect(p.factors.map((f) => f.feature)).toEqual(['source', 'industry']);
    expect(p.factors[1]!.contribution).toBeCloseTo(Math.log(0.6), 12);
  });

  it('ignores missing and unseen values, falling back to the prior', () => {
    const p = predictLead(model, { source: 'trade-fair' });
    expect(p.ignored).toEqual(['source', 'industry']);
    expect(p.probability).toBeCloseTo(4 / 9, 12);
  });

  it('smooths with the configured alpha and refuses to train on nothing', () => {
    const smooth = trainNaiveBayes({ examples: history, features: ['source'], alpha: 2 });
    // P(referral|won) = (2+2)/(3+4), P(referral|lost) = (1+2)/(4+4); prior odds (3+2)/(4+2).
    const odds = (5 / 6) * (4 / 7 / (3 / 8));
    expect(predictLead(smooth, { source: 'referral' }).probability).toBeCloseTo(odds / (1 + odds), 12);
    expect(() => trainNaiveBayes({ examples: [], features: ['source'] })).toThrow(/at least one/);
  });
});
