// Likely matches in the person index for someone named on a concern (issue 4). This only ranks
// suggestions: a case worker decides every link, because a wrong link would put one person's
// history in another's chronology. Nothing here, or anywhere, links automatically.

export type PersonFacts = Readonly<{
  name: string | null;
  dateOfBirth: string | null;
  approximateAge: number | null;
  /** The date the approximate age was given on (YYYY-MM-DD). */
  approximateAgeOn: string | null;
  address: string | null;
}>;

export type MatchReason =
  | 'same-name'
  | 'similar-name'
  | 'same-surname'
  | 'same-date-of-birth'
  | 'similar-date-of-birth'
  | 'different-date-of-birth'
  | 'similar-age'
  | 'different-age'
  | 'same-address'
  | 'same-postcode';

export type Match<T> = { candidate: T; score: number; strength: 'strong' | 'possible'; reasons: MatchReason[] };

/** Below this a candidate is not worth a busy officer's attention. */
export const possibleMatchScore = 30;
/** At or above this, name and date of birth (or address) agree. */
export const strongMatchScore = 70;

const titles = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'master']);

/**
 * Lower case, no accents, punctuation or titles: "Dr. Zoë O'Neil" → ["zoe", "oneil"]. Only
 * letters and digits survive, so a word can go into a LIKE pattern without escaping.
 */
export function nameTokens(name: string | null): string[] {
  if (!name) return [];
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token && !titles.has(token));
}

/** The name as stored for finding candidates: its words, space-separated; null when not known. */
export const nameKey = (name: string | null) => nameTokens(name).join(' ') || null;

const postcodePattern = /\b([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})\b/i;

/** A UK postcode in the address, upper case without spaces ("OX14AB"), or null. */
export function postcodeOf(address: string | null): string | null {
  const found = address ? postcodePattern.exec(address) : null;
  return found ? `${found[1]}${found[2]}`.toUpperCase() : null;
}

const addressKey = (address: string | null) =>
  address
    ? address
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim()
    : null;

/** Jaro-Winkler similarity of two words, 0 (nothing alike) to 1 (the same). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

// Surnames are often misspelt (Smith, Smyth); first names less so, and siblings share a surname,
// so a first name must be closer (Jon, John) before Mark and Mary Smith look like one person.
const alike = (a: string, b: string, least = 0.88) => jaroWinkler(a, b) >= least;
// "J Smith" and "Jane Smith": an initial agrees with a first name.
const sameFirstName = (a: string, b: string) =>
  alike(a, b, 0.9) || ((a.length === 1 || b.length === 1) && a[0] === b[0]);

function nameScore(a: string[], b: string[]): [number, MatchReason?] {
  if (!a.length || !b.length) return [0];
  if ([...a].sort().join(' ') === [...b].sort().join(' ')) return [50, 'same-name'];
  const [aFirst, aLast, bFirst, bLast] = [a[0]!, a.at(-1)!, b[0]!, b.at(-1)!];
  // One word known ("Jane", or a nickname): it agrees if it is like any word of the other name.
  const [one, other] = a.length === 1 ? [aFirst, b] : [bFirst, a];
  if (a.length === 1 || b.length === 1) return other.some((t) => alike(one, t, 0.9)) ? [30, 'similar-name'] : [0];
  if (!alike(aLast, bLast)) return [0];
  return sameFirstName(aFirst, bFirst) ? [35, 'similar-name'] : [10, 'same-surname'];
}

/** The year someone was born in, from a date of birth or an approximate age and its date. */
function birthYear(person: PersonFacts): number | null {
  if (person.dateOfBirth) return Number(person.dateOfBirth.slice(0, 4));
  if (person.approximateAge === null || !person.approximateAgeOn) return null;
  return Number(person.approximateAgeOn.slice(0, 4)) - person.approximateAge;
}

function ageScore(a: PersonFacts, b: PersonFacts): [number, MatchReason?] {
  if (a.dateOfBirth && b.dateOfBirth) {
    if (a.dateOfBirth === b.dateOfBirth) return [40, 'same-date-of-birth'];
    const [ay, am, ad] = a.dateOfBirth.split('-');
    const [by, bm, bd] = b.dateOfBirth.split('-');
    // Day and month swapped, or the year mistyped by one: a likely typing slip.
    const swapped = ay === by && am === bd && ad === bm;
    const yearSlip = am === bm && ad === bd && Math.abs(Number(ay) - Number(by)) === 1;
    return swapped || yearSlip ? [15, 'similar-date-of-birth'] : [-40, 'different-date-of-birth'];
  }
  const [ay, by] = [birthYear(a), birthYear(b)];
  if (ay === null || by === null) return [0];
  const apart = Math.abs(ay - by);
  if (apart <= 3) return [10, 'similar-age'];
  return apart > 8 ? [-25, 'different-age'] : [0];
}

function addressScore(a: string | null, b: string | null): [number, MatchReason?] {
  const [aKey, bKey] = [addressKey(a), addressKey(b)];
  if (!aKey || !bKey) return [0];
  if (aKey === bKey) return [30, 'same-address'];
  const postcode = postcodeOf(a);
  return postcode && postcode === postcodeOf(b) ? [20, 'same-postcode'] : [0];
}

/**
 * How alike two records are, and why; a negative part means they disagree. Two known names that
 * share nothing score nothing at all: someone else at the same address is a household member.
 */
export function scoreMatch(subject: PersonFacts, candidate: PersonFacts): { score: number; reasons: MatchReason[] } {
  const [subjectName, candidateName] = [nameTokens(subject.name), nameTokens(candidate.name)];
  const name = nameScore(subjectName, candidateName);
  if (subjectName.length && candidateName.length && name[0] === 0) return { score: 0, reasons: [] };
  const parts = [name, ageScore(subject, candidate), addressScore(subject.address, candidate.address)];
  return {
    score: parts.reduce((sum, [points]) => sum + points, 0),
    reasons: parts.flatMap(([, reason]) => (reason ? [reason] : [])),
  };
}

/** Candidates worth showing, most likely first; a suggestion for a person to confirm, never a link. */
export function rankMatches<T extends PersonFacts>(
  subject: PersonFacts,
  candidates: readonly T[],
  most = 10,
): Match<T>[] {
  return candidates
    .map((candidate) => ({ candidate, ...scoreMatch(subject, candidate) }))
    .filter((match) => match.score >= possibleMatchScore)
    .sort((a, b) => b.score - a.score || (a.candidate.name ?? '').localeCompare(b.candidate.name ?? ''))
    .slice(0, most)
    .map((match) => ({ ...match, strength: match.score >= strongMatchScore ? 'strong' : 'possible' }));
}

/** What to look up in the index to find candidates: name words, date of birth, postcode. */
export function matchSearchTerms(subject: PersonFacts) {
  return {
    nameTokens: nameTokens(subject.name)
      .filter((token) => token.length >= 2)
      .slice(0, 4),
    dateOfBirth: subject.dateOfBirth,
    postcode: postcodeOf(subject.address),
  };
}
