import type { TFunction } from 'i18next';
import { countryName } from '../../lib/countries';
import { formatDate, formatDateTime } from '../../lib/format';
import type { Locale } from '../../lib/i18n';
import { PdfLayout } from '../../lib/pdf/layout';
import { clauseGaps, DPA_CLAUSES, mandatoryClauses, type AgreementRecord } from '../agreements';
import { inLocale } from '../assessments';
import type { IncidentRecord } from '../incidents';
import { isSensitiveCategory } from '../suppliers';
import type { ReportData } from './report-data';

/** Who asked for the document, when, and how it is identified. */
export interface ReportStamp {
  documentId: string;
  generatedAt: Date;
  generatedBy: string;
  locale: Locale;
  timeZone: string;
}

/** Draws the due-diligence summary of one supplier; the PDF's bytes. */
export async function renderSupplierReport(
  data: ReportData,
  stamp: ReportStamp,
  t: TFunction,
): Promise<Buffer> {
  const { supplier } = data;
  const pdf = new PdfLayout({
    title: t('report.documentTitle', { name: supplier.name }),
    author: stamp.generatedBy,
    subject: t('report.title'),
    keywords: stamp.documentId,
    createdAt: stamp.generatedAt,
    language: stamp.locale,
    documentId: stamp.documentId,
  });
  const draw = new ReportSections(pdf, data, stamp, t);
  draw.cover();
  pdf.reserveContentsPage(t('report.contents'));
  draw.agreements();
  draw.dataProfile();
  draw.assessment();
  draw.findings();
  draw.reviews();
  draw.incidents();
  draw.evidence();
  const generatedAt = formatDateTime(stamp.generatedAt, stamp.locale, stamp.timeZone);
  return pdf.finish({
    header: (page) => (page === 1 ? undefined : [t('report.runningHeader'), supplier.name]),
    footer: (page, count) => [
      t('report.footer', { documentId: stamp.documentId, generatedAt }),
      t('report.page', { page, count }),
    ],
  });
}

/** The sections of the report, each drawn from the gathered data in the reader's language. */
class ReportSections {
  constructor(
    private readonly pdf: PdfLayout,
    private readonly data: ReportData,
    private readonly stamp: ReportStamp,
    private readonly t: TFunction,
  ) {}

  private day(date: Date | undefined): string {
    return formatDate(date, this.stamp.locale) || '—';
  }

  private moment(date: Date | undefined): string {
    return formatDateTime(date, this.stamp.locale, this.stamp.timeZone) || '—';
  }

  private country(code: string | undefined): string {
    return code ? countryName(code, this.stamp.locale) : '';
  }

  cover(): void {
    const { t, data, stamp } = this;
    const { supplier } = data;
    const risk = supplier.risk;
    const assessed = supplier.summary.assessment;
    this.pdf.title(t('report.title'), supplier.name);
    this.pdf.facts([
      [t('fields.legalName'), supplier.legalName ?? ''],
      [t('fields.registrationId'), supplier.registrationId ?? ''],
      [t('fields.country'), this.country(supplier.country)],
      [t('fields.services'), supplier.services ?? ''],
      [t('fields.status'), t(`supplierStatus.${supplier.status}`)],
      [t('fields.owner'), supplier.ownerName ?? ''],
      [
        t('fields.inherentTier'),
        t('report.cover.tier', { tier: t(`tiers.${risk.inherentTier}`), score: risk.inherentScore }),
      ],
      [
        t('report.cover.reasons'),
        risk.factors.length === 0
          ? t('risk.factors.none')
          : // An en dash, not a bullet: Noto Sans SC draws • and · with one glyph, so copied text
            // would turn the footer's · into •.
            risk.factors
              .map(
                (factor) =>
                  `– ${t(`risk.factors.${factor.key}`, factor.params ?? {})}${factor.points ? ` (+${factor.points})` : ''}`,
              )
              .join('\n'),
      ],
      [
        t('report.cover.residualTier'),
        assessed
          ? t('report.cover.residual', {
              tier: t(`tiers.${assessed.residualTier}`),
              score: assessed.score ?? '—',
              date: this.day(assessed.completedAt),
            })
          : t('report.cover.notAssessed'),
      ],
      [t('fields.nextReview'), this.day(data.nextReview)],
    ]);
    this.pdf.subheading(t('report.cover.document'));
    this.pdf.facts([
      [t('report.cover.generatedAt'), this.moment(stamp.generatedAt)],
      [t('report.cover.generatedBy'), stamp.generatedBy],
      [t('report.cover.documentId'), stamp.documentId],
      [t('fields.language'), t(`languages.${stamp.locale}`)],
    ]);
    this.pdf.paragraph(t('report.cover.verifyHint'), { muted: true, size: 8.5 });
    this.pdf.paragraph(t('report.cover.confidential'), { muted: true, size: 8.5 });
  }

