import { expect } from 'chai';
import { addMonths } from '../../src/lib/dates';
import { isValidUscc } from '../../src/lib/uscc';
import { DEFAULT_SETTINGS, getSettings } from '../../src/modules/settings';
import type { DataProfile } from '../../src/modules/suppliers/data-profile';
import { inherentRisk, type RiskTier } from '../../src/modules/suppliers/risk';
import type { SupplierStatus } from '../../src/modules/suppliers/suppliers.model';
import { nextReviewDue } from '../../src/modules/suppliers/supplier-view';
import { signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { auditEvents, follow, insertSupplier, shownDate, submit, textOf } from './support';

/** A data profile that adds nothing to the score unless a test says so. */
function profile(overrides: Partial<DataProfile> = {}): DataProfile {
  return {
    categories: [],
    volume: 'none',
    access: 'none',
    destinations: [],
    mechanism: undefined,
    criticality: 'low',
    subprocessors: [],
    ...overrides,
  };
}

const pointsOf = (overrides: Partial<DataProfile>, key: string) =>
  inherentRisk(profile(overrides)).factors.find((factor) => factor.key === key)?.points;

const utc = (text: string) => new Date(`${text}Z`);

describe('suppliers: inherent risk formula (risk.ts)', () => {
  it('an empty profile → score 0, low, no reasons', () => {
    expect(inherentRisk(profile())).to.deep.equal({ tier: 'low', score: 0, factors: [] });
  });

  it('general personal information only → 10 points, whatever the number of categories', () => {
    expect(pointsOf({ categories: ['identity_contact'] }, 'general')).to.equal(10);
    expect(pointsOf({ categories: ['identity_contact', 'transactions', 'employment'] }, 'general')).to.equal(
      10,
    );
    const risk = inherentRisk(profile({ categories: ['identity_contact', 'transactions'] }));
    expect(risk.factors).to.deep.equal([{ key: 'general', points: 10, params: { count: 2 } }]);
  });

  it('sensitive personal information → 30, +5 per further sensitive category, at most +10', () => {
    expect(pointsOf({ categories: ['medical_health'] }, 'sensitive')).to.equal(30);
    expect(pointsOf({ categories: ['medical_health', 'biometric'] }, 'sensitive')).to.equal(35);
    expect(pointsOf({ categories: ['medical_health', 'biometric', 'whereabouts'] }, 'sensitive')).to.equal(
      40,
    );
    expect(
      pointsOf(
        { categories: ['medical_health', 'biometric', 'whereabouts', 'financial_account'] },
        'sensitive',
      ),
    ).to.equal(40);
  });

  it('sensitive and general categories together → only the sensitive factor, counting sensitive ones', () => {
    const risk = inherentRisk(
      profile({ categories: ['identity_contact', 'financial_account', 'transactions'] }),
    );
    expect(risk.factors).to.deep.equal([{ key: 'sensitive', points: 30, params: { count: 1 } }]);
  });

  it('children under 14 → a sensitive category and a further 10 points', () => {
    const risk = inherentRisk(profile({ categories: ['minor_under_14'] }));
    expect(risk.factors).to.deep.equal([
      { key: 'sensitive', points: 30, params: { count: 1 } },
      { key: 'minors', points: 10 },
    ]);
    expect(risk.score).to.equal(40);
  });

  it('individuals → <1k 2 · 1k–10k 5 · 10k–100k 10 · 100k–1M 15 · >1M 20, none 0', () => {
    expect(pointsOf({ volume: 'none' }, 'volume')).to.equal(undefined);
    expect(pointsOf({ volume: 'lt_1k' }, 'volume')).to.equal(2);
    expect(pointsOf({ volume: '1k_10k' }, 'volume')).to.equal(5);
    expect(pointsOf({ volume: '10k_100k' }, 'volume')).to.equal(10);
    expect(pointsOf({ volume: '100k_1m' }, 'volume')).to.equal(15);
    expect(pointsOf({ volume: 'gt_1m' }, 'volume')).to.equal(20);
  });

  it('access → remote read 8 · remote write 12 · on site 10 · holds a copy 20, none 0', () => {
    expect(pointsOf({ access: 'none' }, 'access')).to.equal(undefined);
    expect(pointsOf({ access: 'remote_read' }, 'access')).to.equal(8);
    expect(pointsOf({ access: 'remote_write' }, 'access')).to.equal(12);
    expect(pointsOf({ access: 'on_site' }, 'access')).to.equal(10);
    expect(pointsOf({ access: 'holds_copy' }, 'access')).to.equal(20);
  });

  it('cross-border transfer → 10, whatever the number of destinations', () => {
    expect(pointsOf({ destinations: ['SG'], mechanism: 'standard_contract' }, 'crossBorder')).to.equal(10);
    expect(
      pointsOf({ destinations: ['SG', 'US', 'DE'], mechanism: 'cac_assessment' }, 'crossBorder'),
    ).to.equal(10);
    expect(inherentRisk(profile({ destinations: ['SG'], mechanism: 'certification' })).score).to.equal(10);
  });

  it('cross-border without a valid mechanism (none or "not applicable") → a further 10', () => {
    expect(pointsOf({ destinations: ['US'], mechanism: undefined }, 'noMechanism')).to.equal(10);
    expect(pointsOf({ destinations: ['US'], mechanism: 'not_applicable' }, 'noMechanism')).to.equal(10);
    expect(pointsOf({ destinations: ['US'], mechanism: 'standard_contract' }, 'noMechanism')).to.equal(
      undefined,
    );
    expect(inherentRisk(profile({ destinations: ['US'] })).score).to.equal(20);
    // No destination, no transfer: a missing mechanism costs nothing.
    expect(pointsOf({ destinations: [], mechanism: undefined }, 'noMechanism')).to.equal(undefined);
  });

  it('subprocessors that receive personal information → 5; subprocessors that receive none → 0', () => {
    expect(
      pointsOf(
        { subprocessors: [{ categories: [] }, { categories: ['identity_contact'] }] },
        'subprocessors',
      ),
    ).to.equal(5);
    expect(pointsOf({ subprocessors: [{ categories: [] }] }, 'subprocessors')).to.equal(undefined);
  });

  it('subprocessors of which only one receives personal information → the reason counts one', () => {
    const risk = inherentRisk(
      profile({
        subprocessors: [{ categories: ['identity_contact'] }, { categories: [] }, { categories: [] }],
      }),
    );
    expect(risk.factors).to.deep.equal([{ key: 'subprocessors', points: 5, params: { count: 1 } }]);
  });

  it('business criticality → medium 3 · high 6 · critical 10, low 0', () => {
    expect(pointsOf({ criticality: 'low' }, 'criticality')).to.equal(undefined);
    expect(pointsOf({ criticality: 'medium' }, 'criticality')).to.equal(3);
    expect(pointsOf({ criticality: 'high' }, 'criticality')).to.equal(6);
    expect(pointsOf({ criticality: 'critical' }, 'criticality')).to.equal(10);
  });

  describe('tier thresholds at their exact boundaries', () => {
    it('24 → low; 25 → medium', () => {
      // general 10 + remote read 8 + high criticality 6
      const low = inherentRisk(
        profile({ categories: ['identity_contact'], access: 'remote_read', criticality: 'high' }),
      );
      expect([low.score, low.tier]).to.deep.equal([24, 'low']);
      // general 10 + remote write 12 + medium criticality 3
      const medium = inherentRisk(
        profile({ categories: ['identity_contact'], access: 'remote_write', criticality: 'medium' }),
      );
      expect([medium.score, medium.tier]).to.deep.equal([25, 'medium']);
    });

    it('49 → medium; 50 → high', () => {
      // general 10 + remote read 8 + 100k–1M 15 + abroad with a mechanism 10 + high criticality 6
      const medium = inherentRisk(
        profile({
          categories: ['identity_contact'],
          access: 'remote_read',
          volume: '100k_1m',
          destinations: ['SG'],
          mechanism: 'standard_contract',
          criticality: 'high',
        }),
      );
      expect([medium.score, medium.tier]).to.deep.equal([49, 'medium']);
      // general 10 + holds a copy 20 + 10k–100k 10 + abroad with a mechanism 10
      const high = inherentRisk(
        profile({
          categories: ['identity_contact'],
          access: 'holds_copy',
          volume: '10k_100k',
          destinations: ['SG'],
          mechanism: 'standard_contract',
        }),
      );
      expect([high.score, high.tier]).to.deep.equal([50, 'high']);
    });

    it('74 → high; 75 → critical', () => {
      // sensitive 30 + remote read 8 + >1M 20 + abroad with a mechanism 10 + high criticality 6
      const high = inherentRisk(
        profile({
          categories: ['medical_health'],
          access: 'remote_read',
          volume: 'gt_1m',
          destinations: ['SG'],
          mechanism: 'standard_contract',
          criticality: 'high',
        }),
      );
      expect([high.score, high.tier]).to.deep.equal([74, 'high']);
      // sensitive 30 + remote write 12 + >1M 20 + abroad with a mechanism 10 + medium criticality 3
      const critical = inherentRisk(
        profile({
          categories: ['medical_health'],
          access: 'remote_write',
          volume: 'gt_1m',
          destinations: ['SG'],
          mechanism: 'standard_contract',
          criticality: 'medium',
        }),
      );
      expect([critical.score, critical.tier]).to.deep.equal([75, 'critical']);
    });

    it('the highest possible profile → critical, with every kind of reason', () => {
      const risk = inherentRisk(
        profile({
          categories: ['minor_under_14', 'biometric', 'medical_health', 'identity_contact'],
          volume: 'gt_1m',
          access: 'holds_copy',
          destinations: ['US'],
          mechanism: undefined,
          criticality: 'critical',
          subprocessors: [{ categories: ['biometric'] }],
        }),
      );
      expect(risk.score).to.equal(40 + 10 + 20 + 20 + 10 + 10 + 5 + 10);
      expect(risk.tier).to.equal('critical');
      expect(risk.factors.map((factor) => factor.key)).to.deep.equal([
        'sensitive',
        'minors',
        'volume',
        'access',
        'crossBorder',
        'noMechanism',
        'subprocessors',
        'criticality',
      ]);
    });
  });

  describe('floors', () => {
    it('sensitive information of 100k–1M individuals → score 45 (medium) but rated high, saying why', () => {
      const risk = inherentRisk(profile({ categories: ['financial_account'], volume: '100k_1m' }));
      expect(risk.score).to.equal(45);
      expect(risk.tier).to.equal('high');
      expect(risk.factors).to.deep.include({ key: 'floorVolume', points: 0 });
      expect(risk.factors.some((factor) => factor.key === 'floorAbroad')).to.equal(false);
    });

    it('sensitive information of more than 1M individuals → at least high too', () => {
      const risk = inherentRisk(profile({ categories: ['whereabouts'], volume: 'gt_1m' }));
      expect([risk.score, risk.tier]).to.deep.equal([50, 'high']);
      // Already high by its score: no floor reason is needed.
      expect(risk.factors.some((factor) => factor.key === 'floorVolume')).to.equal(false);
      const low = inherentRisk(profile({ categories: ['whereabouts'], volume: '100k_1m' }));
      expect(low.tier).to.equal('high');
    });

    it('sensitive information of 10k–100k individuals → no floor (medium by its score)', () => {
      const risk = inherentRisk(profile({ categories: ['financial_account'], volume: '10k_100k' }));
      expect([risk.score, risk.tier]).to.deep.equal([40, 'medium']);
      expect(risk.factors.some((factor) => factor.key.startsWith('floor'))).to.equal(false);
    });

    it('sensitive information sent abroad, even with a mechanism → score 40 but rated high, saying why', () => {
      const risk = inherentRisk(
        profile({ categories: ['biometric'], destinations: ['SG'], mechanism: 'standard_contract' }),
      );
      expect([risk.score, risk.tier]).to.deep.equal([40, 'high']);
      expect(risk.factors).to.deep.include({ key: 'floorAbroad', points: 0 });
    });

    it('general information sent abroad → no floor (low by its score)', () => {
      const risk = inherentRisk(
        profile({ categories: ['identity_contact'], destinations: ['SG'], mechanism: 'standard_contract' }),
      );
      expect([risk.score, risk.tier]).to.deep.equal([20, 'low']);
    });

    it('sensitive information of many individuals sent abroad → high by its score; floors speak only when they raise the tier', () => {
      const risk = inherentRisk(
        profile({
          categories: ['biometric'],
          volume: '100k_1m',
          destinations: ['SG'],
          mechanism: 'standard_contract',
        }),
      );
      // 30 + 15 + 10 = 55 is high by itself.
      expect([risk.score, risk.tier]).to.deep.equal([55, 'high']);
      expect(risk.factors.some((factor) => factor.key.startsWith('floor'))).to.equal(false);
    });

    it('sensitive, large and abroad with a score of 90 → still critical (floors never lower)', () => {
      const risk = inherentRisk(
        profile({
          categories: ['biometric', 'medical_health', 'whereabouts'],
          volume: 'gt_1m',
          access: 'holds_copy',
          destinations: ['US'],
          mechanism: 'standard_contract',
        }),
      );
      expect(risk.score).to.equal(40 + 20 + 20 + 10);
      expect(risk.tier).to.equal('critical');
    });
  });

  it('a profile with every kind of input → each reason with its points and the values its explanation shows', () => {
    const risk = inherentRisk(
      profile({
        categories: ['identity_contact', 'transactions', 'employment'],
        volume: '1k_10k',
        access: 'on_site',
        destinations: ['SG', 'JP'],
        mechanism: 'not_applicable',
        criticality: 'medium',
        subprocessors: [{ categories: ['identity_contact'] }, { categories: ['transactions'] }],
      }),
    );
    expect(risk.factors).to.deep.equal([
      { key: 'general', points: 10, params: { count: 3 } },
      { key: 'volume', points: 5, params: { band: '1k_10k' } },
      { key: 'access', points: 10, params: { access: 'on_site' } },
      { key: 'crossBorder', points: 10, params: { count: 2 } },
      { key: 'noMechanism', points: 10 },
      { key: 'subprocessors', points: 5, params: { count: 2 } },
      { key: 'criticality', points: 3, params: { level: 'medium' } },
    ]);
    expect(risk.score).to.equal(53);
    expect(risk.tier).to.equal('high');
  });
});

describe('suppliers: unified social credit code check (uscc.ts)', () => {
  const VALID = '91350100M000100Y43';

  it('a real code with the right check character → valid', () => {
    expect(isValidUscc(VALID)).to.equal(true);
  });

  it('the same code with another check character → invalid', () => {
    for (const check of ['0', '1', '2', '4', 'A', 'Y'])
      expect(isValidUscc(VALID.slice(0, 17) + check), check).to.equal(false);
  });

  it('one changed character in the body → invalid', () => {
    expect(isValidUscc(`92${VALID.slice(2)}`)).to.equal(false);
  });

  it('wrong length, lower case, letters the alphabet leaves out (I O S V Z) or a non-digit region → invalid', () => {
    expect(isValidUscc(VALID.slice(0, 17))).to.equal(false);
    expect(isValidUscc(`${VALID}3`)).to.equal(false);
    expect(isValidUscc('')).to.equal(false);
    expect(isValidUscc(VALID.toLowerCase())).to.equal(false);
    for (const letter of ['I', 'O', 'S', 'V', 'Z'])
      expect(isValidUscc(`91350100${letter}000100Y43`), letter).to.equal(false);
    expect(isValidUscc('9135A100M000100Y43')).to.equal(false);
    expect(isValidUscc(` ${VALID.slice(1)}`)).to.equal(false);
  });
});

describe('suppliers: calendar months (dates.ts addMonths)', () => {
  it('31 January + 1 month → 28 February in a common year, 29 February in a leap year', () => {
    expect(addMonths(utc('2027-01-31T00:00:00'), 1).toISOString()).to.equal('2027-02-28T00:00:00.000Z');
    expect(addMonths(utc('2028-01-31T00:00:00'), 1).toISOString()).to.equal('2028-02-29T00:00:00.000Z');
  });

  it('29 February 2028 + 12 months → 28 February 2029; + 48 months → 29 February 2032', () => {
    expect(addMonths(utc('2028-02-29T00:00:00'), 12).toISOString()).to.equal('2029-02-28T00:00:00.000Z');
    expect(addMonths(utc('2028-02-29T00:00:00'), 48).toISOString()).to.equal('2032-02-29T00:00:00.000Z');
  });

  it('31 August + 6 months, 15 December + 1, 31 March + 1 → time of day kept, year crossed, 30-day month clamped', () => {
    expect(addMonths(utc('2026-08-31T13:45:10'), 6).toISOString()).to.equal('2027-02-28T13:45:10.000Z');
    expect(addMonths(utc('2026-12-15T08:00:00'), 1).toISOString()).to.equal('2027-01-15T08:00:00.000Z');
    expect(addMonths(utc('2026-03-31T00:00:00'), 1).toISOString()).to.equal('2026-04-30T00:00:00.000Z');
    expect(addMonths(utc('2026-10-31T00:00:00'), 24).toISOString()).to.equal('2028-10-31T00:00:00.000Z');
  });

  it('adding months → the date given is left unchanged', () => {
    const start = utc('2028-01-31T00:00:00');
    addMonths(start, 1);
    expect(start.toISOString()).to.equal('2028-01-31T00:00:00.000Z');
  });
});

describe('suppliers: next review date (supplier-view.ts nextReviewDue)', () => {
  const anchor = utc('2028-02-29T09:00:00');
  const row = (inherentTier: RiskTier, status: SupplierStatus = 'active') => ({
    status,
    inherentTier,
    reviewAnchor: anchor,
    createdAt: utc('2027-01-01T00:00:00'),
    openReview: undefined,
  });

  it('default cadence → critical 6, high 12, medium 18, low 24 months after the anchor', () => {
    const cadence = DEFAULT_SETTINGS.reviewCadenceMonths;
    expect(cadence).to.deep.equal({ critical: 6, high: 12, medium: 18, low: 24 });
    expect(nextReviewDue(row('critical'), cadence, 'UTC')?.toISOString()).to.equal(
      '2028-08-29T00:00:00.000Z',
    );
    expect(nextReviewDue(row('high'), cadence, 'UTC')?.toISOString()).to.equal('2029-02-28T00:00:00.000Z');
    expect(nextReviewDue(row('medium'), cadence, 'UTC')?.toISOString()).to.equal('2029-08-29T00:00:00.000Z');
    expect(nextReviewDue(row('low'), cadence, 'UTC')?.toISOString()).to.equal('2030-02-28T00:00:00.000Z');
  });

  it('no anchor → counted from the day the supplier was added; offboarded → no review', () => {
    const cadence = DEFAULT_SETTINGS.reviewCadenceMonths;
    const added = { ...row('high'), reviewAnchor: undefined };
    expect(nextReviewDue(added, cadence, 'UTC')?.toISOString()).to.equal('2028-01-01T00:00:00.000Z');
    expect(nextReviewDue({ ...row('high'), status: 'offboarded' }, cadence, 'UTC')).to.equal(undefined);
  });

  describe('after an admin changes the cadence in the settings', () => {
    beforeEach(resetDatabase);

    it('admin saves a new cadence → stored, audited, and next review dates follow it at once', async () => {
      const admin = await signedInAs('admin');
      const anchorDate = new Date(Date.UTC(2026, 0, 31, 10));
      const supplierId = await insertSupplier({
        name: 'Cadence Test Ltd',
        tier: 'high',
        reviewAnchor: anchorDate,
      });

      const before = await admin.agent.get(`/suppliers/${supplierId}`);
      expect(textOf(before.text)).to.include('Reviewed every 12 months at this tier.');
      expect(textOf(before.text)).to.include(
        `Next review: ${shownDate(new Date(Date.UTC(2027, 0, 31, 10)))}`,
      );

      const saved = await submit(admin.agent, '/admin/settings/review-cadence', {
        critical: '3',
        high: '1',
        medium: '9',
        low: '36',
      });
      expect(saved.status).to.equal(303);
      expect(saved.headers.location).to.equal('/admin/settings');
      const page = await follow(admin.agent, saved);
      expect(page.text).to.include('Settings saved.');
      expect(page.text).to.match(/id="field-high"[^>]*value="1"/);

      const settings = await getSettings();
      expect(settings.reviewCadenceMonths).to.deep.equal({ critical: 3, high: 1, medium: 9, low: 36 });
      // 31 January + 1 month: the last day of February.
      expect(
        nextReviewDue(
          { ...row('high'), reviewAnchor: anchorDate },
          settings.reviewCadenceMonths,
          'UTC',
        )?.toISOString(),
      ).to.equal('2026-02-28T00:00:00.000Z');

      const after = await admin.agent.get(`/suppliers/${supplierId}`);
      expect(textOf(after.text)).to.include('Reviewed every 1 month');
      expect(textOf(after.text)).to.include(`Next review: ${shownDate(new Date(Date.UTC(2026, 1, 28, 10)))}`);

      const [event] = await auditEvents('settings.review_cadence');
      expect(event?.details).to.deep.equal({ before: '6/12/18/24', after: '3/1/9/36' });
      expect(event?.actor?.id).to.equal(admin.user.id);
    });

    it('a cadence of 0 or more than 60 months → 422 with the reason beside the field; nothing saved', async () => {
      const admin = await signedInAs('admin');
      const response = await submit(admin.agent, '/admin/settings/review-cadence', {
        critical: '0',
        high: '12',
        medium: '61',
        low: 'soon',
      });
      expect(response.status).to.equal(422);
      expect(response.text).to.include('id="field-critical-error"');
      expect(response.text).to.include('The smallest allowed value is 1.');
      expect(response.text).to.include('id="field-medium-error"');
      expect(response.text).to.include('The largest allowed value is 60.');
      expect(response.text).to.include('id="field-low-error"');
      expect(response.text).to.match(/id="field-medium"[^>]*value="61"/);
      expect((await getSettings()).reviewCadenceMonths).to.deep.equal(DEFAULT_SETTINGS.reviewCadenceMonths);
      expect(await auditEvents('settings.review_cadence')).to.have.length(0);
    });
  });
});
