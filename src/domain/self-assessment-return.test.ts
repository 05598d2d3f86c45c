import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseSelfAssessmentReturn } from './self-assessment-return.ts';

const seed = readFileSync(new URL('../../test/fixtures/self-assessment-2023-24.txt', import.meta.url), 'utf8');

function parsed(text: string) {
  const result = parseSelfAssessmentReturn(text);
  if (!result.ok) assert.fail(JSON.stringify(result.problems));
  return result.value;
}

function problems(text: string) {
  const result = parseSelfAssessmentReturn(text);
  assert.equal(result.ok, false, 'expected the file to be refused');
  return result.ok ? [] : result.problems;
}

const block = (number: string, extra = '') =>
  `${number}\n\nA question?\n\nResponse\n\nWhat we do.\n\nRating\n\n${extra}\n\nEvidence\n\nWhat we did.\n\n`;

describe('reading the 2023-24 return (seed 001)', () => {
  const value = parsed(seed);

  it('keeps every standard, in order, with the year from the title', () => {
    assert.equal(value.yearLabel, '2023-24');
    assert.deepEqual(
      value.standards.map((standard) => standard.number),
      ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9', '1.10', '1.11']
        .concat(['3.1', '3.2', '3.3', '3.4', '3.5'])
        .concat(['5.1', '5.2', '5.3', '5.4', '5.5']),
    );
  });

  it('infers 1.4, whose number line is missing, and says so', () => {
    const standard = value.standards.find((candidate) => candidate.number === '1.4')!;
    assert.equal(standard.numberInferred, true);
    assert.equal(
      standard.question,
      'How do you know that staff across the organisation understand and act on their safeguarding responsibilities?',
    );
    assert.deepEqual(value.notes, [
      { line: 105, message: 'Standard 1.4 has no number line in the file; its number was inferred from 1.3 and 1.5' },
    ]);
    assert.equal(value.standards.filter((candidate) => candidate.numberInferred).length, 1);
  });

  it('keeps the response and evidence paragraphs exactly', () => {
    const standard = value.standards.find((candidate) => candidate.number === '1.4')!;
    assert.match(standard.evidence!, /^We have received 214 reports through MyConcern in the last 12 months\./);
    assert.match(standard.evidence!, /\n\nHousing Services – 56\n\n/);
    assert.equal(standard.evidence!.split('\n\n').length, 17);
    const first = value.standards[0]!;
    assert.match(first.response!, /^Our Council Strategy 2020-24's Thriving Communities Corporate Priority/);
    assert.match(
      first.evidence!,
      /cohort of 12 of the City's most vulnerable people, identified through the Countywide MEAM steering group\.$/,
    );
  });

  it('leaves every blank rating "not recorded"', () => {
    assert.deepEqual(new Set(value.standards.map((standard) => standard.rating)), new Set([null]));
  });

  it('reads the one actions table, under 3.1', () => {
    const withActions = value.standards.filter((standard) => standard.actions.length > 0);
    assert.deepEqual(
      withActions.map((standard) => [
        standard.number,
        standard.actions.map(({ action, lead, dueOn }) => [action, lead, dueOn]),
      ]),
      [
        [
          '3.1',
          [
            [
              'Explore documentation relevant to low value contracts and associated risks for individual organisations.',
              'Safeguarding Coordinator',
              '2024-05-31',
            ],
          ],
        ],
      ],
    );
  });

  it('keeps the guidance, and standards without it (5.2–5.5) have none', () => {
    assert.match(value.standards[0]!.guidance!, /^In the second box \*\*Evidence\*\*/);
    assert.equal(value.standards.find((standard) => standard.number === '5.2')!.guidance, null);
    assert.match(
      value.standards.find((standard) => standard.number === '3.1')!.guidance!,
      /please write NA as your rating response\.$/,
    );
  });
});

describe('ratings and actions as written', () => {
  it('reads Green, Amber, Red and NA in any case', () => {
    const value = parsed(
      `Title 2024-25\n\n${block('1.1', 'Green')}${block('1.2', 'amber')}${block('1.3', 'RED')}${block('1.4', 'N/A')}`,
    );
    assert.deepEqual(
      value.standards.map((standard) => standard.rating),
      ['green', 'amber', 'red', 'not_applicable'],
    );
  });

  it('refuses a rating outside the set, naming its line', () => {
    assert.deepEqual(problems(`Title\n\n${block('1.1', 'Excellent')}`), [
      { line: 13, message: 'Standard 1.1: the rating must be Green, Amber, Red or N/A, or left blank' },
    ]);
  });

  it('refuses an action without a lead or with an impossible date, naming each line', () => {
    const text = `Title\n\n1.1\n\nQ?\n\nResponse\n\nR\n\nRating\n\nActions\n\nAction\tLead\tDue\nDo it\t\t31-05-2024\nDo that\tCoordinator\t31-02-2024\nDone\tCoordinator\t01/06/2024\n\nEvidence\n\nE\n`;
    assert.deepEqual(
      problems(text).map((problem) => problem.line),
      [16, 17],
    );
  });

  it('refuses a file with no standard, and a standard given twice', () => {
    assert.equal(problems('Just some text\n\nwith no numbers\n')[0]!.line, 1);
    assert.deepEqual(problems(`T\n\n${block('1.1')}${block('1.1')}`), [
      { line: 19, message: 'Standard 1.1 appears twice (first on line 3)' },
    ]);
  });

  it('refuses a missing number line it cannot infer', () => {
    const text = `T\n\n1.1\n\nQ?\n\nResponse\n\nR\n\nRating\n\nEvidence\n\nE\n\nAnother question?\n\nResponse\n\nR\n\nRating\n\nEvidence\n\nE\n\n3.1\n\nQ?\n\nResponse\n\nR\n\nRating\n\nEvidence\n\nE\n`;
    assert.deepEqual(problems(text), [
      {
        line: 17,
        message: 'A standard has no number line and its number cannot be told from the standards either side',
      },
    ]);
  });

  it('reads a file saved with a byte-order mark and Windows line endings', () => {
    const value = parsed(`\uFEFFTitle 2023-24\r\n\r\n${block('2.1', 'Green').replaceAll('\n', '\r\n')}`);
    assert.equal(value.standards[0]!.number, '2.1');
    assert.equal(value.standards[0]!.rating, 'green');
    assert.equal(value.title, 'Title 2023-24');
  });
});
