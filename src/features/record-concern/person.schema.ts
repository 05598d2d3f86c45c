import { z } from 'zod';
import { parseCalendarDate } from '../../domain/calendar-date.ts';
import { type AgeGroup, type AgeProblem, ageOn, ageProblem } from '../../domain/person-age.ts';
import { type DraftPerson, type PersonAge, rolesInConcern } from '../../concerns/draft.schema.ts';

// One person on the concern. Name, age and address may each be "not known" and completed
// later (procedures 14.8); the role is asked for each person, so nothing carries over.

const dateOfBirthMessages = {
  missing: 'Enter their date of birth',
  incomplete: {
    day: 'Their date of birth must include a day',
    month: 'Their date of birth must include a month',
    year: 'Their date of birth must include a year',
  },
  'not-real': 'Their date of birth must be a real date',
  future: 'Their date of birth must be today or in the past',
  past: 'Their date of birth must be a real date',
} as const;

const ageMessages: Record<'dateOfBirth' | 'approximateAge', Record<AgeProblem, string>> = {
  dateOfBirth: {
    'too-old': 'Their date of birth makes them older than 120: check the year',
    'adult-is-under-18': 'Their date of birth makes them under 18: check it, or say they are a child',
    'child-is-18-or-over': 'Their date of birth makes them 18 or over: check it, or say they are an adult',
  },
  approximateAge: {
    'too-old': 'Their approximate age must be 120 or less',
    'adult-is-under-18': 'An adult is 18 or over: enter an age of 18 or more, or say they are a child',
    'child-is-18-or-over': 'A child is under 18: enter an age under 18, or say they are an adult',
  },
};

// Every field is read as text first, so one submission reports every problem at once.
const form = z.object({
  role: z.string().optional(),
  name: z.string().trim().max(200, 'Their name must be 200 characters or fewer').default(''),
  nameUnknown: z.literal('yes', { error: 'Select the box only if you do not know their name' }).optional(),
  ageGroup: z.string().optional(),
  ageUnknown: z.literal('yes', { error: 'Select the box only if you do not know their age' }).optional(),
  // No length check: a long or odd date is "not a real date", said in Haven's words below.
  'dateOfBirth-day': z.string().default(''),
  'dateOfBirth-month': z.string().default(''),
  'dateOfBirth-year': z.string().default(''),
  approximateAge: z.string().trim().max(10, 'Their approximate age must be a whole number, like 45').default(''),
  address: z.string().trim().max(500, 'Their address must be 500 characters or fewer').default(''),
  addressUnknown: z.literal('yes', { error: 'Select the box only if you do not know where they live' }).optional(),
});

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined =>
  values.find((v) => v === value);

type Form = z.output<typeof form>;
type Issue = { path: string; message: string; anchor?: string };

/** Validates the person page and gives the person as the draft keeps them (without their id). */
export function personAnswers(today: string) {
  return form.transform((answers, ctx) => {
    const issues: Issue[] = [];
    const role = oneOf(rolesInConcern, answers.role);
    if (!role) issues.push({ path: 'role', message: 'Select how they are involved' });
    if (!answers.nameUnknown && answers.name === '') {
      issues.push({ path: 'name', message: 'Enter their name, or select ‘I do not know their name’' });
    }
    // A name typed and "I do not know" ticked: which is right is theirs to say, not ours to guess.
    if (answers.nameUnknown && answers.name !== '') {
      issues.push({ path: 'name', message: 'Enter their name or select ‘I do not know their name’, not both' });
    }
    const ageGroup = oneOf(['child', 'adult'] as const, answers.ageGroup);
    if (!ageGroup) issues.push({ path: 'ageGroup', message: 'Select whether they are a child or an adult' });
    const age = readAge(answers, ageGroup, today, issues);
    if (!answers.addressUnknown && answers.address === '') {
      issues.push({ path: 'address', message: 'Enter their address, or select ‘I do not know where they live’' });
    }
    if (answers.addressUnknown && answers.address !== '') {
      const message = 'Enter their address or select ‘I do not know where they live’, not both';
      issues.push({ path: 'address', message });
    }
    for (const { path, message, anchor } of issues) {
      ctx.addIssue({ code: 'custom', path: [path], message, ...(anchor ? { params: { anchor } } : {}) });
    }
    if (issues.length > 0 || !role || !ageGroup || !age) return z.NEVER;
    const person: Omit<DraftPerson, 'id'> = {
      role,
      name: answers.nameUnknown ? null : answers.name,
      ageGroup,
      age,
      address: answers.addressUnknown ? null : answers.address,
    };
    return person;
  });
}