  agreements(): void {
    const { t, data } = this;
    this.pdf.heading(t('report.sections.agreements'));
    this.pdf.table(
      [
        { header: t('fields.agreementType'), width: 0.12 },
        { header: t('fields.agreementTitle'), width: 0.18 },
        { header: t('fields.status'), width: 0.12 },
        { header: t('fields.effectiveDate'), width: 0.14 },
        { header: t('fields.expiryDate'), width: 0.14 },
        { header: t('agreements.form.signatories'), width: 0.3 },
      ],
      data.agreements.map((agreement) => [
        t(`agreementTypes.${agreement.type}`),
        `${agreement.title ?? ''} (${t('report.agreements.version', { version: agreement.version })})`,
        t(`agreementStatus.${agreement.status}`),
        this.day(agreement.effectiveDate),
        this.day(agreement.expiryDate),
        agreement.signatories
          .map((signatory) =>
            t('report.agreements.signatory', {
              name: [signatory.name, signatory.title].filter(Boolean).join(', '),
              party: t(`agreements.form.parties.${signatory.party}`),
              date: this.day(signatory.signedOn),
            }),
          )
          .join('\n'),
      ]),
      t('report.agreements.none'),
    );
    const signed = data.agreements.filter((agreement) => agreement.file);
    this.pdf.subheading(t('report.agreements.files'));
    this.pdf.table(
      [
        { header: t('report.agreements.agreement'), width: 0.2 },
        { header: t('fields.fileName'), width: 0.25 },
        { header: 'SHA-256', width: 0.55, mono: true },
      ],
      signed.map((agreement) => [
        `${t(`agreementTypes.${agreement.type}`)} v${agreement.version}`,
        agreement.file?.filename ?? '',
        agreement.file?.sha256 ?? '',
      ]),
      t('report.agreements.noFiles'),
    );
    this.dpaChecklist();
  }

  private dpaChecklist(): void {
    const { t, data } = this;
    this.pdf.subheading(t('agreements.checklist.title'));
    const dpa = data.agreements.find(
      (agreement) => agreement.type === 'dpa' && agreement.status !== 'superseded',
    );
    if (!dpa) {
      this.pdf.paragraph(t('report.checklist.noDpa'), { muted: true });
      return;
    }
    const abroad = data.supplier.dataProfile.destinations.length > 0;
    const mandatory = new Set<string>(mandatoryClauses(abroad));
    const { gaps: missing, partial } = clauseGaps(dpa.checklist, abroad);
    this.pdf.paragraph(
      t('report.checklist.of', {
        version: dpa.version,
        status: t(`agreementStatus.${dpa.status}`),
      }),
    );
    this.pdf.paragraph(
      missing.length === 0
        ? t('report.checklist.noGaps')
        : t('agreements.checklist.gapCount', { count: missing.length }),
    );
    if (partial.length > 0) this.pdf.paragraph(t('report.checklist.partial', { count: partial.length }));
    this.pdf.table(
      [
        { header: t('agreements.checklist.clause'), width: 0.2 },
        { header: t('report.checklist.title'), width: 0.38 },
        { header: t('agreements.checklist.state'), width: 0.14 },
        { header: t('report.checklist.mandatory'), width: 0.12 },
        { header: t('agreements.checklist.reference'), width: 0.16 },
      ],
      DPA_CLAUSES.map(({ id }) => {
        const assessed = dpaClause(dpa, id);
        return [
          id,
          t(`dpaClauses.${id}.title`),
          assessed
            ? t(`agreements.checklist.states.${assessed.state}`)
            : t('agreements.checklist.notAssessed'),
          mandatory.has(id) ? t('common.yes') : t('common.no'),
          assessed?.reference ?? '',
        ];
      }),
      '',
    );
  }

