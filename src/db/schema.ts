import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ConcernStatus } from '../domain/concern-lifecycle.ts';

// Timestamps are ISO-8601 UTC strings and ids are UUIDs made by the application, so one
// query serves SQLite and PostgreSQL alike and text order is time order.

export interface OrganisationTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ServiceAreaTable {
  id: string;
  organisation_id: string;
  name: string;
  sort_order: number;
  /** People working in the area, for reporting rates (concerns per 100 staff); null when not known. */
  headcount: number | null;
  /** Retired areas are offered for no new concern or account; old concerns keep theirs. */
  retired_at: string | null;
}

export interface UserTable {
  id: string;
  organisation_id: string;
  email: string;
  display_name: string;
  /** Unread since migration 0013: roles live in user_roles. Kept, as SQLite drops a column only by rebuilding the table. */
  role: string;
  service_area_id: string | null;
  password_hash: string;
  created_at: string;
  /** Set when the account is switched off: the person can no longer sign in, by any means. */
  deactivated_at: string | null;
  /** The council identity provider's `sub` for this person, when single sign-on matches on it. */
  sso_subject: string | null;
  /** Told when this person sends a concern (procedures 6.1), unless it is restricted or names them. */
  line_manager_id: string | null;
  job_title: string | null;
  /** A work number shown on "Who to talk to" for Champions and DSLs. */
  phone: string | null;
  /** The HR system's key: re-importing an HR export matches on it before email. */
  employee_number: string | null;
}

/** One sign-in attempt through the identity provider: its outcome code, never a claim's value. */
export interface SingleSignOnEventTable {
  id: string;
  outcome: string;
  user_id: string | null;
  request_id: string | null;
  at: string;
}

/** One role a person holds; a person holds several (migration 0013). */
export interface UserRoleTable {
  user_id: string;
  role: string;
  organisation_id: string;
}

export interface SessionTable {
  id: string;
  user_id: string | null;
  data: string;
  created_at: string;
  expires_at: string;
}

export interface TotpCredentialTable {
  user_id: string;
  /** AES-256-GCM, never the secret itself (accounts/second-factor-secret.ts). */
  encrypted_secret: string;
  /** The 30-second step of the last code accepted: a code of that step or earlier is refused. */
  last_used_step: number | null;
  enrolled_at: string;
}

export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface CategoryTable {
  id: string;
  organisation_id: string;
  name: string;
  applies_to: string;
  sort_order: number;
  /** The Safeguarding Adults Collection type; null for child-only categories and non-abuse themes. */
  sac_type: string | null;
  /** Stable key for route advice (e.g. "radicalisation"), so the name can change. */
  code: string | null;
  /** Offered for no new concern; concerns recorded under it still read as recorded. */
  retired_at: string | null;
  /** The category this one was split from, so figures can be read across the split. */
  split_from_id: string | null;
}

export interface ConcernTable {
  id: string;
  organisation_id: string;
  reference: string;
  reporter_id: string;
  service_area_id: string;
  what_happened: string;
  happened_on: string;
  location: string;
  status: ConcernStatus;
  created_at: string;
  version: Generated<number>;
  /** Set when the concern arrives, and never recomputed: every page and email shows this one. */
  triage_deadline_at: string;
  triaged_at: string | null;
  triaged_by: string | null;
  owner_id: string | null;
  risk_level: string | null;
  triage_notes: string | null;
  no_referral_reason: string | null;
  closed_at: string | null;
  /** 1 when only DSLs and the Head of Business Improvement may see the concern (policy 14.4). */
  restricted: Generated<number>;
  /** Who the concern is about for reports (child, adult, both; null: no person at risk): kept by migration 0034's triggers. */
  report_about: ColumnType<string | null, never, never>;
  restriction_kind: string | null;
  restriction_reason: string | null;
  restricted_by: string | null;
  restricted_at: string | null;
  // Recording (procedures 14.8): null on concerns recorded before these questions existed.
  why_at_risk: string | null;
  visit_purpose: string | null;
  council_tenant: string | null;
  known_to_other_departments: string | null;
  urgency: string | null;
  s42_care_needs: string | null;
  s42_abuse_or_neglect: string | null;
  s42_unable_to_protect: string | null;
  position_of_trust: string | null;
  consent: string | null;
  consent_reason: string | null;
  on_behalf_of_name: string | null;
  on_behalf_of_role: string | null;
  /** Set when retention removed the concern's personal data (migration 0024); only its stub is shown. */
  disposed_at: string | null;
  /** The previous system's reference, for a concern imported from it (migration 0029); unique in an organisation. */
  original_reference: string | null;
  /** When the concern was imported from the previous system; null for a concern recorded in Haven. */
  imported_at: string | null;
}

