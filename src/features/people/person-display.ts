import { todayInLondon } from '../../domain/calendar-date.ts';
import { ageOn } from '../../domain/person-age.ts';
import type { Match, MatchReason } from '../../domain/person-match.ts';
import { formatDate } from '../../web/views.ts';

// How a person in the index reads on a page, in the words the recording pages use.

export type ShownPerson = {
  id: string;
  name: string | null;
  dateOfBirth: string | null;
  approximateAge: number | null;
  approximateAgeOn: string | null;
  address: string | null;
};

export const personName = (person: { name: string | null }) => person.name ?? 'Name not known';

/** "Born 3 March 1980 (age 45)", "About 45 on 10 January 2026", or "Not known". */
export function ageText(person: ShownPerson, today = todayInLondon()): string {
  if (person.dateOfBirth) return `Born ${formatDate(person.dateOfBirth)} (age ${ageOn(person.dateOfBirth, today)})`;
  if (person.approximateAge !== null && person.approximateAgeOn) {
    return `About ${person.approximateAge} on ${formatDate(person.approximateAgeOn)}`;
  }
  return 'Not known';
}

/** Summary list rows for a person: age and address, each "Not known" when so. */
export function personRows(person: ShownPerson) {
  return [
    { key: { text: 'Age' }, value: { text: ageText(person) } },
    { key: { text: 'Address' }, value: { text: person.address ?? 'Not known' } },
  ];
}

const detailText = { name: 'Name', dateOfBirth: 'Date of birth', approximateAge: 'Age', address: 'Address' } as const;

/**
 * "Name: HC-2026-000001. Address: HC-2026-000004.": the concern each shown detail came from, for
 * readers who may see that concern (`references` holds only those); no row when none is known.
 */
export function sourceRows(
  person: { [K in keyof typeof detailText as `${K}From`]: string | null } & { [K in keyof typeof detailText]: unknown },
  references: ReadonlyMap<string, string>,
) {
  const known = (Object.keys(detailText) as Array<keyof typeof detailText>).flatMap((detail) => {
    const from = person[`${detail}From`];
    const reference = person[detail] !== null && from ? references.get(from) : undefined;
    return reference ? [`${detailText[detail]}: ${reference}`] : [];
  });
  return known.length ? [{ key: { text: 'Details recorded on' }, value: { text: known.join('. ') } }] : [];
}

const reasonText: Record<MatchReason, string> = {
  'same-name': 'same name',
  'similar-name': 'similar name',
  'same-surname': 'same surname',
  'same-date-of-birth': 'same date of birth',
  'similar-date-of-birth': 'date of birth nearly the same',
  'different-date-of-birth': 'different date of birth',
  'similar-age': 'about the same age',
  'different-age': 'different age',
  'same-address': 'same address',
  'same-postcode': 'same postcode',
};

/** A candidate as a card: who they are and, for a suggested match, why it was suggested. */
export function candidateCard(person: ShownPerson, match?: Pick<Match<unknown>, 'strength' | 'reasons'>) {
  const why = match
    ? [
        {
          key: { text: 'Why suggested' },
          value: {
            text: `${match.strength === 'strong' ? 'Strong' : 'Possible'} match: ${match.reasons.map((r) => reasonText[r]).join(', ')}`,
          },
        },
      ]
    : [];
  return { id: person.id, title: personName(person), rows: [...personRows(person), ...why] };
}
