import { expect } from 'chai';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier } from '../helpers/factories';
import { SUPPLIER_NAME, downloadReport, pagesOf, pdfFonts, pdfInfo, qpdfCheck } from './support';

describe('reports: the PDF file itself', () => {
  let auditor: SignedIn;
  let supplierId: string;
  const files = {} as Record<'en' | 'zh-CN', { pdf: Buffer; documentId: string; asked: Date }>;

  before(async () => {
    await resetDatabase();
    auditor = await signedInAs({ role: 'auditor', name: 'Zhou Min' });
    supplierId = (await createSupplier({ name: SUPPLIER_NAME })).id;
    for (const locale of ['en', 'zh-CN'] as const) {
      const asked = new Date();
      const response = await downloadReport(auditor, supplierId, locale);
      files[locale] = { pdf: response.body, documentId: String(response.headers['x-document-id']), asked };
    }
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`${locale}: qpdf --check finds no damage`, async () => {
      const report = await qpdfCheck(files[locale].pdf);
      expect(report).to.include('No syntax or stream encoding errors found');
    });

    it(`${locale}: pdfinfo shows the title with the supplier's name, the user as author, the subject, the creation date and A4 pages`, async () => {
      const { pdf, documentId, asked } = files[locale];
      const info = await pdfInfo(pdf);
      expect(info.Title).to.equal(
        locale === 'en' ? `Due-diligence summary: ${SUPPLIER_NAME}` : `尽职调查摘要：${SUPPLIER_NAME}`,
      );
      expect(info.Author).to.equal(`Zhou Min <${auditor.user.email}>`);
      expect(info.Subject).to.equal(
        locale === 'en' ? 'Supplier due-diligence summary' : '供应商尽职调查摘要',
      );
      expect(info.Keywords).to.equal(documentId);
      const created = Date.parse(info.CreationDate ?? '');
      expect(created).to.be.within(Math.floor(asked.getTime() / 1000) * 1000 - 1000, Date.now() + 1000);
      expect(info['Page size']).to.include('(A4)');
      expect(Number(info.Pages)).to.equal((await pagesOf(pdf)).length);
    });

    it(`${locale}: Noto Sans SC regular and bold are embedded as subsets`, async () => {
      const noto = (await pdfFonts(files[locale].pdf)).filter((font) => font.name.includes('NotoSansSC'));
      expect(noto.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).sort()).to.deep.equal([
        'NotoSansSC-Bold',
        'NotoSansSC-Regular',
      ]);
      for (const font of noto) expect(font, font.name).to.deep.include({ embedded: true, subset: true });
      // A subset, not the 10 MB font files.
      expect(files[locale].pdf.length).to.be.below(500_000);
    });
  }
});