// Like name and address: what they know, or "I do not know". Typing both a date of birth and
// an age is a contradiction to resolve, not a choice to make for them.
function readAge(answers: Form, ageGroup: AgeGroup | undefined, today: string, issues: Issue[]): PersonAge | null {
  const dateTyped = [answers['dateOfBirth-day'], answers['dateOfBirth-month'], answers['dateOfBirth-year']].some(
    (part) => part.trim() !== '',
  );
  if (answers.ageUnknown) {
    if (!dateTyped && answers.approximateAge === '') return { kind: 'unknown' };
    issues.push(
      dateTyped
        ? {
            path: 'dateOfBirth',
            anchor: 'dateOfBirth-day',
            message: 'Enter their date of birth or select ‘I do not know their age’, not both',
          }
        : {
            path: 'approximateAge',
            message: 'Enter roughly how old they are or select ‘I do not know their age’, not both',
          },
    );
    return null;
  }
  if (dateTyped && answers.approximateAge !== '') {
    issues.push({ path: 'approximateAge', message: 'Enter their date of birth or roughly how old they are, not both' });
    return null;
  }
  if (answers.approximateAge !== '' || !dateTyped) {
    return readApproximateAge(answers.approximateAge, ageGroup, issues);
  }
  const parts = {
    day: answers['dateOfBirth-day'],
    month: answers['dateOfBirth-month'],
    year: answers['dateOfBirth-year'],
  };
  const date = parseCalendarDate(parts, today);
  if (!date.ok) {
    const message =
      date.problem === 'incomplete' ? dateOfBirthMessages.incomplete[date.field] : dateOfBirthMessages[date.problem];
    issues.push({ path: 'dateOfBirth', message, anchor: `dateOfBirth-${date.field}` });
    return null;
  }
  const problem = ageProblem(ageOn(date.date, today), ageGroup ?? 'unknown');
  if (problem) {
    issues.push({ path: 'dateOfBirth', message: ageMessages.dateOfBirth[problem], anchor: 'dateOfBirth-day' });
    return null;
  }
  return { kind: 'date_of_birth', dateOfBirth: date.date };
}

function readApproximateAge(text: string, ageGroup: AgeGroup | undefined, issues: Issue[]): PersonAge | null {
  if (text === '') {
    const message = 'Enter their date of birth or roughly how old they are, or select ‘I do not know their age’';
    issues.push({ path: 'dateOfBirth', message, anchor: 'dateOfBirth-day' });
    return null;
  }
  if (!/^\d{1,3}$/.test(text)) {
    issues.push({ path: 'approximateAge', message: 'Their approximate age must be a whole number, like 45' });
    return null;
  }
  const years = Number(text);
  const problem = ageProblem(years, ageGroup ?? 'unknown');
  if (problem) {
    issues.push({ path: 'approximateAge', message: ageMessages.approximateAge[problem] });
    return null;
  }
  return { kind: 'approximate', years };
}

/** What the person page shows for a saved person: the form's own field names. */
export function personFormValues(person: DraftPerson | undefined): Record<string, unknown> {
  if (!person) return {};
  const [year = '', month = '', day = ''] =
    person.age.kind === 'date_of_birth' ? person.age.dateOfBirth.split('-') : [];
  return {
    role: person.role,
    name: person.name ?? '',
    nameUnknown: person.name === null ? 'yes' : undefined,
    ageGroup: person.ageGroup,
    ageUnknown: person.age.kind === 'unknown' ? 'yes' : undefined,
    'dateOfBirth-day': day.replace(/^0/, ''),
    'dateOfBirth-month': month.replace(/^0/, ''),
    'dateOfBirth-year': year,
    approximateAge: person.age.kind === 'approximate' ? String(person.age.years) : '',
    address: person.address ?? '',
    addressUnknown: person.address === null ? 'yes' : undefined,
  };
}
