export {
  type Factor,
  type LeadExample,
  type LeadFeatures,
  type LeadOutcome,
  type LeadPrediction,
  type NaiveBayesModel,
  predictLead,
  trainNaiveBayes,
} from './naive-bayes.ts';
export {
  BANT_CRITERIA,
  type BantConfig,
  type BantCriterion,
  type BantLevel,
  type BantScore,
  DEFAULT_BANT_CONFIG,
  gradeScore,
  type LeadGrade,
  scoreBant,
  validateBantConfig,
} from './score-bant.ts';
