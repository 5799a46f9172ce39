import { expect } from 'chai';
import type { AnswerRecord, AnswerValue, Verdict } from '../../src/modules/assessments/answer.model';
import {
  GOOD_SCORE,
  POOR_SCORE,
  questionScore,
  residualTier,
  scoreAssessment,
} from '../../src/modules/assessments/scoring';
import { signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { textOf } from '../suppliers/support';
import { contentOf, question } from './flow-support';

type Scored = Pick<AnswerRecord, 'value' | 'evidence' | 'review' | 'carriedForward'>;

/** An answer as scoring sees it: a value, maybe evidence files, maybe a reviewer's verdict. */
function answer(value: AnswerValue | null, options: { files?: number; verdict?: Verdict } = {}): Scored {
  return {
    value,
    evidence: Array.from({ length: options.files ?? 0 }, (_, index) => ({
      fileId: `file${index}`,
      filename: `evidence-${index}.pdf`,
      length: 100,
      sha256: 'a'.repeat(64),
      kind: 'pdf',
      uploadedAt: new Date(),
    })),
    review: options.verdict ? { verdict: options.verdict, at: new Date() } : undefined,
  };
}

const answers = (entries: Record<string, Scored>) => new Map(Object.entries(entries));

const choice = question({
  key: 'review_cadence',
  type: 'single_choice',
  options: [
    { value: 'monthly', label: { en: 'Monthly', zh: '每月' }, score: 1 },
    { value: 'yearly', label: { en: 'Yearly', zh: '每年' }, score: 0.5 },
    { value: 'never', label: { en: 'Never', zh: '从不' }, score: 0 },
    { value: 'other', label: { en: 'Other', zh: '其他' } },
  ],
});
const tools = question({
  key: 'tools',
  type: 'multi_choice',
  options: [
    { value: 'siem', label: { en: 'SIEM', zh: 'SIEM' }, score: 1 },
    { value: 'ids', label: { en: 'IDS', zh: 'IDS' }, score: 0.5 },
    { value: 'none', label: { en: 'None', zh: '无' }, score: 0 },
  ],
});

describe('assessments: scoring of one question', () => {
  const yesNo = question({ key: 'mfa', weight: 3 });

  it('yes/no: yes → 1, partial → 0.5, no → 0, not applicable → left out (null)', () => {
    expect(questionScore(yesNo, answer('yes'))).to.equal(1);
    expect(questionScore(yesNo, answer('partial'))).to.equal(0.5);
    expect(questionScore(yesNo, answer('no'))).to.equal(0);
    expect(questionScore(yesNo, answer('na'))).to.equal(null);
  });

  it('unanswered (no answer, null, blank text, empty list) → 0', () => {
    expect(questionScore(yesNo, undefined)).to.equal(0);
    expect(questionScore(yesNo, answer(null))).to.equal(0);
    expect(questionScore(question({ key: 'contact', type: 'short_text' }), answer('   '))).to.equal(0);
    expect(questionScore(tools, answer([]))).to.equal(0);
  });

  it('weight 0 → left out, whatever the answer', () => {
    const unscored = question({ key: 'summary', weight: 0 });
    expect(questionScore(unscored, answer('yes'))).to.equal(null);
    expect(questionScore(unscored, undefined)).to.equal(null);
  });

  it("single choice → the chosen option's score; an option without a score counts 1", () => {
    expect(questionScore(choice, answer('monthly'))).to.equal(1);
    expect(questionScore(choice, answer('yearly'))).to.equal(0.5);
    expect(questionScore(choice, answer('never'))).to.equal(0);
    expect(questionScore(choice, answer('other'))).to.equal(1);
  });

  it('multiple choice → the best chosen option’s score', () => {
    expect(questionScore(tools, answer(['ids', 'none']))).to.equal(0.5);
    expect(questionScore(tools, answer(['siem', 'ids']))).to.equal(1);
    expect(questionScore(tools, answer(['none']))).to.equal(0);
  });

  it('text, number and date → 1 when answered (0 counts as an answer); a file question → 1 with a file, 0 without', () => {
    expect(questionScore(question({ key: 'contact', type: 'short_text' }), answer('Wang Fang'))).to.equal(1);
    expect(questionScore(question({ key: 'story', type: 'long_text' }), answer('Kept 12 months.'))).to.equal(
      1,
    );
    expect(questionScore(question({ key: 'staff', type: 'number' }), answer(0))).to.equal(1);
    expect(questionScore(question({ key: 'pentest', type: 'date' }), answer('2026-01-15'))).to.equal(1);
    const policy = question({ key: 'policy', type: 'file' });
    expect(questionScore(policy, answer(null, { files: 1 }))).to.equal(1);
    expect(questionScore(policy, answer(null))).to.equal(0);
  });

  it('a finding raised on the answer → 0, even for "yes" or a best option', () => {
    expect(questionScore(yesNo, answer('yes', { verdict: 'finding' }))).to.equal(0);
    expect(questionScore(choice, answer('monthly', { verdict: 'finding' }))).to.equal(0);
    expect(questionScore(yesNo, answer('yes', { verdict: 'accepted' }))).to.equal(1);
    expect(questionScore(yesNo, answer('partial', { verdict: 'clarification' }))).to.equal(0.5);
  });

  it('a finding raised on a "not applicable" answer → 0: the reviewer found that it does apply', () => {
    expect(questionScore(yesNo, answer('na', { verdict: 'finding' }))).to.equal(0);
    expect(questionScore(yesNo, answer('na', { verdict: 'accepted' }))).to.equal(null);
  });
});

describe('assessments: section and overall scores', () => {
  it('weights per question: 100 × Σ(weight × score) ÷ Σ(weight), rounded', () => {
    const content = contentOf({
      access: [
        question({ key: 'q_yes', weight: 3 }),
        question({ key: 'q_partial', weight: 2 }),
        question({ key: 'q_no', weight: 1 }),
      ],
    });
    const result = scoreAssessment(
      content,
      answers({ q_yes: answer('yes'), q_partial: answer('partial'), q_no: answer('no') }),
    );
    // (3 × 1 + 2 × 0.5 + 1 × 0) ÷ 6 = 66.7
    expect(result.sections).to.deep.equal([{ key: 'access', score: 67, weight: 6 }]);
    expect(result.overall).to.equal(67);
  });

  it('overall weighs every question, not the average of the sections', () => {
    const content = contentOf({
      small: [question({ key: 'a_1', weight: 1 })],
      large: [question({ key: 'b_1', weight: 3 })],
    });
    const result = scoreAssessment(content, answers({ a_1: answer('yes'), b_1: answer('no') }));
    expect(result.sections.map((section) => section.score)).to.deep.equal([100, 0]);
    expect(result.overall).to.equal(25);
  });

  it('not applicable is left out of both the section and the overall weight', () => {
    const content = contentOf({
      access: [question({ key: 'q_yes', weight: 2 }), question({ key: 'q_na', weight: 5 })],
      network: [question({ key: 'n_no', weight: 2 })],
    });
    const result = scoreAssessment(
      content,
      answers({ q_yes: answer('yes'), q_na: answer('na'), n_no: answer('no') }),
    );
    expect(result.sections).to.deep.equal([
      { key: 'access', score: 100, weight: 2 },
      { key: 'network', score: 0, weight: 2 },
    ]);
    expect(result.overall).to.equal(50);
  });

  it('all not applicable → no section score and no overall score (null), weight 0', () => {
    const content = contentOf({ access: [question({ key: 'q_1' }), question({ key: 'q_2', weight: 4 })] });
    const result = scoreAssessment(content, answers({ q_1: answer('na'), q_2: answer('na') }));
    expect(result).to.deep.equal({ sections: [{ key: 'access', score: null, weight: 0 }], overall: null });
  });

  it('zero weights → the section has no score and does not move the overall score', () => {
    const content = contentOf({
      access: [question({ key: 'q_1', weight: 2 })],
      notes: [question({ key: 'n_1', weight: 0 }), question({ key: 'n_2', type: 'long_text', weight: 0 })],
    });
    const result = scoreAssessment(content, answers({ q_1: answer('partial'), n_1: answer('no') }));
    expect(result.sections).to.deep.equal([
      { key: 'access', score: 50, weight: 2 },
      { key: 'notes', score: null, weight: 0 },
    ]);
    expect(result.overall).to.equal(50);
  });

  it('nothing answered → every scored question counts 0 (score 0, not null)', () => {
    const content = contentOf({ access: [question({ key: 'q_1', weight: 2 }), question({ key: 'q_2' })] });
    expect(scoreAssessment(content, new Map())).to.deep.equal({
      sections: [{ key: 'access', score: 0, weight: 3 }],
      overall: 0,
    });
  });

  it('a question hidden by its condition is left out; shown, it counts (also through a chain of conditions)', () => {
    const content = contentOf({
      access: [
        question({ key: 'q_mfa', weight: 1 }),
        question({ key: 'q_how', weight: 3, showIf: { question: 'q_mfa', anyOf: ['yes', 'partial'] } }),
        question({ key: 'q_detail', weight: 3, showIf: { question: 'q_how', anyOf: ['no'] } }),
      ],
    });
    // q_mfa "no" hides q_how, and so q_detail too, although its own condition is met.
    const hidden = scoreAssessment(
      content,
      answers({ q_mfa: answer('no'), q_how: answer('no'), q_detail: answer('no') }),
    );
    expect(hidden.sections[0]).to.deep.equal({ key: 'access', score: 0, weight: 1 });

    const shown = scoreAssessment(content, answers({ q_mfa: answer('yes'), q_how: answer('yes') }));
    expect(shown.sections[0]).to.deep.equal({ key: 'access', score: 100, weight: 4 });
  });

  it('halves round up (12.5 → 13)', () => {
    const content = contentOf({
      access: [question({ key: 'q_1', weight: 1 }), question({ key: 'q_2', weight: 3 })],
    });
    // (1 × 0.5 + 3 × 0) ÷ 4 = 12.5
    const result = scoreAssessment(content, answers({ q_1: answer('partial'), q_2: answer('no') }));
    expect(result.overall).to.equal(13);
  });
});

describe('assessments: residual risk tier', () => {
  const none = { critical: 0, high: 0 };

  it(`a score of ${GOOD_SCORE} or more lowers the inherent tier by one; ${GOOD_SCORE - 1} leaves it`, () => {
    expect(residualTier('high', GOOD_SCORE, none)).to.equal('medium');
    expect(residualTier('high', 100, none)).to.equal('medium');
    expect(residualTier('high', GOOD_SCORE - 1, none)).to.equal('high');
  });

  it(`a score below ${POOR_SCORE} raises it by one; ${POOR_SCORE} exactly leaves it`, () => {
    expect(residualTier('medium', POOR_SCORE - 1, none)).to.equal('high');
    expect(residualTier('medium', 0, none)).to.equal('high');
    expect(residualTier('medium', POOR_SCORE, none)).to.equal('medium');
  });

  it('never goes below low or above critical', () => {
    expect(residualTier('low', 100, none)).to.equal('low');
    expect(residualTier('critical', 0, none)).to.equal('critical');
  });

  it('no score (everything not applicable) → the inherent tier', () => {
    for (const tier of ['low', 'medium', 'high', 'critical'] as const) {
      expect(residualTier(tier, null, none), tier).to.equal(tier);
    }
  });

  it('an open high finding keeps a good score from lowering the tier, but does not stop a poor one raising it', () => {
    expect(residualTier('medium', 95, { critical: 0, high: 1 })).to.equal('medium');
    expect(residualTier('medium', 30, { critical: 0, high: 2 })).to.equal('high');
  });

  it('an open critical finding → at least high, and never below the inherent tier', () => {
    expect(residualTier('low', 95, { critical: 1, high: 0 })).to.equal('high');
    expect(residualTier('medium', 70, { critical: 1, high: 0 })).to.equal('high');
    expect(residualTier('critical', 95, { critical: 1, high: 0 })).to.equal('critical');
    expect(residualTier('high', 20, { critical: 1, high: 0 })).to.equal('critical');
  });
});

describe('assessments: the scoring page', () => {
  before(resetDatabase);

  it('GET /assessments/scoring → the rules with the thresholds the code uses, for any signed-in role', async () => {
    for (const role of ['vendor', 'auditor', 'procurement'] as const) {
      const who = await signedInAs(role);
      const response = await who.agent.get('/assessments/scoring');
      expect(response.status, role).to.equal(200);
      const text = textOf(response.text);
      expect(text).to.include('Yes counts 1, partly 0.5, no 0; not applicable is left out.');
      expect(text).to.include(`An overall score of ${GOOD_SCORE} or more lowers`);
      expect(text).to.include(`An overall score below ${POOR_SCORE} raises it by one.`);
      expect(text).to.include('With an open critical finding it is at least high');
    }
  });
});
