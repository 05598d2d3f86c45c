import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor, ConcernAccessFacts, Role } from './access-policy.ts';
import {
  type IndexDetails,
  type IndexRecord,
  type MergeRefusal,
  accessEntryVisible,
  canLinkPeopleOn,
  detailsAfterMerge,
  mergeRefusal,
  mergeSharing,
} from './person-index.ts';

const organisationId = 'org-a';
const actor = (role: Role, ...more: Role[]): Actor => ({
  userId: 'me',
  organisationId,
  roles: new Set([role, ...more]),
});

describe('who links people on a concern to the index', () => {
  const ordinary: ConcernAccessFacts = { organisationId, reporterId: 'x' };
  const restricted: ConcernAccessFacts = { organisationId, reporterId: 'x', restricted: true };
  const cases: Array<[string, Actor, ConcernAccessFacts, boolean]> = [
    ['DSO, ordinary concern', actor('dso'), ordinary, true],
    ['DSL, ordinary concern', actor('dsl'), ordinary, true],
    ['DSL, restricted concern', actor('dsl'), restricted, true],
    ['Head of Business Improvement, restricted concern', actor('head_of_business_improvement'), restricted, true],
    // A DSL with the duty of allegations against staff: works every concern a DSL works.
    ['Head of Business Improvement, ordinary concern', actor('head_of_business_improvement'), ordinary, true],
    ['coordinator who is also a DSO, ordinary concern', actor('coordinator', 'dso'), ordinary, true],
    ['coordinator who is also a DSO, restricted concern', actor('coordinator', 'dso'), restricted, false],
    ['DSO, restricted concern', actor('dso'), restricted, false],
    ['DSO who reported a restricted concern', actor('dso'), { ...restricted, reporterId: 'me' }, false],
    ['DSO, another organisation', actor('dso'), { ...ordinary, organisationId: 'org-b' }, false],
    ['reporter, own concern', actor('reporter'), { ...ordinary, reporterId: 'me' }, false],
    ['line manager who owns the case', actor('line_manager'), { ...ordinary, ownerId: 'me' }, false],
    ['coordinator', actor('coordinator'), ordinary, false],
  ];
  for (const [name, who, concern, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(canLinkPeopleOn(who, concern), expected));
  }
});

describe('when two records may be merged', () => {
  const live = (id: string): IndexRecord => ({ id, mergedIntoId: null });
  const merged = (id: string): IndexRecord => ({ id, mergedIntoId: 'elsewhere' });
  const cases: Array<[string, IndexRecord, IndexRecord, MergeRefusal | null]> = [
    ['two live records', live('a'), live('b'), null],
    ['a record with itself', live('a'), live('a'), 'same-record'],
    ['a duplicate already merged', merged('a'), live('b'), 'duplicate-merged'],
    ['into a record already merged', live('a'), merged('b'), 'kept-merged'],
  ];
  for (const [name, duplicate, kept, expected] of cases) {
    it(`${name} → ${expected ?? 'allowed'}`, () => assert.equal(mergeRefusal(duplicate, kept), expected));
  }
});

