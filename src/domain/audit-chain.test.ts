import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ChainBreak,
  type StoredEvent,
  chainAfter,
  chainChecker,
  chainHash,
  chainStart,
  describeChainBreak,
} from './audit-chain.ts';

const organisationId = 'org-1';
const event = (n: number) => ({
  id: `event-${n}`,
  organisationId,
  actorId: 'actor-1',
  action: 'concern.viewed',
  subjectType: 'concern',
  subjectId: `concern-${n}`,
  requestId: n % 2 ? `request-${n}` : null,
  at: `2026-01-01T00:00:0${n}.000Z`,
});

/** Six events chained from the start, as stored. */
const stored = (): StoredEvent[] => chainAfter({ seq: 0, hash: chainStart }, [1, 2, 3, 4, 5, 6].map(event)).chained;

function check(events: StoredEvent[], head = { seq: 6, hash: stored()[5]!.hash! }): ChainBreak[] {
  const breaks: ChainBreak[] = [];
  const checker = chainChecker(organisationId, (found) => breaks.push(found));
  for (const e of events) checker.check(e);
  checker.finish(head);
  return breaks;
}

const summary = (breaks: ChainBreak[]) => breaks.map((b) => `${b.kind}@${b.seq ?? '-'}:${b.eventId ?? '-'}`);

describe('the audit hash chain', () => {
  it('hashes exactly as chains already stored were hashed (SHA-256 of the previous hash, then the fields as JSON)', () => {
    // Worked out once with createHash('sha256').update(previous).update(JSON.stringify(fields)):
    // a change of encoding would break every chain written before it.
    assert.equal(
      chainHash(chainStart, { ...event(1), seq: 1 }),
      'c361838fd8459954d81acfa617845e75b191ce17ba4e6e5060f58ae555b1a454',
    );
  });

  it('hashes every field, the place and the hash before', () => {
    const base = { ...event(1), seq: 1 };
    const hash = chainHash(chainStart, base);
    assert.match(hash, /^[0-9a-f]{64}$/);
    for (const [field, value] of Object.entries({
      id: 'x',
      organisationId: 'x',
      actorId: 'x',
      action: 'x',
      subjectType: 'x',
      subjectId: 'x',
      requestId: 'x',
      at: 'x',
      seq: 2,
    })) {
      assert.notEqual(chainHash(chainStart, { ...base, [field]: value }), hash, field);
    }
    assert.notEqual(chainHash('1'.repeat(64), base), hash, 'the previous hash');
    // Field boundaries count: moving a character from one field to the next changes the hash.
    assert.notEqual(chainHash(chainStart, { ...base, subjectType: 'concer', subjectId: `n${base.subjectId}` }), hash);
  });

  const cases: Array<[string, (events: StoredEvent[]) => StoredEvent[], string[], { seq: number; hash: string }?]> = [
    ['unbroken', (e) => e, []],
    ['a changed field', (e) => e.map((x, i) => (i === 2 ? { ...x, subjectId: 'other' } : x)), ['changed@3:event-3']],
    ['a removed event', (e) => e.filter((_, i) => i !== 2), ['removed@4:event-4']],
    ['the last event removed', (e) => e.slice(0, 5), ['removed@6:-']],
    ['an event outside the chain', (e) => [...e, { ...event(9), seq: null, hash: null }], ['inserted@-:event-9']],
    [
      'a second event in a place',
      (e) => [...e.slice(0, 3), { ...e[2]!, id: 'forged' }, ...e.slice(3)],
      ['inserted@3:forged'],
    ],
    [
      'two events swapped',
      (e) => [e[0]!, { ...e[2]!, seq: 2 }, { ...e[1]!, seq: 3 }, ...e.slice(3)],
      ['changed@2:event-3', 'changed@3:event-2', 'changed@4:event-4'],
    ],
    ['a head that does not match', (e) => e, ['head-mismatch@6:-'], { seq: 6, hash: chainStart }],
    ['events beyond the head', (e) => e, ['head-mismatch@6:-'], { seq: 5, hash: 'x' }],
  ];
  for (const [name, tamper, expected, head] of cases) {
    it(`finds ${name}`, () => {
      assert.deepEqual(summary(check(tamper(stored()), head)), expected);
    });
  }

  it('describes a break by organisation, sequence and event id only', () => {
    const [removed] = check(stored().filter((_, i) => i !== 1));
    assert.equal(describeChainBreak(removed!), 'organisation org-1, sequence 2: removed (before event event-3)');
    assert.equal(
      describeChainBreak({ organisationId, kind: 'changed', seq: 4, eventId: 'e' }),
      'organisation org-1, sequence 4, event e: changed or moved (its hash does not match its place in the chain)',
    );
  });
});