export interface ClosureDayTable {
  organisation_id: string;
  date: string;
  reason: string;
}

export interface AgencyTable {
  id: string;
  organisation_id: string;
  code: string;
  name: string;
  phone: string;
  hours: string;
  notes: string;
  /** 1 when a disclosure to this agency goes to the Home Office / Secretary of State (NRM, Duty to Notify). */
  home_office: Generated<number>;
  sort_order: number;
  retired_at: string | null;
}

export interface ReferralOutcomeTable {
  id: string;
  organisation_id: string;
  name: string;
  sort_order: number;
  retired_at: string | null;
  /** positive | negative | engaged | not-engaged | not-known (migration 0028); null: not yet classed. */
  outcome_class: string | null;
}

/** One change a coordinator or administrator made: who, when, and the subject before and after (JSON). */
export interface AdministrationChangeTable {
  id: string;
  organisation_id: string;
  actor_id: string;
  subject_type: string;
  subject_id: string;
  action: string;
  before: string | null;
  after: string | null;
  /** 1 when the actor changed their own account (flagged on the history page). */
  own_account: Generated<number>;
  at: string;
}

/** A one-time link to set a password; only a hash of its token is kept. */
export interface AccountInvitationTable {
  id: string;
  organisation_id: string;
  user_id: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** Set when a newer invitation replaced this one (migration 0017): its link no longer works. */
  superseded_at: string | null;
}

/** An HR export being imported: kept between upload, mapping, preview and confirmation (migration 0017). */
/** A CSV of past concerns being imported: kept between upload, mapping, preview and confirmation (migration 0029). */
export interface ConcernImportTable {
  id: string;
  organisation_id: string;
  created_by: string;
  created_at: string;
  file_name: string;
  contents: string;
  /** The mapping chosen so far (concern-history/import-mapping.ts), as JSON. */
  mapping: string | null;
}

/** A named column and value mapping, saved for the next file from the same system. */
export interface ConcernImportMappingTable {
  id: string;
  organisation_id: string;
  name: string;
  mapping: string;
  saved_by: string;
  saved_at: string;
}

export interface AccountImportTable {
  id: string;
  organisation_id: string;
  created_by: string;
  created_at: string;
  contents: string;
  mapping: string | null;
}

