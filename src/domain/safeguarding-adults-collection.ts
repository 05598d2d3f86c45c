// The national Safeguarding Adults Collection (SAC) types of abuse or risk. Every adult abuse
// category in a council's taxonomy maps to one, so Haven's figures can fill the annual return.

export const sacTypes = [
  'physical',
  'sexual',
  'psychological',
  'financial_material',
  'discriminatory',
  'organisational',
  'neglect',
  'domestic',
  'sexual_exploitation',
  'modern_slavery',
  'self_neglect',
] as const;

export type SacType = (typeof sacTypes)[number];
