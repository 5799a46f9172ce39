import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

/**
 * A cell value made safe for spreadsheets: text that a spreadsheet would read as a formula
 * (starting with = + - @ or a control character) is prefixed with an apostrophe.
 */
export function safeCell(value: string | number | undefined | null): string | number {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | undefined;
  /** Column width in characters (spreadsheets only). */
  width?: number;
}

/**
 * Streams rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese right).
 * Rows may come from a database cursor (an async iterable), so a long list is never held at once.
 */
export async function writeCsv<Row>(
  out: Writable,
  columns: readonly Column<Row>[],
  rows: Iterable<Row> | AsyncIterable<Row>,
): Promise<void> {
  out.write('\ufeff');
  const csv = stringify({ header: true, columns: columns.map((column) => column.header) });
  const done = new Promise<void>((resolve, reject) => {
    csv.on('error', reject);
    csv.on('end', resolve);
  });
  csv.pipe(out);
  for await (const row of rows) {
    if (!csv.write(columns.map((column) => safeCell(column.value(row))))) {
      await new Promise((resolve) => csv.once('drain', resolve));
    }
  }
  csv.end();
  await done;
}

/** Streams rows as an .xlsx workbook with one sheet, a bold header row and filters. */
export async function writeXlsx<Row>(
  out: Writable,
  sheetName: string,
  columns: readonly Column<Row>[],
  rows: Iterable<Row>,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  workbook.creator = 'Vetted';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ header: column.header, width: column.width ?? 18 }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  sheet.getRow(1).commit();
  for (const row of rows) sheet.addRow(columns.map((column) => safeCell(column.value(row)))).commit();
  sheet.commit();
  await workbook.commit();
}