describe('what the kept record holds after a merge', () => {
  const blank: IndexDetails = {
    name: null,
    dateOfBirth: null,
    approximateAge: null,
    approximateAgeOn: null,
    address: null,
    householdId: null,
    nameFrom: null,
    dateOfBirthFrom: null,
    approximateAgeFrom: null,
    addressFrom: null,
  };
  const cases: Array<[string, Partial<IndexDetails>, Partial<IndexDetails>, Partial<IndexDetails>]> = [
    ['its own details win', { name: 'Jane Smith' }, { name: 'Jane Smyth' }, { name: 'Jane Smith' }],
    ['a missing name comes from the duplicate', {}, { name: 'Jane Smyth' }, { name: 'Jane Smyth' }],
    [
      'a date of birth replaces an approximate age',
      { approximateAge: 40, approximateAgeOn: '2026-01-01' },
      { dateOfBirth: '1985-03-04' },
      { dateOfBirth: '1985-03-04' },
    ],
    [
      'an approximate age travels with its date',
      {},
      { approximateAge: 40, approximateAgeOn: '2026-01-01' },
      { approximateAge: 40, approximateAgeOn: '2026-01-01' },
    ],
    [
      'its own approximate age is kept over the duplicate’s',
      { approximateAge: 41, approximateAgeOn: '2026-02-01' },
      { approximateAge: 40, approximateAgeOn: '2026-01-01' },
      { approximateAge: 41, approximateAgeOn: '2026-02-01' },
    ],
    ['its own household is kept', { householdId: 'h1' }, { householdId: 'h2' }, { householdId: 'h1' }],
    ['it joins the duplicate’s household if it had none', {}, { householdId: 'h2' }, { householdId: 'h2' }],
    ['a missing address comes from the duplicate', {}, { address: '4 Mill Road' }, { address: '4 Mill Road' }],
    [
      'each detail keeps the concern it came from',
      { name: 'Jane Smith', nameFrom: 'ordinary', addressFrom: 'ordinary' },
      { name: 'Jane Smyth', nameFrom: 'restricted', address: '4 Mill Road', addressFrom: 'restricted' },
      { name: 'Jane Smith', nameFrom: 'ordinary', address: '4 Mill Road', addressFrom: 'restricted' },
    ],
    [
      'a date of birth brings its source, and the approximate age goes with its own',
      { approximateAge: 40, approximateAgeOn: '2026-01-01', approximateAgeFrom: 'ordinary' },
      { dateOfBirth: '1985-03-04', dateOfBirthFrom: 'restricted' },
      { dateOfBirth: '1985-03-04', dateOfBirthFrom: 'restricted' },
    ],
    [
      'an approximate age from the duplicate keeps its source',
      {},
      { approximateAge: 40, approximateAgeOn: '2026-01-01', approximateAgeFrom: 'restricted' },
      { approximateAge: 40, approximateAgeOn: '2026-01-01', approximateAgeFrom: 'restricted' },
    ],
  ];
  for (const [name, kept, duplicate, expected] of cases) {
    it(name, () =>
      assert.deepEqual(detailsAfterMerge({ ...blank, ...kept }, { ...blank, ...duplicate }), { ...blank, ...expected }),
    );
  }
});

describe('what a merge will and will not share', () => {
  it('names the details that came from a restricted concern, and those shared with everyone', () => {
    const after: IndexDetails = {
      name: 'Jane Smith',
      nameFrom: 'ordinary',
      dateOfBirth: null,
      dateOfBirthFrom: null,
      approximateAge: 40,
      approximateAgeOn: '2026-01-01',
      approximateAgeFrom: 'restricted',
      address: '4 Mill Road',
      addressFrom: 'restricted',
      householdId: null,
    };
    assert.deepEqual(mergeSharing(after, new Set(['restricted'])), {
      restricted: ['approximateAge', 'address'],
      shared: ['name'],
    });
    assert.deepEqual(mergeSharing(after, new Set()), { restricted: [], shared: ['name', 'approximateAge', 'address'] });
  });
});

describe('which entries of who has seen or changed a person each reader sees', () => {
  const cases: Array<[string, Role[], boolean | null, boolean]> = [
    ['DSL, a link from a restricted concern', ['dsl'], true, true],
    ['Head of Business Improvement, a link from a restricted concern', ['head_of_business_improvement'], true, true],
    ['DSO, a read', ['dso'], null, true],
    ['DSO, a link from an ordinary concern', ['dso'], false, true],
    ['DSO, a link from a restricted concern', ['dso'], true, false],
    ['DSO who is also a DSL, a link from a restricted concern', ['dso', 'dsl'], true, true],
  ];
  for (const [name, roles, concernRestricted, expected] of cases) {
    it(`${name} → ${expected}`, () =>
      assert.equal(accessEntryVisible({ roles: new Set(roles) }, { concernRestricted }), expected));
  }
});
