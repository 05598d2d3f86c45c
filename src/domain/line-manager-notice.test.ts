import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LineManagerNoticeFacts, lineManagerNotice, namesPerson } from './line-manager-notice.ts';

const manager = { id: 'manager-1', displayName: 'Quinn Harrowby' };
const facts = (overrides: Partial<LineManagerNoticeFacts> = {}): LineManagerNoticeFacts => ({
  reporterId: 'reporter-1',
  restricted: false,
  lineManager: manager,
  namesOnConcern: ['Wren Example', null],
  ...overrides,
});

describe('telling the reporter’s line manager', () => {
  it('tells the line manager of an ordinary concern', () => {
    assert.deepEqual(lineManagerNotice(facts()), { tell: true, lineManagerId: 'manager-1' });
  });

  it('tells no one when there is no line manager, or the reporter is their own', () => {
    assert.deepEqual(lineManagerNotice(facts({ lineManager: null })), { tell: false, reason: 'no-line-manager' });
    assert.deepEqual(lineManagerNotice(facts({ reporterId: 'manager-1' })), {
      tell: false,
      reason: 'line-manager-is-reporter',
    });
  });

  it('never tells about a restricted concern, such as an allegation against staff', () => {
    assert.deepEqual(lineManagerNotice(facts({ restricted: true })), { tell: false, reason: 'restricted' });
  });

  it('never tells a line manager the concern names', () => {
    for (const name of [
      'Quinn Harrowby',
      '  quinn   HARROWBY ',
      'Mr Quinn J. Harrowby',
      'Harrowby, Quinn',
      'Quinn Harrówby',
    ])
      assert.deepEqual(
        lineManagerNotice(facts({ namesOnConcern: ['Wren Example', name] })),
        {
          tell: false,
          reason: 'names-line-manager',
        },
        name,
      );
  });

  it('matches whole names only: a first name, surname or initial alone is someone else', () => {
    for (const name of ['Quinn', 'Harrowby', 'Q Harrowby', 'Quinton Harrowby', null, ''])
      assert.equal(namesPerson(name, 'Quinn Harrowby'), false, String(name));
    assert.equal(namesPerson('Anyone', '  '), false, 'a manager with no name words matches nothing');
  });
});
