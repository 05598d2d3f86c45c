import assert from 'node:assert/strict';
import { it } from 'node:test';
import { restrictionOnArrival } from './restricted-concern.ts';

it('restricts a concern about council staff, volunteers or councillors from the start, and nothing else', () => {
  assert.equal(restrictionOnArrival('council').restricted, 1);
  assert.equal(restrictionOnArrival('council').restriction_kind, 'allegation');
  for (const answer of ['yes', 'no'])
    assert.deepEqual(restrictionOnArrival(answer), { restricted: 0, restriction_kind: null, restriction_reason: null });
});
