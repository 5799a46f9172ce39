import PDFDocument from 'pdfkit';
import { pdfFonts } from './fonts';

/** What the PDF says about itself in its document information dictionary. */
export interface PdfInfo {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  createdAt: Date;
  /** BCP 47 language of the text, e.g. "zh-CN". */
  language: string;
  /** Written as a custom entry so that a copy can be traced back even when altered. */
  documentId: string;
}

export interface TableColumn {
  header: string;
  /** Share of the text width, 0–1; the shares of a table add up to 1. */
  width: number;
  /** Fixed-width digits (hashes) that must not be mistaken for words. */
  mono?: boolean;
}

export interface Bar {
  label: string;
  /** 0–100, or null when there is nothing to draw. */
  value: number | null;
}

/** Running header and footer texts of one page: [left, right]. */
export interface PageDecoration {
  header?: (page: number, pageCount: number) => [string, string] | undefined;
  footer: (page: number, pageCount: number) => [string, string];
}

const COLOR = {
  text: '#1f2933',
  muted: '#52606d',
  rule: '#cbd2d9',
  headerFill: '#e8edf3',
  bar: '#2f6fb0',
  barTrack: '#e4e7eb',
};
const MARGIN = { top: 66, bottom: 62, left: 50, right: 50 };
const CELL_PADDING = 3;
/**
 * A table row never splits across pages, so a cell holds at most about a page of text: longer
 * free text (a long justification) is cut here, and cut further if the row still does not fit.
 */
const MAX_CELL_CHARS = 1500;

/**
 * A flowing A4 document on top of pdfkit: headings collected into a contents page and the
 * PDF outline, fact lists, tables that continue on the next page under a repeated header
 * row, bar charts, and a running header and footer ("page X of Y") drawn once the page count
 * is known. Every text is set in Noto Sans SC so Chinese and Latin mix freely.
 */
export class PdfLayout {
  private readonly doc: PDFKit.PDFDocument;
  private readonly result: Promise<Buffer>;
  private readonly entries: { title: string; page: number; destination: string }[] = [];
  private contents: { page: number; title: string } | undefined;
  /** Headings wait here until the block under them is placed, so they never end a page alone. */
  private pendingHeadings: { level: 1 | 2; text: string }[] = [];

