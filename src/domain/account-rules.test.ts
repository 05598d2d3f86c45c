import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineManagerProblem, looksLikeFormula, passwordProblem } from './account-rules.ts';

describe('account rules', () => {
  it('asks for a password of at least 12 characters, typed the same twice', () => {
    assert.equal(passwordProblem('', ''), 'Enter a password');
    assert.match(passwordProblem('short-pass1', 'short-pass1')!, /at least 12/);
    assert.match(passwordProblem('a long enough one', 'a long enough 1')!, /do not match/);
    assert.equal(passwordProblem('a long enough one', 'a long enough one'), null);
    assert.match(passwordProblem('x'.repeat(1025), 'x'.repeat(1025))!, /1,024 characters or fewer/);
  });

  it('refuses a line manager who is the person, or who reports to them', () => {
    const managerOf = new Map<string, string | null>([
      ['a', null],
      ['b', 'a'],
      ['c', 'b'],
    ]);
    assert.equal(lineManagerProblem('a', 'a', managerOf), 'self');
    assert.equal(lineManagerProblem('a', 'c', managerOf), 'cycle', 'c reports to b, who reports to a');
    assert.equal(lineManagerProblem('c', 'a', managerOf), null);
    assert.equal(lineManagerProblem(null, 'a', managerOf), null, 'a new account reports to anyone');
  });

  it('flags cells a spreadsheet would run, but not a phone number', () => {
    for (const cell of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', ' =HYPERLINK("x")', '\t=1'])
      assert.ok(looksLikeFormula(cell), cell);
    for (const cell of ['Robin Ashby', 'robin@city.example', 'Team lead - housing', ''])
      assert.ok(!looksLikeFormula(cell), cell);
    assert.ok(!looksLikeFormula('+44 20 7946 0000', 'phone'));
    assert.ok(looksLikeFormula('+44=1', 'phone'));
  });
});
