import type { ExitCriterion } from './default-stages.ts';

export interface StageRef {
  id: string;
  key: string;
  nameEn: string;
  nameZh: string;
  position: number;
  exitCriteria: readonly string[];
}

export interface DealFacts {
  /** BANT answers of the deal's source lead, or null when the deal has no lead. */
  bant: { budget: string; authority: string; need: string; timeline: string } | null;
  /** Whether a `quote` activity is linked to the deal. */
  hasQuoteActivity: boolean;
}

export interface ExitProblem {
  rule: string;
  stage: StageRef;
  message: string;
}

/** Whether one exit rule holds for the deal. Unknown rules fail closed: a typo must not open a gate. */
export function meetsCriterion(rule: string, facts: DealFacts): boolean {
  switch (rule as ExitCriterion) {
    case 'bant_complete':
      return (
        facts.bant !== null &&
        facts.bant.budget === 'full' &&
        facts.bant.authority === 'full' &&
        facts.bant.need === 'full' &&
        facts.bant.timeline === 'full'
      );
    case 'quote_activity':
      return facts.hasQuoteActivity;
    default:
      return false;
  }
}

/**
 * The exit rules of one stage that the deal does not meet yet: what it still needs before it may
 * leave the stage (the board and the deal page show them; checkStageMove enforces them).
 */
export function unmetExitCriteria(exitCriteria: readonly string[], facts: DealFacts): string[] {
  return exitCriteria.filter((rule) => !meetsCriterion(rule, facts));
}

const describe: Record<string, string> = {
  bant_complete: 'BANT (budget, authority, need, timeline) must all be "full" on the deal\'s source lead',
  quote_activity: 'a quote activity must be logged on the deal',
};

/**
 * The exit rules a move breaks. Moving forward leaves every stage from the current one up to (not
 * including) the target, so each of their rules must hold; moving backward or staying checks nothing.
 */
export function checkStageMove(
  stages: readonly StageRef[],
  fromStageId: string,
  toStageId: string,
  facts: DealFacts,
): ExitProblem[] {
  const from = stages.find((s) => s.id === fromStageId);
  const to = stages.find((s) => s.id === toStageId);
  if (!from || !to || to.position <= from.position) {
    return [];
  }
  const problems: ExitProblem[] = [];
  for (const stage of stages) {
    if (stage.position < from.position || stage.position >= to.position) {
      continue;
    }
    for (const rule of unmetExitCriteria(stage.exitCriteria, facts)) {
      problems.push({
        rule,
        stage,
        message: `Cannot leave ${stage.nameEn} (${stage.nameZh}): ${describe[rule] ?? `rule ${rule} is not met`} [${rule}].`,
      });
    }
  }
  return problems;
}
