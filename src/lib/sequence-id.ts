/**
 * The `_id` of the n-th entry of a numbered log (audit trail, change log): the number as a
 * 12-digit string. FerretDB answers an `_id` lookup from its index only for string and
 * ObjectId keys (a number key reads the whole table), and zero-padding keeps text order equal
 * to number order.
 */
export function sequenceId(seq: number): string {
  return String(seq).padStart(12, '0');
}
