import { expect } from 'chai';
import { signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import {
  LONG,
  downloadReport,
  longContentSupplier,
  longFindingTitle,
  pagesOf,
  purposeMarker,
  qpdfCheck,
  readingText,
} from './support';

describe('reports: a summary longer than a page per section', () => {
  let pdf: Buffer;
  let pages: string[];
  let text: string;

  before(async () => {
    await resetDatabase();
    const auditor = await signedInAs('auditor');
    const supplierId = await longContentSupplier();
    pdf = (await downloadReport(auditor, supplierId, 'en')).body;
    pages = await pagesOf(pdf);
    text = await readingText(pdf);
  });

  it('80 findings: the table runs over several pages, each starting with the header row (Finding, Severity, …)', () => {
    const isRow = (line: string) => /^\s*Gap \d{3}\b/.test(line);
    const withFindings = pages.filter((page) => page.split('\n').some(isRow));
    expect(withFindings.length, 'pages with findings').to.be.at.least(2);
    for (const page of withFindings) {
      const header = page
        .split('\n')
        .findIndex((line) => /^\s*Finding\s+Severity\s+Status\s+Raised\s+Due/.test(line));
      const firstRow = page.split('\n').findIndex(isRow);
      expect(header, `header row on page ${pages.indexOf(page) + 1}`).to.be.at.least(0);
      expect(header, 'above the first row').to.be.below(firstRow);
    }
  });

  it('every one of the 80 findings is listed once, with its severity and status', () => {
    const severities = ['Critical', 'High', 'Medium', 'Low'];
    for (let n = 1; n <= LONG.findings; n++) {
      const title = longFindingTitle(n);
      expect(text.split(title), title).to.have.length(2);
      expect(text, title).to.include(`${title} ${severities[(n - 1) % 4]} Open`);
    }
  });

  it('the purpose of about 5,000 characters flows over the page break whole, in order', () => {
    const all = pages.join('\n');
    const positions = Array.from({ length: LONG.purposeClauses }, (_, index) =>
      all.search(new RegExp(`\\b${purposeMarker(index + 1)}\\b`)),
    );
    expect(
      positions.filter((position) => position < 0),
      'clauses missing',
    ).to.have.length(0);
    expect(positions).to.deep.equal([...positions].sort((a, b) => a - b));
    const first = pages.findIndex((page) => page.includes(purposeMarker(1)));
    const last = pages.findIndex((page) => page.includes(purposeMarker(LONG.purposeClauses)));
    expect(last, 'continued on the next page').to.equal(first + 1);
  });

  it('the contents page points at the page each section starts on, after the long sections too', () => {
    const entries = (pages[1] ?? '')
      .split('\n')
      .map((line) => /^\s*((?:\d\. |Appendix).+?)\s+(\d+)\s*$/.exec(line))
      .filter((match) => match !== null);
    // Five numbered sections, the incidents (6) and the appendix.
    expect(entries.map((match) => match[1])).to.have.length(7);
    for (const [, heading = '', page] of entries) {
      const lines = (pages[Number(page) - 1] ?? '').split('\n').map((line) => line.trim());
      expect(lines, `${heading} on page ${page}`).to.include(heading);
    }
    // The findings start on one page and the reviews after the last page of findings.
    const findingsPage = Number(entries[3]?.[2]);
    const reviewsPage = Number(entries[4]?.[2]);
    expect(reviewsPage - findingsPage).to.be.at.least(2);
  });

  it('the long file is still a sound PDF (qpdf --check) with "Page n of N" on every page', async () => {
    expect(await qpdfCheck(pdf)).to.include('No syntax or stream encoding errors found');
    pages.forEach((page, index) => expect(page).to.include(`Page ${index + 1} of ${pages.length}`));
  });
});