  dataProfile(): void {
    const { t, data, stamp } = this;
    const { dataProfile: profile, subprocessors } = data.supplier;
    this.pdf.heading(t('report.sections.dataProfile'));
    const category = (key: string) =>
      `${t(`dataProfile.categories.${key}`)}${isSensitiveCategory(key) ? ` ${t('report.profile.sensitive')}` : ''}`;
    this.pdf.facts([
      [t('fields.purpose'), profile.purpose ?? ''],
      [t('fields.method'), profile.method ?? ''],
      [t('fields.piCategories'), profile.categories.map(category).join('\n')],
      [t('fields.volume'), t(`dataProfile.volume.${profile.volume}`)],
      [t('fields.access'), t(`dataProfile.access.${profile.access}`)],
      [t('fields.criticality'), t(`dataProfile.criticality.${profile.criticality}`)],
      [
        t('fields.destinations'),
        profile.destinations.length
          ? profile.destinations.map((code) => this.country(code)).join(', ')
          : t('report.profile.noTransfer'),
      ],
      [
        t('fields.mechanism'),
        profile.destinations.length && profile.mechanism
          ? t(`dataProfile.mechanism.${profile.mechanism}`)
          : '',
      ],
    ]);
    this.pdf.subheading(t('suppliers.form.subprocessors'));
    this.pdf.table(
      [
        { header: t('fields.name'), width: 0.22 },
        { header: t('fields.country'), width: 0.14 },
        { header: t('fields.service'), width: 0.2 },
        { header: t('fields.piCategories'), width: 0.3 },
        { header: t('fields.consentDate'), width: 0.14 },
      ],
      subprocessors.map((sub) => [
        sub.name,
        countryName(sub.country, stamp.locale),
        sub.service ?? '',
        sub.categories.map(category).join(', '),
        this.day(sub.consentDate),
      ]),
      t('suppliers.show.noSubprocessors'),
    );
  }

  assessment(): void {
    const { t, data, stamp } = this;
    const assessment = data.assessment;
    this.pdf.heading(t('report.sections.assessment'));
    if (!assessment) {
      this.pdf.paragraph(t('report.assessment.none'), { muted: true });
      return;
    }
    this.pdf.facts([
      [
        t('report.assessment.questionnaire'),
        `${inLocale(assessment.templateName, stamp.locale)} (v${assessment.templateVersion})`,
      ],
      [t('report.assessment.completedAt'), this.day(assessment.completedAt)],
      [t('report.assessment.reviewer'), assessment.reviewerName ?? ''],
      [
        t('report.assessment.overall'),
        assessment.overall === null ? t('report.notScored') : `${assessment.overall} / 100`,
      ],
      [t('report.cover.residualTier'), assessment.residualTier ? t(`tiers.${assessment.residualTier}`) : ''],
    ]);
    this.pdf.subheading(t('report.assessment.chart'));
    const sections = assessment.sections.map((section) => ({
      label: inLocale(section.title, stamp.locale),
      value: section.score,
      weight: section.weight,
    }));
    this.pdf.barChart(sections, t('report.notScored'));
    this.pdf.table(
      [
        { header: t('report.assessment.section'), width: 0.6 },
        { header: t('report.assessment.weight'), width: 0.2 },
        { header: t('report.assessment.score'), width: 0.2 },
      ],
      sections.map((section) => [
        section.label,
        String(section.weight),
        section.value === null ? t('report.notScored') : String(section.value),
      ]),
      t('report.none'),
    );
  }

  findings(): void {
    const { t, data } = this;
    this.pdf.heading(t('report.sections.findings'));
    this.pdf.table(
      [
        { header: t('report.findings.title'), width: 0.25 },
        { header: t('report.findings.severity'), width: 0.1 },
        { header: t('fields.status'), width: 0.13 },
        { header: t('report.findings.raised'), width: 0.14 },
        { header: t('report.findings.due'), width: 0.14 },
        { header: t('report.findings.closure'), width: 0.24 },
      ],
      data.findings.map((finding) => [
        finding.title,
        t(`severities.${finding.severity}`),
        t(`findingStatus.${finding.status}`),
        this.day(finding.createdAt),
        this.day(finding.dueDate),
        finding.closure
          ? t(`report.findings.closed.${finding.closure.kind}`, {
              date: this.day(finding.closure.at),
              name: finding.closure.approver ?? finding.closure.byName ?? '',
              justification: finding.closure.justification ?? '',
            })
          : finding.response
            ? t('report.findings.plan', { plan: finding.response.plan })
            : '',
      ]),
      t('report.findings.none'),
    );
  }

