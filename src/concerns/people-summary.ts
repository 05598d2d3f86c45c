import { formatDate } from '../web/views.ts';
import { ageGroupText, describeAge, roleInConcernOptions } from './answer-labels.ts';
import type { DraftPerson } from './draft.schema.ts';

// A person as a GOV.UK summary card, on the people page and on check answers.

export const personTitle = (person: Pick<DraftPerson, 'name'>) => person.name ?? 'Name not known';

export function personRows(person: DraftPerson) {
  return [
    { key: { text: 'Role in this concern' }, value: { text: roleInConcernOptions[person.role].text } },
    { key: { text: 'Child or adult' }, value: { text: ageGroupText[person.ageGroup] } },
    { key: { text: 'Age' }, value: { text: describeAge(person.age, formatDate) } },
    { key: { text: 'Address' }, value: { text: person.address ?? 'Not known' } },
  ];
}

/** Summary cards with change and remove links; `suffix` keeps "?change=1" from check answers. */
export function personCards(people: readonly DraftPerson[], peoplePath: string, suffix = '') {
  return people.map((person, i) => {
    // The card adds its title to this hidden text: "Change person 2 (Name not known)".
    const who = `person ${i + 1}`;
    return {
      card: {
        title: { text: personTitle(person) },
        actions: {
          items: [
            { href: `${peoplePath}/${person.id}${suffix}`, text: 'Change', visuallyHiddenText: who },
            { href: `${peoplePath}/${person.id}/remove${suffix}`, text: 'Remove', visuallyHiddenText: who },
          ],
        },
      },
      rows: personRows(person),
    };
  });
}
