import type { TemplateContent, TemplateQuestion } from '../questionnaires';
import { RISK_TIERS, type RiskTier } from '../suppliers';
import type { AnswerRecord } from './answer.model';
import type { SectionScore } from './assessment.model';
import { isAnswered, visibleQuestions } from './visibility';

/*
 * Scoring, as shown to users on every completed assessment:
 *
 *   question score (0 to 1)
 *     yes 1 · partial 0.5 · no 0 · not applicable: left out
 *     single choice: the option's score; multiple choice: the best chosen option's score
 *     other kinds (text, number, date, file): 1 when answered
 *     unanswered: 0 · a question the reviewer raised a finding on (even "not applicable"): 0
 *     weight 0 or hidden by its condition: left out
 *   section and overall score = 100 × Σ(weight × question score) ÷ Σ(weight), rounded
 *
 *   residual tier, from the inherent tier
 *     overall ≥ 85: one tier lower · overall < 50: one tier higher
 *     an open high finding: never below the inherent tier
 *     an open critical finding: at least "high", never below the inherent tier
 */
export const GOOD_SCORE = 85;
export const POOR_SCORE = 50;

type ScoredAnswer = Pick<AnswerRecord, 'value' | 'evidence' | 'review' | 'carriedForward'>;

/** A question's score from 0 to 1, or null when it does not count. */
export function questionScore(question: TemplateQuestion, answer: ScoredAnswer | undefined): number | null {
  if (question.weight === 0) return null;
  // Before "not applicable": a finding on such an answer means the reviewer found that it applies.
  if (answer?.review?.verdict === 'finding') return 0;
  if (answer?.value === 'na' && question.type === 'yes_no') return null;
  if (!isAnswered(question, answer)) return 0;
  const value = answer?.value;
  switch (question.type) {
    case 'yes_no':
      return value === 'yes' ? 1 : value === 'partial' ? 0.5 : 0;
    case 'single_choice':
      return question.options?.find((option) => option.value === value)?.score ?? 1;
    case 'multi_choice': {
      const chosen = Array.isArray(value) ? value : [String(value)];
      const scores = (question.options ?? [])
        .filter((option) => chosen.includes(option.value))
        .map((option) => option.score ?? 1);
      return scores.length > 0 ? Math.max(...scores) : 0;
    }
    default:
      return 1;
  }
}

function percent(points: number, weight: number): number | null {
  return weight === 0 ? null : Math.round((100 * points) / weight);
}

/** Scores per section and overall for a set of answers. */
export function scoreAssessment(
  content: TemplateContent,
  answers: ReadonlyMap<string, ScoredAnswer>,
): { sections: SectionScore[]; overall: number | null } {
  const visible = visibleQuestions(content, answers);
  let totalPoints = 0;
  let totalWeight = 0;
  const sections = content.sections.map((section) => {
    let points = 0;
    let weight = 0;
    for (const question of section.questions) {
      if (!visible.has(question.key)) continue;
      const score = questionScore(question, answers.get(question.key));
      if (score === null) continue;
      points += score * question.weight;
      weight += question.weight;
    }
    totalPoints += points;
    totalWeight += weight;
    return { key: section.key, score: percent(points, weight), weight };
  });
  return { sections, overall: percent(totalPoints, totalWeight) };
}

export interface OpenFindings {
  critical: number;
  high: number;
}

/** The residual tier: the inherent tier moved by the score and held up by open findings. */
export function residualTier(inherent: RiskTier, overall: number | null, open: OpenFindings): RiskTier {
  const inherentRank = RISK_TIERS.indexOf(inherent);
  let rank = inherentRank;
  if (overall !== null && overall >= GOOD_SCORE) rank -= 1;
  if (overall !== null && overall < POOR_SCORE) rank += 1;
  if (open.high > 0 || open.critical > 0) rank = Math.max(rank, inherentRank);
  if (open.critical > 0) rank = Math.max(rank, RISK_TIERS.indexOf('high'));
  return RISK_TIERS[Math.min(Math.max(rank, 0), RISK_TIERS.length - 1)] ?? inherent;
}
