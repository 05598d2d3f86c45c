import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CaseStep, type ConcernState, decideStep } from './concern-lifecycle.ts';

const awaiting: ConcernState = { status: 'awaiting_triage', restricted: false };
const open: ConcernState = { status: 'open', restricted: false };
const closed: ConcernState = { status: 'closed', restricted: false };
const restricted: ConcernState = { status: 'open', restricted: true };

// [step, state, status after it, or the reason it is refused]
const cases: Array<[CaseStep, ConcernState, { status: string } | { refused: string }]> = [
  ['triage', awaiting, { status: 'open' }],
  ['triage', open, { refused: 'This concern has already been triaged.' }],
  ['triage', closed, { refused: 'This concern has already been triaged.' }],
  ['direct-action', awaiting, { status: 'awaiting_triage' }],
  ['direct-action', open, { status: 'open' }],
  ['direct-action', closed, { refused: 'Reopen the concern before adding an action.' }],
  ['refer', awaiting, { status: 'awaiting_triage' }],
  ['refer', open, { status: 'open' }],
  ['refer', closed, { refused: 'Reopen the concern before recording a referral.' }],
  ['record-referral-outcome', open, { status: 'open' }],
  ['record-referral-outcome', closed, { refused: 'Reopen the concern before recording the outcome of a referral.' }],
  ['record-no-referral', awaiting, { refused: 'Only an open, triaged concern can record this decision.' }],
  ['record-no-referral', open, { status: 'open' }],
  ['record-no-referral', closed, { refused: 'Only an open, triaged concern can record this decision.' }],
  ['escalate', awaiting, { status: 'awaiting_triage' }],
  ['escalate', open, { status: 'open' }],
  ['escalate', closed, { refused: 'Reopen the concern before escalating it.' }],
  ['resolve-escalation', open, { status: 'open' }],
  ['resolve-escalation', closed, { refused: 'Reopen the concern before resolving the escalation.' }],
  ['share-information', awaiting, { status: 'awaiting_triage' }],
  ['share-information', closed, { status: 'closed' }],
  ['restrict', awaiting, { status: 'awaiting_triage' }],
  ['restrict', closed, { status: 'closed' }],
  ['restrict', restricted, { refused: 'This concern is already restricted.' }],
  ['lift-restriction', restricted, { status: 'open' }],
  ['lift-restriction', open, { refused: 'This concern is not restricted.' }],
  ['close', awaiting, { refused: 'The concern has not been triaged yet.' }],
  ['close', open, { status: 'closed' }],
  ['close', restricted, { status: 'closed' }],
  ['close', closed, { refused: 'The concern is already closed.' }],
  ['reopen', closed, { status: 'open' }],
  ['reopen', open, { refused: 'The concern is not closed.' }],
  ['reopen', awaiting, { refused: 'The concern is not closed.' }],
];

describe('concern lifecycle', () => {
  for (const [step, state, expected] of cases) {
    it(`${step} from ${state.status}${state.restricted ? ' (restricted)' : ''}`, () => {
      const decision = decideStep(state, step);
      assert.deepEqual(
        decision,
        'status' in expected
          ? { allowed: true, status: expected.status }
          : { allowed: false, reason: expected.refused },
      );
    });
  }
});
