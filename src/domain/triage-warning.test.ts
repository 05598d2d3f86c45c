import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { triageAlertDue } from './triage-warning.ts';

describe('triage alerts', () => {
  const deadline = new Date('2026-11-24T17:00:00Z');
  const at = (iso: string) => triageAlertDue(deadline, new Date(iso), 2);

  it('is quiet until the warning window opens', () => {
    assert.equal(at('2026-11-24T14:59:59Z'), null);
  });

  it('warns from the start of the window up to the deadline itself', () => {
    assert.equal(at('2026-11-24T15:00:00Z'), 'warning');
    assert.equal(at('2026-11-24T17:00:00Z'), 'warning');
  });

  it('calls a breach once the deadline has passed', () => {
    assert.equal(at('2026-11-24T17:00:01Z'), 'breach');
    assert.equal(at('2026-12-01T09:00:00Z'), 'breach');
  });
});