  constructor(info: PdfInfo) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      lang: info.language,
      displayTitle: true,
      info: {
        Title: info.title,
        Author: info.author,
        Subject: info.subject,
        Keywords: info.keywords,
        Creator: 'Vetted',
        CreationDate: info.createdAt,
        ModDate: info.createdAt,
        ...{ VettedDocumentId: info.documentId },
      },
    });
    const chunks: Buffer[] = [];
    this.result = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    // pdfkit 0.20 takes an opened fontkit font (PDFFontFactory.open); its types list only files.
    const fonts = pdfFonts() as unknown as Record<'regular' | 'bold', Buffer>;
    this.doc.registerFont('regular', fonts.regular);
    this.doc.registerFont('bold', fonts.bold);
    this.doc.font('regular').fontSize(9.5).fillColor(COLOR.text);
  }

  private get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  private get pageNumber(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count;
  }

  newPage(): void {
    this.doc.addPage();
  }

  /** Starts a new page unless `height` points still fit on this one. */
  private ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  /**
   * Makes room for the start of a block (`height` points, e.g. a table's header and first row)
   * together with the headings waiting above it, then draws those headings.
   */
  private startBlock(height: number): void {
    const headings = this.pendingHeadings;
    this.pendingHeadings = [];
    const headingsHeight = headings.reduce((sum, heading) => sum + this.headingHeight(heading), 0);
    this.ensureSpace(headingsHeight + height);
    for (const heading of headings) this.drawHeading(heading);
  }

  private headingHeight({ level, text }: { level: 1 | 2; text: string }): number {
    const size = level === 1 ? 14 : 11;
    return this.font('bold', size).heightOfString(text, { width: this.width }) + (level === 1 ? 20 : 14);
  }

  private drawHeading({ level, text }: { level: 1 | 2; text: string }): void {
    if (level === 2) {
      this.doc.moveDown(0.4);
      this.font('bold', 11).text(text, MARGIN.left, this.doc.y, { width: this.width });
      this.doc.moveDown(0.3);
      return;
    }
    const destination = `section-${this.entries.length + 1}`;
    this.entries.push({ title: text, page: this.pageNumber, destination });
    this.doc.outline.addItem(text);
    this.doc.moveDown(0.6);
    this.font('bold', 14).text(text, MARGIN.left, this.doc.y, { width: this.width, destination });
    const y = this.doc.y + 2;
    this.rule(y, 0.8);
    this.doc.y = y + 8;
  }

  private font(name: 'regular' | 'bold', size: number, color = COLOR.text): PDFKit.PDFDocument {
    return this.doc.font(name).fontSize(size).fillColor(color);
  }

  /** The large title of a cover page. */
  title(text: string, subtitle?: string): void {
    this.font('bold', 22).text(text, MARGIN.left, this.doc.y, { width: this.width });
    if (subtitle) this.font('regular', 13, COLOR.muted).text(subtitle, { width: this.width });
    this.doc.moveDown(1);
  }

  /** Keeps the next page for the contents list, drawn at the end when page numbers are known. */
  reserveContentsPage(title: string): void {
    this.newPage();
    this.contents = { page: this.pageNumber, title };
    this.newPage();
  }

  /** A numbered section heading, listed in the contents and the PDF outline. */
  heading(text: string): void {
    this.pendingHeadings.push({ level: 1, text });
  }

  subheading(text: string): void {
    this.pendingHeadings.push({ level: 2, text });
  }

  /** Flowing text; continues on the next page when it is long. */
  paragraph(text: string, options: { muted?: boolean; size?: number } = {}): void {
    // At least two lines stay with the headings above; the rest may run onto the next page.
    this.startBlock(2.4 * (options.size ?? 9.5));
    this.font('regular', options.size ?? 9.5, options.muted ? COLOR.muted : COLOR.text).text(
      text,
      MARGIN.left,
      this.doc.y,
      { width: this.width },
    );
    this.doc.moveDown(0.5);
  }

  /** Label–value pairs in two columns; a value may run over several lines. */
  facts(rows: readonly (readonly [string, string])[]): void {
    const labelWidth = Math.round(this.width * 0.3);
    const valueWidth = this.width - labelWidth - 8;
    for (const [label, rawValue] of rows) {
      const value = rawValue || '—';
      this.font('regular', 9.5);
      const height = Math.max(
        this.font('bold', 9).heightOfString(label, { width: labelWidth }),
        this.font('regular', 9.5).heightOfString(value, { width: valueWidth }),
      );
      if (height > this.bottom - MARGIN.top) {
        // Longer than a page: the label above and the value flowing under it.
        this.subheading(label);
        this.paragraph(value);
        continue;
      }
      this.startBlock(height + 4);
      const y = this.doc.y;
      this.font('bold', 9, COLOR.muted).text(label, MARGIN.left, y, { width: labelWidth });
      this.font('regular', 9.5).text(value, MARGIN.left + labelWidth + 8, y, { width: valueWidth });
      this.doc.y = y + height + 4;
    }
    this.doc.x = MARGIN.left;
    this.doc.moveDown(0.4);
  }

  /**
   * A table whose rows never split: a row that does not fit starts a new page, which repeats
   * the header row. Cell text wraps inside its column.
   */
  table(columns: readonly TableColumn[], rows: readonly (readonly string[])[], emptyText: string): void {
    if (rows.length === 0) {
      this.paragraph(emptyText, { muted: true });
      return;
    }
    const widths = columns.map((column) => column.width * this.width);
    const headerCells = columns.map((column) => column.header);
    const firstRow = this.fitOnPage((rows[0] ?? []).map(clip), widths, columns);
    this.startBlock(
      this.rowHeight(headerCells, widths, 'bold') + this.rowHeight(firstRow, widths, 'regular', columns),
    );
    const headerHeight = this.rowHeight(headerCells, widths, 'bold');
    const drawHeader = () => {
      const y = this.doc.y;
      this.doc.rect(MARGIN.left, y, this.width, headerHeight).fill(COLOR.headerFill);
      this.drawCells(headerCells, widths, y, () => 'bold');
      this.doc.y = y + headerHeight;
    };
    drawHeader();
    for (const raw of rows) {
      const cells = this.fitOnPage(raw.map(clip), widths, columns);
      const height = this.rowHeight(cells, widths, 'regular', columns);
      if (this.doc.y + height > this.bottom) {
        this.newPage();
        drawHeader();
      }
      const y = this.doc.y;
      this.drawCells(cells, widths, y, (index) => (columns[index]?.mono ? 'mono' : 'regular'));
      this.rule(y + height, 0.4);
      this.doc.y = y + height;
    }
    this.doc.x = MARGIN.left;
    this.doc.moveDown(0.8);
  }

  private cellFont(kind: 'regular' | 'bold' | 'mono'): void {
    // 6.8 pt keeps a 64-digit SHA-256 on one line in a column of 55 % of the text width.
    if (kind === 'mono') this.doc.font('Courier').fontSize(6.8).fillColor(COLOR.text);
    else this.font(kind, 8);
  }

  private rowHeight(
    cells: readonly string[],
    widths: readonly number[],
    kind: 'regular' | 'bold',
    columns?: readonly TableColumn[],
  ): number {
    let tallest = 0;
    cells.forEach((cell, index) => {
      this.cellFont(columns?.[index]?.mono ? 'mono' : kind);
      const width = (widths[index] ?? 0) - 2 * CELL_PADDING;
      tallest = Math.max(tallest, this.doc.heightOfString(cell || ' ', { width }));
    });
    return tallest + 2 * CELL_PADDING;
  }

  /** Shortens the longest cell until the row fits on an empty page. */
  private fitOnPage(cells: string[], widths: readonly number[], columns: readonly TableColumn[]): string[] {
    const room = this.bottom - MARGIN.top - 40;
    while (this.rowHeight(cells, widths, 'regular', columns) > room) {
      const longest = cells.reduce(
        (best, cell, index) => (cell.length > (cells[best]?.length ?? 0) ? index : best),
        0,
      );
      const cell = cells[longest] ?? '';
      cells[longest] = `${cell.slice(0, Math.floor(cell.length * 0.8))}…`;
    }
    return cells;
  }

  private drawCells(
    cells: readonly string[],
    widths: readonly number[],
    y: number,
    kind: (index: number) => 'regular' | 'bold' | 'mono',
  ): void {
    let x = MARGIN.left;
    cells.forEach((cell, index) => {
      const width = widths[index] ?? 0;
      this.cellFont(kind(index));
      this.doc.text(cell, x + CELL_PADDING, y + CELL_PADDING, { width: width - 2 * CELL_PADDING });
      x += width;
    });
  }

  /** Horizontal bars on a 0–100 scale, the value printed beside each bar. */
  barChart(bars: readonly Bar[], noValue: string): void {
    const labelWidth = this.width * 0.38;
    const trackWidth = this.width * 0.5;
    const barHeight = 10;
    for (const bar of bars) {
      this.font('regular', 8.5);
      const height = Math.max(barHeight, this.doc.heightOfString(bar.label, { width: labelWidth - 6 })) + 6;
      this.startBlock(height);
      const y = this.doc.y;
      this.doc.text(bar.label, MARGIN.left, y, { width: labelWidth - 6 });
      const trackX = MARGIN.left + labelWidth;
      this.doc.rect(trackX, y + 1, trackWidth, barHeight).fill(COLOR.barTrack);
      if (bar.value !== null) {
        const filled = Math.max(0, Math.min(100, bar.value)) / 100;
        if (filled > 0) this.doc.rect(trackX, y + 1, trackWidth * filled, barHeight).fill(COLOR.bar);
      }
      this.font(
        bar.value === null ? 'regular' : 'bold',
        8.5,
        bar.value === null ? COLOR.muted : COLOR.text,
      ).text(bar.value === null ? noValue : String(bar.value), trackX + trackWidth + 6, y, {
        width: this.width - labelWidth - trackWidth - 6,
      });
      this.doc.y = y + height;
    }
    this.doc.x = MARGIN.left;
    this.doc.moveDown(0.6);
  }

  /** Draws the contents page, the running header and footer of every page, and ends the PDF. */
  async finish(decoration: PageDecoration): Promise<Buffer> {
    this.startBlock(0);
    const range = this.doc.bufferedPageRange();
    const pageCount = range.count;
    if (this.contents) this.drawContents(this.contents);
    for (let index = 0; index < pageCount; index++) {
      this.doc.switchToPage(range.start + index);
      const page = index + 1;
      // Text in the margins must not make pdfkit start another page.
      const margins = { ...this.doc.page.margins };
      this.doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      const header = decoration.header?.(page, pageCount);
      if (header) this.runningLine(header, 30, true);
      this.runningLine(decoration.footer(page, pageCount), this.doc.page.height - 40, false);
      this.doc.page.margins = margins;
    }
    this.doc.end();
    return this.result;
  }

  private runningLine([left, right]: [string, string], y: number, ruleBelow: boolean): void {
    const half = this.width / 2;
    this.font('regular', 7.5, COLOR.muted);
    this.doc.text(left, MARGIN.left, y, { width: half + 60, lineBreak: false, ellipsis: true, height: 10 });
    this.doc.text(right, MARGIN.left + half + 60, y, {
      width: half - 60,
      align: 'right',
      lineBreak: false,
      ellipsis: true,
      height: 10,
    });
    this.rule(ruleBelow ? y + 13 : y - 5, 0.5);
  }

  /** A thin line across the text width. */
  private rule(y: number, lineWidth: number): void {
    this.doc
      .moveTo(MARGIN.left, y)
      .lineTo(MARGIN.left + this.width, y)
      .lineWidth(lineWidth)
      .strokeColor(COLOR.rule)
      .stroke();
  }

  private drawContents(contents: { page: number; title: string }): void {
    this.doc.switchToPage(contents.page - 1);
    this.doc.y = MARGIN.top;
    this.font('bold', 16).text(contents.title, MARGIN.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.8);
    for (const entry of this.entries) {
      const y = this.doc.y;
      this.font('regular', 10.5).text(entry.title, MARGIN.left, y, {
        width: this.width - 50,
        goTo: entry.destination,
        underline: false,
      });
      this.doc.text(String(entry.page), MARGIN.left + this.width - 50, y, { width: 50, align: 'right' });
      this.doc.y = Math.max(this.doc.y, y + 16);
    }
  }
}

function clip(text: string): string {
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
}
