export {
  classifyStatus,
  DEFAULT_STATUS_THRESHOLDS,
  type StatusColour,
  type StatusExplanation,
  type StatusInput,
  type StatusThresholds,
} from './classify-status.ts';
export {
  type DetectEscalationsInput,
  detectEscalations,
  type EscalationEvent,
  type TrackedEntity,
  type WeeklyStatus,
} from './detect-escalations.ts';
export {
  assertWorkingDays,
  measureProgress,
  type Progress,
  type ProgressInput,
  roundProjection,
} from './measure-progress.ts';
