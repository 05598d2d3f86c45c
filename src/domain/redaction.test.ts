import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proposeRedactions, redact } from './redaction.ts';

describe('redaction: what Haven proposes', () => {
  const cases: Array<[string, string[], Array<string | null>, string[]]> = [
    ['a third party and their first and last names', ['Nell Ashworth'], ['Sam Patel'], ['Sam Patel', 'Patel', 'Sam']],
    [
      'never the subject themselves, in any case',
      ['Nell Ashworth'],
      ['nell  ASHWORTH', 'Sam Patel'],
      ['Sam Patel', 'Patel', 'Sam'],
    ],
    ['a shared family name is left for the DSL', ['Nell Ashworth'], ['Tom Ashworth'], ['Tom Ashworth', 'Tom']],
    ['unknown names and blanks are skipped', ['Nell Ashworth'], [null, '  ', 'Jo'], ['Jo']],
    [
      'one name once, however often it appears',
      ['Nell Ashworth'],
      ['Sam Patel', 'sam patel', 'Sam'],
      ['Sam Patel', 'Patel', 'Sam'],
    ],
    ['a single-word name is proposed whole', ['Nell Ashworth'], ['Marguerite'], ['Marguerite']],
    ['two-letter words are not proposed alone', ['Nell Ashworth'], ['Al Li Chen'], ['Al Li Chen', 'Chen']],
  ];
  for (const [what, subject, third, expected] of cases) {
    it(what, () => assert.deepEqual(proposeRedactions(subject, third), expected));
  }
});

describe('redaction: applying what the DSL accepted', () => {
  const cases: Array<[string, string, string[], string]> = [
    ['a full name', 'Sam Patel saw Nell fall.', ['Sam Patel'], '[redacted] saw Nell fall.'],
    ['any case, any spacing', 'SAM   patel said so', ['Sam Patel'], '[redacted] said so'],
    ['longest first', 'Sam Patel and Sam', ['Sam', 'Sam Patel'], '[redacted] and [redacted]'],
    ['whole words only', 'Samantha and Sam', ['Sam'], 'Samantha and [redacted]'],
    ['possessives keep their ending', "Sam's bike", ['Sam'], "[redacted]'s bike"],
    [
      'characters a pattern would read are taken literally',
      'Call 0117 (ext. 2) now',
      ['0117 (ext. 2)'],
      'Call [redacted] now',
    ],
    ['letters with accents', 'Zoë Brontë came', ['Zoë Brontë'], '[redacted] came'],
    ['nothing to redact', 'Nothing here', [], 'Nothing here'],
    ['blank terms are ignored', 'Keep this', ['  '], 'Keep this'],
  ];
  for (const [what, text, terms, expected] of cases) {
    it(what, () => assert.equal(redact(text, terms), expected));
  }
});
