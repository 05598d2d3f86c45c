import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listingId, listingMembers } from './audit-listing.ts';

describe('audit listings', () => {
  it('is the SHA-256 of the encoding, organisation, kind and members in order (known answer)', () => {
    // printf '%s' '["haven-audit-listing-v1","org-1","concern",["a","b"]]' | sha256sum
    assert.equal(
      listingId('org-1', 'concern', ['b', 'a']),
      'd4d1dffbc86573aab0348c7c3552ede7b6d344fdda8d6ce7b4c0f33875278fab',
    );
  });

  it('is the same list whatever the order or repetition of its members, and another for any other', () => {
    const id = listingId('org-1', 'concern', ['a', 'b']);
    assert.equal(listingId('org-1', 'concern', ['b', 'a', 'b']), id);
    assert.notEqual(listingId('org-2', 'concern', ['a', 'b']), id);
    assert.notEqual(listingId('org-1', 'person', ['a', 'b']), id);
    assert.notEqual(listingId('org-1', 'concern', ['a']), id);
    assert.notEqual(listingId('org-1', 'concern', ['a,b']), id, 'members keep their boundaries');
  });

  it('orders members by code unit, not by any database collation', () => {
    assert.deepEqual(listingMembers(['b', 'B', 'a', 'a']), ['B', 'a', 'b']);
  });
});
