import { describe, expect, it } from 'vitest';
import { detectEscalations, type WeeklyStatus } from '../../../../src/core/progress/index.ts';

const entity = { type: 'rep', id: 'u-7', name: 'Li Wei' };

function weeks(colours: string): WeeklyStatus[] {
  return [...colours].map((c, i) => {
    const colour = c === 'R' ? 'red' : c === 'Y' ? 'yellow' : 'green';
    return { week: `2025-W${10 + i}`, colour, gapToLowerBound: colour === 'red' ? 100 * (i + 1) : 0 };
  });
}

describe('detectEscalations', () => {
  it('raises one event after two consecutive red weeks', () => {
    const events = detectEscalations({ entity, weeks: weeks('GRR') });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entity,
      consecutiveWeeks: 2,
      weeks: ['2025-W11', '2025-W12'],
      triggeredWeek: '2025-W12',
      latestGap: 300,
    });
    expect(events[0]!.reason).toContain('Li Wei');
  });

  it('does not escalate when a green week sits between two red weeks', () => {
    expect(detectEscalations({ entity, weeks: weeks('RGR') })).toEqual([]);
  });

  it('treats a yellow week as inside the band, so it resets the count too', () => {
    expect(detectEscalations({ entity, weeks: weeks('RYRY') })).toEqual([]);
  });

  it('raises one event per red run, however long, and a new one after a reset', () => {
    const events = detectEscalations({ entity, weeks: weeks('RRRGRR') });
    expect(events.map((e) => e.weeks)).toEqual([
      ['2025-W10', '2025-W11', '2025-W12'],
      ['2025-W14', '2025-W15'],
    ]);
    expect(events[0]!.triggeredWeek).toBe('2025-W11');
    expect(events[0]!.latestGap).toBe(300);
  });

  it('honours a configured N', () => {
    expect(detectEscalations({ entity, weeks: weeks('RRGRR'), consecutiveWeeks: 3 })).toEqual([]);
    expect(detectEscalations({ entity, weeks: weeks('RRR'), consecutiveWeeks: 3 })).toHaveLength(1);
    expect(() => detectEscalations({ entity, weeks: [], consecutiveWeeks: 0 })).toThrow(/consecutiveWeeks/);
  });
});
