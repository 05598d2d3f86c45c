/** The human reference of a concern, e.g. HC-2026-000123: year of receipt and a per-year sequence. */
export function formatConcernReference(year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError('sequence must be a positive integer');
  return `HC-${year}-${String(sequence).padStart(6, '0')}`;
}