  reviews(): void {
    const { t, data } = this;
    this.pdf.heading(t('report.sections.reviews'));
    this.pdf.table(
      [
        { header: t('report.reviews.kind'), width: 0.16 },
        { header: t('fields.status'), width: 0.1 },
        { header: t('report.reviews.due'), width: 0.14 },
        { header: t('report.reviews.completed'), width: 0.14 },
        { header: t('report.reviews.reviewer'), width: 0.14 },
        { header: t('report.reviews.outcome'), width: 0.15 },
        { header: t('report.reviews.conditions'), width: 0.17 },
      ],
      data.reviews.map((review) => [
        `${t(`reviews.kinds.${review.kind}`)}${review.triggers.length ? `\n${review.triggers.map((event) => t(`reviews.triggers.${event}`)).join(', ')}` : ''}`,
        t(`reviews.statuses.${review.status}`),
        this.day(review.dueDate),
        this.day(review.completedAt),
        review.completedByName || review.reviewerName,
        review.outcome ? t(`reviews.outcomes.${review.outcome}`) : '',
        review.conditions.length
          ? review.conditions
              .map(
                // The date first: on a line of its own start it is never broken.
                (condition) =>
                  `${this.day(condition.dueDate)}: ${condition.text} — ${
                    condition.met
                      ? t('reviews.conditionMet', { name: condition.metByName ?? '' })
                      : t('reviews.conditionOpen')
                  }`,
              )
              .join('\n')
          : '',
      ]),
      t('report.reviews.none'),
    );
    this.pdf.subheading(t('report.reviews.statusHistory'));
    this.pdf.table(
      [
        { header: t('report.reviews.at'), width: 0.2 },
        { header: t('fields.status'), width: 0.25 },
        { header: t('fields.reason'), width: 0.37 },
        { header: t('report.reviews.by'), width: 0.18 },
      ],
      [...data.supplier.statusHistory]
        .sort((a, b) => b.at.getTime() - a.at.getTime())
        .map((change) => [
          this.moment(change.at),
          `${change.from ? `${t(`supplierStatus.${change.from}`)} → ` : ''}${t(`supplierStatus.${change.to}`)}`,
          change.reason,
          change.byName ?? '',
        ]),
      t('report.none'),
    );
  }

  incidents(): void {
    const { t, data } = this;
    this.pdf.heading(t('incidents.report.heading'));
    const notice = (record: IncidentRecord['regulator']) =>
      [
        record.decision ? t(`incidents.decisions.${record.decision}`) : t('incidents.decisions.undecided'),
        record.notifiedOn
          ? t('incidents.report.notified', { date: this.day(record.notifiedOn), means: record.means ?? '' })
          : '',
      ]
        .filter(Boolean)
        .join('\n');
    this.pdf.table(
      [
        { header: t('incidents.report.title'), width: 0.2 },
        { header: t('incidents.report.dates'), width: 0.14 },
        { header: t('incidents.report.categories'), width: 0.2 },
        { header: t('incidents.report.individuals'), width: 0.1 },
        { header: t('incidents.report.regulator'), width: 0.18 },
        { header: t('incidents.report.notifiedIndividuals'), width: 0.18 },
      ],
      data.incidents.map((incident) => [
        `${incident.title}\n${t(`incidents.statuses.${incident.status}`)}`,
        `${this.day(incident.discoveredOn)}\n${this.day(incident.reportedOn)}`,
        incident.categories.map((key) => t(`dataProfile.categories.${key}`)).join(', '),
        incident.individualsAffected === undefined
          ? t('incidents.report.unknown')
          : String(incident.individualsAffected),
        notice(incident.regulator),
        notice(incident.individuals),
      ]),
      t('incidents.report.none'),
    );
  }

  evidence(): void {
    const { t, data, stamp } = this;
    this.pdf.heading(t('report.sections.evidence'));
    this.pdf.paragraph(t('report.evidence.intro'), { muted: true });
    const files = [
      ...(data.assessment?.evidence ?? []).map(({ question, file }) => ({
        source: inLocale(question, stamp.locale),
        file,
      })),
      ...data.findings.flatMap((finding) =>
        [...finding.evidence, ...(finding.response?.evidence ?? [])].map((file) => ({
          source: t('report.evidence.finding', { title: finding.title }),
          file,
        })),
      ),
    ];
    this.pdf.table(
      [
        { header: t('fields.fileName'), width: 0.22 },
        { header: t('report.evidence.source'), width: 0.23 },
        { header: 'SHA-256', width: 0.55, mono: true },
      ],
      files.map(({ source, file }) => [
        `${file.filename}\n${formatBytes(file.length)} · ${this.day(file.uploadedAt)}`,
        source,
        file.sha256,
      ]),
      t('report.evidence.none'),
    );
  }
}

function dpaClause(dpa: AgreementRecord, id: string) {
  return dpa.checklist.find((entry) => entry.clause === id);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1_048_576) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