/** A WebAuthn credential (passkey): its id and public key, never a secret. */
export interface PasskeyCredentialTable {
  /** The credential id, base64url. */
  id: string;
  user_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** JSON array of transports the authenticator reported, if any. */
  transports: string | null;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export interface ConcernActionTable {
  id: string;
  organisation_id: string;
  concern_id: string;
  description: string;
  assignee_id: string;
  due_on: string;
  created_by: string;
  created_at: string;
  done_at: string | null;
  done_by: string | null;
}

export interface ReferralTable {
  id: string;
  organisation_id: string;
  concern_id: string;
  agency_id: string;
  referred_on: string;
  external_reference: string;
  professional: string;
  consent: string;
  no_consent_reason: string | null;
  outcome_id: string | null;
  outcome_on: string | null;
  created_by: string;
  created_at: string;
}

export interface EscalationTable {
  id: string;
  organisation_id: string;
  concern_id: string;
  reason: string;
  escalated_by: string;
  escalated_at: string;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

export interface DisclosureTable {
  id: string;
  organisation_id: string;
  concern_id: string;
  referral_id: string | null;
  shared_on: string;
  what: string;
  agency_id: string;
  recipient: string;
  lawful_basis: string;
  consent: string;
  no_consent_reason: string | null;
  /** Copied from the agency when logged, so the Home Office report survives later edits to agencies. */
  home_office: number;
  recorded_by: string;
  recorded_at: string;
}

export interface AttachmentTable {
  id: string;
  organisation_id: string;
  concern_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  description: string;
  uploaded_by: string;
  uploaded_at: string;
}

/** One piece (256KB at most) of an attachment's bytes, in the database store (migration 0027). */
export interface AttachmentChunkTable {
  attachment_id: string;
  organisation_id: string;
  seq: number;
  bytes: Uint8Array;
}

/** Written last, with the chunks: an attachment's bytes are in the database store only when this row is. */
export interface AttachmentContentTable {
  attachment_id: string;
  organisation_id: string;
  size_bytes: number;
  chunk_count: number;
  stored_at: string;
}

export interface ConcernEventTable {
  id: string;
  organisation_id: string;
  concern_id: string;
  kind: string;
  details: string;
  actor_id: string;
  at: string;
}

export interface ConcernPersonTable {
  id: string;
  organisation_id: string;
  concern_id: string;
  name: string | null;
  age_group: string;
  role_in_concern: string;
  date_of_birth: string | null;
  approximate_age: number | null;
  address: string | null;
  sort_order: Generated<number>;
  /** The person index record this person is; null until a case worker links them. */
  person_id: string | null;
}

export interface ConcernChildUrgentSignTable {
  organisation_id: string;
  concern_id: string;
  sign: string;
}

export interface ConcernRouteTable {
  organisation_id: string;
  concern_id: string;
  agency_id: string;
  status: string;
}

/** Concern counts by received day and dimension, kept by migration 0034's triggers: never written by code. */
export interface ConcernReportCountTable {
  organisation_id: string;
  dimension: string;
  received_day: string;
  item: string;
  n: number;
}

export interface ConcernCategoryTable {
  organisation_id: string;
  concern_id: string;
  category_id: string;
}

export interface ConcernDraftTable {
  id: string;
  user_id: string;
  organisation_id: string;
  answers: string;
  created_at: string;
  updated_at: string;
}

export interface ReferenceCounterTable {
  organisation_id: string;
  year: number;
  last_number: number;
}

/** Failed sign-ins against one account or one address; key is a keyed hash, never the email or address. */
export interface SignInThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  last_failure_at: string;
}

export interface AuditEventTable {
  id: string;
  organisation_id: string;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  request_id: string | null;
  at: string;
  /** 0 while the row waits to join the by-subject index (SQLite listings, migration 0021). */
  in_subject_index: Generated<number>;
  /** Its place in its organisation's audit chain, 1, 2, 3… (migration 0026; domain/audit-chain.ts). */
  chain_seq: number | null;
  /** SHA-256 over its fields, its place and the hash of the event before it. */
  chain_hash: string | null;
}

/** A list a page showed, kept once however often it is shown (migration 0038; domain/audit-listing.ts). */
export interface AuditListingTable {
  /** The hash of the organisation, what is listed and the members (listingId). */
  id: string;
  organisation_id: string;
  subject_type: 'concern' | 'person';
  members: number;
}

export interface AuditListingMemberTable {
  listing_id: string;
  subject_id: string;
}

/** The last link of each organisation's audit chain; writers lock it to append. */
export interface AuditChainHeadTable {
  organisation_id: string;
  last_seq: number;
  last_hash: string;
}

/** One real person in the person index; concern_people rows link to it (issue 4). */
export interface PersonTable {
  id: string;
  organisation_id: string;
  name: string | null;
  date_of_birth: string | null;
  approximate_age: number | null;
  /** The date the approximate age was given on (YYYY-MM-DD). */
  approximate_age_on: string | null;
  address: string | null;
  /** The name's words, normalised for finding candidates (domain/person-match.ts nameTokens). */
  name_key: string | null;
  /** The UK postcode in the address, upper case without spaces. */
  postcode: string | null;
  household_id: string | null;
  /**
   * The concern each detail came from (issue 11.5): a detail from a restricted concern is shown
   * only to those who may see that concern. Null when no concern recorded it.
   */
  name_from_concern_id: string | null;
  date_of_birth_from_concern_id: string | null;
  approximate_age_from_concern_id: string | null;
  address_from_concern_id: string | null;
  /** Set when this record was merged into another as a duplicate; it is then never shown. */
  merged_into_id: string | null;
  created_at: string;
  created_by: string;
}

/** A change to the person index: created, linked, merged, household joined or left. */
export interface PersonEventTable {
  id: string;
  organisation_id: string;
  person_id: string;
  /** The concern the change came from, if any, so it is hidden with a restricted concern. */
  concern_id: string | null;
  kind: string;
  details: string;
  actor_id: string;
  at: string;
}

/** A subject access request about a person in the index (issue 13; UK GDPR Art. 15). */
export interface SubjectAccessRequestTable {
  id: string;
  organisation_id: string;
  person_id: string;
  /** The day the request was received (YYYY-MM-DD): the statutory clock runs from it. */
  received_on: string;
  /** 0, 1 or 2 further months (domain/subject-access-clock.ts). */
  extension_months: Generated<number>;
  extension_reason: string | null;
  created_by: string;
  created_at: string;
  /** Set on release; the request is read-only from then on. */
  released_by: string | null;
  released_at: string | null;
  version: Generated<number>;
}

/** A name or detail to take out of a subject access response, and the DSL's decision on it. */
export interface SubjectAccessRedactionTable {
  id: string;
  organisation_id: string;
  request_id: string;
  text: string;
  origin: 'proposed' | 'added';
  decision: 'undecided' | 'redact' | 'keep';
  decided_by: string | null;
  decided_at: string | null;
  sort_order: number;
}

/** A correction of a person's detail or a concern's recorded answer: before, after and why (Art. 16). */
export interface RectificationTable {
  id: string;
  organisation_id: string;
  subject_type: 'person' | 'concern';
  subject_id: string;
  field: string;
  before: string | null;
  after: string | null;
  reason: string;
  actor_id: string;
  at: string;
}

/** A background job; `status` is pending | running | done | failed. */
export interface JobTable {
  id: string;
  organisation_id: string;
  kind: string;
  /** JSON holding ids only, never personal data. */
  payload: string;
  dedupe_key: string;
  status: string;
  attempts: Generated<number>;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  /** An error code, never a message that could carry personal data. */
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

// The assurance loop (issue 10, migration 0022).
export type AssessmentRating = 'green' | 'amber' | 'red' | 'not_applicable';
export type AssessmentProgress = 'not_started' | 'in_progress' | 'completed';
export type ActionPlanStatus = 'not_started' | 'in_progress' | 'completed';
export type ScrutinyResponse = 'agreed' | 'partially_agreed' | 'not_agreed';

export interface SelfAssessmentTemplateTable {
  id: string;
  organisation_id: string;
  title: string;
  year_label: string;
  version: Generated<number>;
  based_on_id: string | null;
  created_at: string;
  created_by: string | null;
}
export interface SelfAssessmentSectionTable {
  id: string;
  template_id: string;
  number: number;
  title: string;
}
export interface SelfAssessmentStandardTable {
  id: string;
  template_id: string;
  section_id: string;
  number: string;
  position: number;
  question: string;
  guidance: string | null;
  allows_not_applicable: Generated<number>;
}
export interface SelfAssessmentTable {
  id: string;
  organisation_id: string;
  template_id: string;
  year_label: string;
  status: 'in_progress' | 'submitted';
  started_from_id: string | null;
  imported: Generated<number>;
  created_at: string;
  created_by: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
}
export interface SelfAssessmentAnswerTable {
  id: string;
  assessment_id: string;
  standard_id: string;
  response: string | null;
  evidence: string | null;
  rating: AssessmentRating | null;
  progress: AssessmentProgress;
  version: Generated<number>;
  updated_at: string;
  updated_by: string | null;
}
// The self-assessment's commitments, peer review and rating history (issue 10, migration 0023).
export interface SelfAssessmentCommitmentTable {
  id: string;
  organisation_id: string;
  title: string;
  statement: string;
  position: number;
  created_at: string;
}
export interface SelfAssessmentCommitmentUpdateTable {
  id: string;
  organisation_id: string;
  commitment_id: string;
  written_on: string;
  rating: 'green' | 'amber' | 'red';
  body: string;
  written_by: string | null;
  created_at: string;
}
export interface SelfAssessmentReviewLinkTable {
  id: string;
  organisation_id: string;
  assessment_id: string;
  reviewer_name: string;
  reviewer_organisation: string;
  token_hash: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}
export interface SelfAssessmentChallengeTable {
  id: string;
  organisation_id: string;
  assessment_id: string;
  answer_id: string;
  review_link_id: string;
  challenge: string;
  created_at: string;
  response: string | null;
  responded_at: string | null;
  responded_by: string | null;
  version: Generated<number>;
}
export interface SelfAssessmentRatingChangeTable {
  id: string;
  organisation_id: string;
  answer_id: string;
  challenge_id: string | null;
  rating_before: AssessmentRating | null;
  rating_after: AssessmentRating | null;
  changed_by: string | null;
  changed_at: string;
}
export interface ActionPlanTable {
  id: string;
  organisation_id: string;
  title: string;
  year_label: string;
  owner: string | null;
  author: string | null;
  last_reviewed_on: string | null;
  next_review_on: string | null;
  document_version: string | null;
  created_at: string;
  /** Migration 0031: the edit version of the document control (document_version is the plan's own). */
  version: Generated<number>;
}
export interface ActionPlanActionTable {
  id: string;
  organisation_id: string;
  action_plan_id: string;
  standard_area: string | null;
  objective: string | null;
  action: string;
  input: string | null;
  desired_outcome: string | null;
  lead_name: string;
  lead_user_id: string | null;
  timescale: string | null;
  due_on: string | null;
  status: ActionPlanStatus;
  completed_on: string | null;
  self_assessment_answer_id: string | null;
  scrutiny_recommendation_id: string | null;
  version: Generated<number>;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}
export interface ActionPlanUpdateTable {
  id: string;
  action_id: string;
  written_on: string;
  body: string;
  written_by: string | null;
  created_at: string;
}
export interface RiskTable {
  id: string;
  organisation_id: string;
  reference: string | null;
  title: string;
  description: string;
  kind: 'threat' | 'opportunity';
  cause: string | null;
  consequence: string | null;
  raised_on: string;
  owner_name: string;
  gross_impact: number;
  gross_probability: number;
  current_impact: number;
  current_probability: number;
  residual_impact: number;
  residual_probability: number;
  comments: string | null;
  review_on: string | null;
  closed_on: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}
export interface RiskControlTable {
  id: string;
  risk_id: string;
  position: number;
  description: string;
  due_on: string | null;
  status: string;
  progress_percent: number | null;
  action_owner: string | null;
}
export interface ScrutinyRecommendationTable {
  id: string;
  organisation_id: string;
  number: number;
  recommendation: string;
  made_on: string;
  committee: string;
  report_title: string;
  response: ScrutinyResponse | null;
  response_comment: string | null;
  responsible_member: string | null;
  responded_on: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}
export interface SafeguardingPolicyReviewTable {
  organisation_id: string;
  last_reviewed_on: string | null;
  last_approved_on: string | null;
  version: Generated<number>;
  updated_at: string;
  updated_by: string | null;
}

export interface SelfAssessmentImportTable {
  id: string;
  organisation_id: string;
  created_by: string;
  created_at: string;
  contents: string;
}

/** A coordinator's change to a retention schedule; kinds without a row follow the shipped default. */
export interface RetentionScheduleTable {
  organisation_id: string;
  record_kind: string;
  years: number;
  retirement_age: number | null;
  source: string;
  changed_by: string;
  changed_at: string;
}

/** A legal hold on a concern, a person in the index or a category: nothing it covers is disposed of. */
export interface LegalHoldTable {
  id: string;
  organisation_id: string;
  /** concern | person | category */
  scope: string;
  concern_id: string | null;
  person_id: string | null;
  category_id: string | null;
  /** Why (an inquiry, litigation, a case review): kept here, never in an audit row. */
  reason: string;
  placed_by: string;
  placed_at: string;
  lifted_by: string | null;
  lifted_at: string | null;
}

/** A DSL's decision at a record's review date; a disposal's row is the stub the concern keeps. */
export interface RetentionDecisionTable {
  id: string;
  organisation_id: string;
  concern_id: string;
  /** keep | dispose | anonymise */
  decision: string;
  keep_until: string | null;
  record_kind: string;
  basis: string;
  review_on: string;
  rule: string;
  decided_by: string;
  decided_at: string;
  /** pending | done */
  status: string;
  carried_out_at: string | null;
}

/** One check value per key id that has encrypted here (migration 0033): a wrong key stops Haven at start. */
export interface FieldEncryptionKeyTable {
  key_id: string;
  check_value: string;
  created_at: string;
}

/** Steps of encryption at rest done once (migration 0033): existing rows encrypted at first start. */
export interface FieldEncryptionStateTable {
  name: string;
  done_at: string | null;
}

export interface Database {
  organisations: OrganisationTable;
  service_areas: ServiceAreaTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  single_sign_on_events: SingleSignOnEventTable;
  categories: CategoryTable;
  concerns: ConcernTable;
  concern_people: ConcernPersonTable;
  concern_categories: ConcernCategoryTable;
  concern_report_counts: ConcernReportCountTable;
  concern_drafts: ConcernDraftTable;
  reference_counters: ReferenceCounterTable;
  audit_events: AuditEventTable;
  audit_chain_heads: AuditChainHeadTable;
  audit_listings: AuditListingTable;
  audit_listing_members: AuditListingMemberTable;
  closure_days: ClosureDayTable;
  agencies: AgencyTable;
  referral_outcomes: ReferralOutcomeTable;
  administration_changes: AdministrationChangeTable;
  account_invitations: AccountInvitationTable;
  account_imports: AccountImportTable;
  concern_imports: ConcernImportTable;
  concern_import_mappings: ConcernImportMappingTable;
  passkey_credentials: PasskeyCredentialTable;
  concern_actions: ConcernActionTable;
  referrals: ReferralTable;
  escalations: EscalationTable;
  concern_events: ConcernEventTable;
  concern_child_urgent_signs: ConcernChildUrgentSignTable;
  concern_routes: ConcernRouteTable;
  disclosures: DisclosureTable;
  attachments: AttachmentTable;
  attachment_chunks: AttachmentChunkTable;
  attachment_contents: AttachmentContentTable;
  jobs: JobTable;
  people: PersonTable;
  person_events: PersonEventTable;
  sign_in_throttles: SignInThrottleTable;
  totp_credentials: TotpCredentialTable;
  recovery_codes: RecoveryCodeTable;
  self_assessment_templates: SelfAssessmentTemplateTable;
  self_assessment_sections: SelfAssessmentSectionTable;
  self_assessment_standards: SelfAssessmentStandardTable;
  self_assessments: SelfAssessmentTable;
  self_assessment_answers: SelfAssessmentAnswerTable;
  action_plans: ActionPlanTable;
  action_plan_actions: ActionPlanActionTable;
  action_plan_updates: ActionPlanUpdateTable;
  risks: RiskTable;
  risk_controls: RiskControlTable;
  scrutiny_recommendations: ScrutinyRecommendationTable;
  self_assessment_imports: SelfAssessmentImportTable;
  subject_access_requests: SubjectAccessRequestTable;
  subject_access_redactions: SubjectAccessRedactionTable;
  rectifications: RectificationTable;
  field_encryption_keys: FieldEncryptionKeyTable;
  field_encryption_state: FieldEncryptionStateTable;
  self_assessment_commitments: SelfAssessmentCommitmentTable;
  self_assessment_commitment_updates: SelfAssessmentCommitmentUpdateTable;
  self_assessment_review_links: SelfAssessmentReviewLinkTable;
  self_assessment_challenges: SelfAssessmentChallengeTable;
  self_assessment_rating_changes: SelfAssessmentRatingChangeTable;
  retention_schedules: RetentionScheduleTable;
  legal_holds: LegalHoldTable;
  retention_decisions: RetentionDecisionTable;
  safeguarding_policy_reviews: SafeguardingPolicyReviewTable;
}

export type UserRow = Selectable<UserTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
