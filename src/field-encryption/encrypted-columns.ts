// Every column holding special-category free text encrypted at rest (issue 13), for rotation and
// for encrypting rows written before migration 0033. Each table's own queries encrypt and decrypt
// these at their boundary; this list is what `haven keys rotate` walks. Every table here has an
// `id` primary key.
//
// Chosen as free text about people: what happened and why at risk, the context of a visit, the
// reason given for sharing without consent; the case notes written by officers (triage notes, the
// reason no referral was needed, the reason a concern was restricted, what an action asks, why a
// concern was escalated and how it was resolved, why a referral or a disclosure went without
// consent, what an attached file shows); every timeline entry's details (information added later,
// and the notes and reasons steps record there); drafts' answers; disclosures' description of what
// was shared; rectifications' before and after values; a concern history file kept between the
// steps of its import (a day at most).
// Left as they are: names, addresses and dates of birth (the person index matches on them), the
// place a concern happened (a short location), choices from lists, and references; person_events'
// details too, which are no officer's words but ids, a field's name and a merged duplicate's name
// (held plain on its own record, for the same matching).
export const encryptedColumns = {
  concerns: [
    'what_happened',
    'why_at_risk',
    'visit_purpose',
    'consent_reason',
    'triage_notes',
    'no_referral_reason',
    'restriction_reason',
  ],
  concern_events: ['details'],
  concern_drafts: ['answers'],
  concern_actions: ['description'],
  escalations: ['reason', 'resolution'],
  referrals: ['no_consent_reason'],
  disclosures: ['what', 'no_consent_reason'],
  attachments: ['description'],
  concern_imports: ['contents'],
  rectifications: ['before', 'after'],
} as const;

export type EncryptedTable = keyof typeof encryptedColumns;
