import assert from 'node:assert/strict';
import { it } from 'node:test';
import { type CaseFacts, closureBlockers } from './case-closure.ts';

const ready: CaseFacts = {
  status: 'open',
  referrals: 1,
  referralsWithoutOutcome: 0,
  openActions: 0,
  noReferralReason: null,
  openEscalations: 0,
};

it('lists exactly what blocks closing a case', () => {
  const table: Array<[string, Partial<CaseFacts>, string[]]> = [
    ['all done', {}, []],
    ['no referral, with a reason', { referrals: 0, noReferralReason: 'Already managed by the tenancy team' }, []],
    ['not triaged', { status: 'awaiting_triage' }, ['not-triaged']],
    ['closed', { status: 'closed' }, ['already-closed']],
    ['referral awaiting outcome', { referralsWithoutOutcome: 1 }, ['referral-without-outcome']],
    ['action outstanding', { openActions: 2 }, ['action-not-done']],
    ['no decision', { referrals: 0 }, ['no-decision']],
    ['escalation open', { openEscalations: 1 }, ['escalation-open']],
    [
      'several',
      { referrals: 0, openActions: 1, openEscalations: 1 },
      ['action-not-done', 'no-decision', 'escalation-open'],
    ],
  ];
  for (const [name, change, expected] of table) {
    assert.deepEqual(closureBlockers({ ...ready, ...change }), expected, name);
  }
});
