// Made-up but plausible names, addresses and accounts for the synthetic concerns (synthetic-data.ts).

export const firstNames = (
  'Amira Ben Chloe Daniel Ella Farid Grace Harry Isla Jamal Kai Leah Mohammed Nia Oliver Priya ' +
  'Quinn Rosa Sami Tara Umar Violet William Yasmin Zoe Arthur Bethany Callum Dina Ethan Freya George Hana Ibrahim'
).split(' ');
export const lastNames = (
  'Abbott Begum Carter Dawson Evans Fletcher Green Hussain Ingram Jones Khan Lewis Morris Nowak ' +
  'Okafor Patel Quigley Roberts Singh Taylor Usman Vaughan Walker Xu Young Zielinski Ahmed Brown Clarke Davies'
).split(' ');
const streets = (
  'Elm Road|Cowley Road|Iffley Road|Abingdon Road|Botley Road|Marston Street|Howard Street|' +
  'Windmill Road|Headington Road|Barton Lane|Blackbird Leys Road|Rose Hill|Littlemore Road'
).split('|');
const postcodes = 'OX1 4AB|OX2 0DP|OX3 7LJ|OX4 1EU|OX4 6HW|OX3 9BP|OX2 6QA|OX4 4XA'.split('|');
export const places = [
  'Outside the tenant’s flat',
  'Community centre',
  'Leisure centre car park',
  'Customer service centre',
  'A council house on the estate',
  'Temporary accommodation',
  'The town hall',
  'A park near the school',
];
const openings = [
  'During a repair visit the operative heard shouting and a door being forced.',
  'A tenant disclosed that a relative takes their money each week.',
  'A neighbour reported that the flat has been full of visitors at night.',
  'A child said at the community centre that they are often left alone overnight.',
  'The resident appeared frightened of a man who answered the door for them.',
  'A caller to the contact centre said they had thoughts of ending their life.',
];
const middles = [
  'The home was cold and there was little food in the kitchen.',
  'There were unexplained bruises on their arms.',
  'They asked the officer not to tell anyone.',
  'The property smelt strongly of cannabis and there were several mobile phones.',
  'Rubbish and belongings blocked the hallway and the back door.',
  'They seemed confused about the day and the time.',
];
const endings = [
  'The officer stayed until the police arrived.',
  'The reporter gave the contact details of the adult social care team.',
  'No one else in the household was seen.',
  'The tenant agreed to a follow-up visit next week.',
  'The reporter was unsure whether this is a safeguarding matter.',
];
export const whyAtRisk = [
  'Lives alone with care and support needs.',
  'Depends on the person causing harm for daily care.',
  'A child under five in a home with domestic abuse.',
  'Has a learning disability and is being exploited.',
  'Is homeless and sleeping in a stairwell.',
];

export function pick<T>(list: readonly T[], n: number): T {
  return list[Math.abs(Math.floor(n)) % list.length]!;
}

export function personName(n: number): string {
  return `${pick(firstNames, n)} ${pick(lastNames, Math.floor(n / firstNames.length) + n * 7)}`;
}

export function addressOf(n: number): string {
  return `${1 + (n % 180)} ${pick(streets, Math.floor(n / 7))}, Oxford ${pick(postcodes, Math.floor(n / 3))}`;
}

export function account(n: number): string {
  n = Math.floor(n);
  return `${pick(openings, n)} ${pick(middles, n >> 3)} ${pick(endings, n >> 7)}`;
}
