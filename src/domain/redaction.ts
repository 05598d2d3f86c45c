// Redaction for a subject access response (UK GDPR Art. 15(4); DPA 2018 Sch. 2 para 16): other
// people's names and details are taken out unless they agree or it is reasonable to disclose.
// Haven proposes the names it knows (the other people on the concerns, reporters, professionals
// and recipients); a DSL accepts or rejects each and adds their own before anything is released.

export const redactedMark = '[redacted]';

const fold = (text: string) => text.normalize('NFC').toLocaleLowerCase('en-GB').replace(/\s+/g, ' ').trim();
const words = (name: string) =>
  fold(name)
    .split(/[^\p{L}\p{N}'’-]+/u)
    .filter(Boolean);

/**
 * What to propose for redaction: each third party's full name and each word of it that is not
 * also part of the subject's own name (a first name alone in "what happened"; a shared family
 * name would blank out the subject too, so it is left for the DSL). Words of one or
 * two letters are left out, being too often initials. Distinct, longest first.
 */
export function proposeRedactions(subjectNames: readonly string[], thirdParties: readonly (string | null)[]): string[] {
  const subjectFull = new Set(subjectNames.map(fold));
  const subjectWords = new Set(subjectNames.flatMap(words));
  const proposals = new Map<string, string>();
  for (const raw of thirdParties) {
    const name = raw?.replace(/\s+/g, ' ').trim();
    if (!name || subjectFull.has(fold(name))) continue;
    if (!proposals.has(fold(name))) proposals.set(fold(name), name);
    const parts = name.split(/[^\p{L}\p{N}'’-]+/u).filter(Boolean);
    if (parts.length < 2) continue;
    for (const part of parts) {
      if (part.length < 3 || subjectWords.has(fold(part)) || proposals.has(fold(part))) continue;
      proposals.set(fold(part), part);
    }
  }
  return [...proposals.values()].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The text with every accepted redaction replaced by "[redacted]": whole words only, any case,
 * any run of spaces between words, longest first so "Sam Patel" goes before "Sam".
 */
export function redact(text: string, terms: readonly string[]): string {
  const patterns = [...new Set(terms.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean))]
    .sort((a, b) => b.length - a.length)
    .map((term) => term.split(' ').map(escape).join('\\s+'));
  if (patterns.length === 0) return text;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${patterns.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return text.normalize('NFC').replace(pattern, redactedMark);
}
