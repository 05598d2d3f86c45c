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

/** Each type as the national return and the settings pages name it. */
export const sacTypeNames: Record<SacType, string> = {
  physical: 'Physical abuse',
  sexual: 'Sexual abuse',
  psychological: 'Psychological abuse',
  financial_material: 'Financial or material abuse',
  discriminatory: 'Discriminatory abuse',
  organisational: 'Organisational abuse',
  neglect: 'Neglect and acts of omission',
  domestic: 'Domestic abuse',
  sexual_exploitation: 'Sexual exploitation',
  modern_slavery: 'Modern slavery',
  self_neglect: 'Self-neglect',
};
