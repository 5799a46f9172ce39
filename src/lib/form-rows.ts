/**
 * Repeated rows of a plain HTML form (contacts, subprocessors) arrive as flat fields named
 * `<prefix>_<field>_<index>`. This gathers them into one object per row, in index order, and
 * drops rows the user left entirely blank. Fields in `preset` (selects that always carry a
 * value) do not make a row count as filled in.
 */
export function rowsFromForm(
  body: Record<string, unknown>,
  prefix: string,
  fields: readonly string[],
  maxRows = 50,
  preset: readonly string[] = [],
): { rows: Record<string, unknown>[]; formIndexes: number[] } {
  const rows: Record<string, unknown>[] = [];
  const formIndexes: number[] = [];
  for (let index = 0; index < maxRows; index++) {
    const row: Record<string, unknown> = {};
    let present = false;
    let blank = true;
    for (const field of fields) {
      const value = body[`${prefix}_${field}_${index}`];
      if (value === undefined) continue;
      present = true;
      row[field] = value;
      if (preset.includes(field)) continue;
      if (Array.isArray(value) ? value.length > 0 : typeof value !== 'string' || value.trim() !== '')
        blank = false;
    }
    if (present && !blank) {
      rows.push(row);
      formIndexes.push(index);
    }
  }
  return { rows, formIndexes };
}

/** A checkbox group or multiple select: always an array of strings (empty when nothing chosen). */
export function manyValues(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map(String).filter((item) => item !== '');
}
