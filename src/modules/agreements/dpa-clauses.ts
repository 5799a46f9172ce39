/**
 * The DPA clause checklist: PIPL Art. 21 merged with GDPR Art. 28(3) (see DESIGN.md). Titles
 * and explanations are in the translation files under dpaClauses.<id>.
 */
export const DPA_CLAUSES = [
  { id: 'DPA-PURPOSE', pipl: '21', gdpr: '28(3)' },
  { id: 'DPA-DURATION', pipl: '21', gdpr: '28(3)' },
  { id: 'DPA-DATA-TYPES', pipl: '21, 28', gdpr: '28(3)' },
  { id: 'DPA-INSTRUCTIONS', pipl: '21', gdpr: '28(3)(a)' },
  { id: 'DPA-CONFIDENTIALITY', pipl: '51', gdpr: '28(3)(b)' },
  { id: 'DPA-SECURITY', pipl: '21, 51, 59', gdpr: '28(3)(c), 32' },
  { id: 'DPA-SUBPROCESSOR', pipl: '21', gdpr: '28(2), 28(3)(d), 28(4)' },
  { id: 'DPA-DSR-ASSIST', pipl: '44–50, 59', gdpr: '28(3)(e)' },
  { id: 'DPA-BREACH-NOTICE', pipl: '57, 59', gdpr: '28(3)(f), 33(2)' },
  { id: 'DPA-PIA-ASSIST', pipl: '55–56, 59', gdpr: '28(3)(f)' },
  { id: 'DPA-DELETION-ON-END', pipl: '21', gdpr: '28(3)(g)' },
  { id: 'DPA-AUDIT-RIGHTS', pipl: '21, 54', gdpr: '28(3)(h)' },
  { id: 'DPA-CROSS-BORDER', pipl: '38–41', gdpr: '28(3)(a), Ch. V' },
  { id: 'DPA-RIGHTS-LIABILITY', pipl: '20, 21', gdpr: '28(3), 28(4)' },
] as const;
export type DpaClauseId = (typeof DPA_CLAUSES)[number]['id'];
export const DPA_CLAUSE_IDS = DPA_CLAUSES.map((clause) => clause.id) as [DpaClauseId, ...DpaClauseId[]];

export const CLAUSE_STATES = ['present', 'partial', 'missing'] as const;
export type ClauseState = (typeof CLAUSE_STATES)[number];

export interface ClauseAssessment {
  clause: DpaClauseId;
  state: ClauseState;
  /** Where in the DPA the clause is, e.g. "§ 7.2". */
  reference?: string | undefined;
  note?: string | undefined;
}

/**
 * Clauses every DPA must have. The cross-border clause is mandatory only for a supplier that
 * sends personal information abroad.
 */
export function mandatoryClauses(sendsDataAbroad: boolean): DpaClauseId[] {
  return DPA_CLAUSE_IDS.filter((id) => id !== 'DPA-CROSS-BORDER' || sendsDataAbroad);
}

/**
 * The gaps of a DPA: mandatory clauses marked missing or not yet assessed, and those only
 * partly covered.
 */
export function clauseGaps(
  checklist: readonly ClauseAssessment[],
  sendsDataAbroad: boolean,
): { gaps: DpaClauseId[]; partial: DpaClauseId[] } {
  const stateOf = new Map(checklist.map((item) => [item.clause, item.state]));
  const mandatory = mandatoryClauses(sendsDataAbroad);
  return {
    gaps: mandatory.filter((id) => (stateOf.get(id) ?? 'missing') === 'missing'),
    partial: mandatory.filter((id) => stateOf.get(id) === 'partial'),
  };
}
