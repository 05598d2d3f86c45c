import { addYears } from './calendar-date.ts';

// When a safeguarding record is reviewed for disposal (issue 13; policy 16). The rule is the
// records guidance's, the periods are the coordinator's to change; what happens at the review
// date is always a DSL's decision, never automatic.

export const recordKinds = ['child', 'allegation', 'adult', 'other'] as const;
export type RecordKind = (typeof recordKinds)[number];

export type RetentionSchedule = Readonly<{
  kind: RecordKind;
  /** Years after the starting point (date of birth, allegation, closure). */
  years: number;
  /** Allegations against staff only: the normal retirement age the record is kept until, if longer. */
  retirementAge: number | null;
  /** Where the period comes from, shown beside it. */
  source: string;
}>;

export const recordKindNames: Record<RecordKind, string> = {
  child: "Child's safeguarding record",
  allegation: 'Allegation against staff, a volunteer or a councillor',
  adult: 'Adult safeguarding record',
  other: 'Other concern',
};

/** What each kind's period counts from, and what it falls back to; shown on the schedules page. */
export const recordKindRules: Record<RecordKind, { rule: string; fallback: string }> = {
  child: {
    rule: "the youngest child's date of birth plus the period",
    fallback:
      'with no date of birth, the latest birth date the approximate age allows; with no age either, the date the concern was recorded',
  },
  allegation: {
    rule: 'the longer of the date of the allegation plus the period, or the normal retirement age of the person it is about',
    fallback:
      "with no date of birth for the person it is about, the date of the allegation plus the period (the review then asks for the person's retirement age)",
  },
  adult: {
    rule: 'the date the concern was closed plus the period',
    fallback: 'an open concern is not reviewed until it is closed',
  },
  other: {
    rule: 'the date the concern was closed plus the period',
    fallback: 'an open concern is not reviewed until it is closed',
  },
};

/** The schedules Haven ships, with the guidance each follows. */
export const defaultRetentionSchedules: readonly RetentionSchedule[] = [
  {
    kind: 'child',
    years: 25,
    retirementAge: null,
    source: 'IRMS Information Management Toolkit for Schools: child protection records, date of birth + 25 years',
  },
  {
    kind: 'allegation',
    years: 10,
    retirementAge: 67,
    source:
      'IRMS Information Management Toolkit for Schools: allegations against staff, until normal retirement age or 10 years from the allegation, whichever is longer',
  },
  {
    kind: 'adult',
    years: 6,
    retirementAge: null,
    source: 'IRMS Retention Guidelines for Local Government: adult safeguarding records, closure + 6 years',
  },
  {
    kind: 'other',
    years: 6,
    retirementAge: null,
    source: 'IRMS Retention Guidelines for Local Government: case records, closure + 6 years',
  },
];

export type RetentionPerson = Readonly<{
  ageGroup: string;
  role: string;
  dateOfBirth: string | null;
  approximateAge: number | null;
  /** The date the approximate age was given on. */
  approximateAgeOn: string | null;
}>;

export type RetentionFacts = Readonly<{
  /** An allegation against staff, a volunteer or a councillor (restriction kind "allegation"). */
  allegation: boolean;
  people: readonly RetentionPerson[];
  happenedOn: string;
  recordedOn: string;
  closedOn: string | null;
}>;

/** Which date the review date was counted from: shown with it, and kept on a disposal's stub. */
export type ReviewBasis =
  | 'date-of-birth'
  | 'approximate-age'
  | 'date-recorded'
  | 'retirement-age'
  | 'date-of-allegation'
  | 'date-of-allegation-no-birth-date'
  | 'closure'
  | 'still-open';

export type ReviewDate = Readonly<{ kind: RecordKind; reviewOn: string | null; basis: ReviewBasis }>;

/** A record's kind: an allegation first, then whether a child is named, then an adult. */
export function recordKindOf(facts: RetentionFacts): RecordKind {
  if (facts.allegation) return 'allegation';
  if (facts.people.some((person) => person.ageGroup === 'child')) return 'child';
  if (facts.people.some((person) => person.ageGroup === 'adult')) return 'adult';
  return 'other';
}

const later = (a: string, b: string) => (a > b ? a : b);

/** The date a record reaches its review, under its kind's schedule. */
export function reviewDate(facts: RetentionFacts, schedules: readonly RetentionSchedule[]): ReviewDate {
  const kind = recordKindOf(facts);
  const schedule = scheduleFor(schedules, kind);
  if (kind === 'child') return childReview(facts, schedule);
  if (kind === 'allegation') return allegationReview(facts, schedule);
  if (!facts.closedOn) return { kind, reviewOn: null, basis: 'still-open' };
  return { kind, reviewOn: addYears(facts.closedOn, schedule.years), basis: 'closure' };
}

export function scheduleFor(schedules: readonly RetentionSchedule[], kind: RecordKind): RetentionSchedule {
  return (
    schedules.find((schedule) => schedule.kind === kind) ??
    defaultRetentionSchedules.find((schedule) => schedule.kind === kind)!
  );
}

/** A child's birth date, or the latest one an approximate age allows (so the record is never reviewed early). */
function birthDateOf(person: RetentionPerson): { on: string; basis: ReviewBasis } | null {
  if (person.dateOfBirth) return { on: person.dateOfBirth, basis: 'date-of-birth' };
  if (person.approximateAge !== null && person.approximateAgeOn) {
    return { on: addYears(person.approximateAgeOn, -person.approximateAge), basis: 'approximate-age' };
  }
  return null;
}

function childReview(facts: RetentionFacts, schedule: RetentionSchedule): ReviewDate {
  const births = facts.people.filter((person) => person.ageGroup === 'child').map(birthDateOf);
  // A child with neither a date of birth nor an age: the record date is the only safe start we have.
  const known = births.filter((birth) => birth !== null);
  const starts =
    known.length === births.length ? known : [...known, { on: facts.recordedOn, basis: 'date-recorded' as const }];
  const latest = starts.reduce((a, b) => (b.on > a.on ? b : a));
  return { kind: 'child', reviewOn: addYears(latest.on, schedule.years), basis: latest.basis };
}

function allegationReview(facts: RetentionFacts, schedule: RetentionSchedule): ReviewDate {
  const fromAllegation = addYears(facts.happenedOn, schedule.years);
  const subject = facts.people.find((person) => person.role === 'alleged_source_of_harm' && person.dateOfBirth);
  if (!subject?.dateOfBirth || schedule.retirementAge === null) {
    return { kind: 'allegation', reviewOn: fromAllegation, basis: 'date-of-allegation-no-birth-date' };
  }
  const retirement = addYears(subject.dateOfBirth, schedule.retirementAge);
  const reviewOn = later(fromAllegation, retirement);
  return { kind: 'allegation', reviewOn, basis: reviewOn === retirement ? 'retirement-age' : 'date-of-allegation' };
}

/** A DSL's "keep until" moves the review on; it never brings it forward. */
export function effectiveReviewOn(ruleDate: string | null, keptUntil: string | null): string | null {
  if (ruleDate === null) return null;
  return keptUntil ? later(ruleDate, keptUntil) : ruleDate;
}

export const reviewBasisNames: Record<ReviewBasis, string> = {
  'date-of-birth': 'date of birth',
  'approximate-age': 'approximate age (latest birth date it allows)',
  'date-recorded': 'date recorded (no date of birth or age)',
  'retirement-age': 'normal retirement age',
  'date-of-allegation': 'date of the allegation',
  'date-of-allegation-no-birth-date': 'date of the allegation (no date of birth: check retirement age)',
  closure: 'date closed',
  'still-open': 'still open',
};
