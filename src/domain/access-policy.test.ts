import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Actor,
  type ConcernAccessFacts,
  type Role,
  canAddInformation,
  canCompleteAction,
  canViewConcern,
  isAllowed,
  permissions,
  personVisible,
  restrictionScope,
  roles,
  triageRecipients,
} from './access-policy.ts';

const organisationId = 'org-a';
const actor = (role: Role, ...more: Role[]): Actor => ({
  userId: 'me',
  organisationId,
  roles: new Set([role, ...more]),
});
const holding = (...held: Role[]) => ({ roles: new Set(held) });

describe('access policy', () => {
  it('lets only DSOs, DSLs and the Head of Business Improvement work the triage queue', () => {
    const expected: Record<Role, boolean> = {
      reporter: false,
      line_manager: false,
      champion: false,
      dso: true,
      dsl: true,
      head_of_business_improvement: true,
      coordinator: false,
      senior_leader: false,
      administrator: false,
    };
    for (const role of roles) assert.equal(isAllowed(holding(role), 'triage:queue'), expected[role], role);
  });

  it('lets a senior leader record, list and open their own concerns (policy 1.3, 4.1)', () => {
    for (const permission of ['concern:record', 'concern:view', 'concern:list-own'] as const) {
      assert.equal(isAllowed(holding('senior_leader'), permission), true, permission);
    }
  });

  it('gives an administrator no concern permission at all: accounts, sessions, history and the network (issue 8)', () => {
    const granted = permissions.filter((permission) => isAllowed(holding('administrator'), permission));
    assert.deepEqual(granted, ['sessions:manage', 'accounts:manage', 'administration:history', 'network:view']);
  });

  it('gives someone with no role nothing', () => {
    for (const permission of permissions) assert.equal(isAllowed(holding(), permission), false, permission);
  });

  const cases: Array<[string, Actor, ConcernAccessFacts, boolean]> = [
    ['reporter, own concern', actor('reporter'), { organisationId, reporterId: 'me' }, true],
    ['reporter, someone else’s', actor('reporter'), { organisationId, reporterId: 'other' }, false],
    ['DSO, someone else’s', actor('dso'), { organisationId, reporterId: 'other' }, true],
    ['DSO, other organisation', actor('dso'), { organisationId: 'org-b', reporterId: 'other' }, false],
    ['DSL, other organisation', actor('dsl'), { organisationId: 'org-b', reporterId: 'me' }, false],
    ['senior leader, own', actor('senior_leader'), { organisationId, reporterId: 'me' }, true],
    ['senior leader, someone else’s', actor('senior_leader'), { organisationId, reporterId: 'other' }, false],
    ['administrator, own', actor('administrator'), { organisationId, reporterId: 'me' }, false],
    [
      'administrator who is also a reporter, own',
      actor('administrator', 'reporter'),
      { organisationId, reporterId: 'me' },
      true,
    ],
    [
      'coordinator who is also a DSO, someone else’s',
      actor('coordinator', 'dso'),
      { organisationId, reporterId: 'other' },
      true,
    ],
    [
      'DSL who is a senior leader, someone else’s',
      actor('senior_leader', 'dsl'),
      { organisationId, reporterId: 'other' },
      true,
    ],
    ['coordinator, someone else’s', actor('coordinator'), { organisationId, reporterId: 'other' }, false],
    [
      'line manager who owns the case',
      actor('line_manager'),
      { organisationId, reporterId: 'other', ownerId: 'me' },
      true,
    ],
    [
      'champion with an action on it',
      actor('champion'),
      { organisationId, reporterId: 'x', assigneeIds: ['me'] },
      true,
    ],
    [
      'senior leader with an action on it',
      actor('senior_leader'),
      { organisationId, reporterId: 'x', assigneeIds: ['me'] },
      true,
    ],
    ['DSO, restricted allegation', actor('dso'), { organisationId, reporterId: 'x', restricted: true }, false],
    [
      'DSO who owns a restricted case',
      actor('dso'),
      { organisationId, reporterId: 'x', ownerId: 'me', restricted: true },
      false,
    ],
    ['DSL, restricted allegation', actor('dsl'), { organisationId, reporterId: 'x', restricted: true }, true],
    [
      'Head of Business Improvement, restricted',
      actor('head_of_business_improvement'),
      { organisationId, reporterId: 'x', restricted: true },
      true,
    ],
    [
      'Head of Business Improvement (a DSL), ordinary concern',
      actor('head_of_business_improvement'),
      { organisationId, reporterId: 'x' },
      true,
    ],
    [
      'champion who is a line manager, restricted one they own',
      actor('champion', 'line_manager'),
      { organisationId, reporterId: 'x', ownerId: 'me', restricted: true },
      false,
    ],
    [
      'DSO who is also a DSL, restricted allegation',
      actor('dso', 'dsl'),
      { organisationId, reporterId: 'x', restricted: true },
      true,
    ],
    [
      'reporter of a restricted allegation',
      actor('reporter'),
      { organisationId, reporterId: 'me', restricted: true },
      true,
    ],
    ['coordinator, restricted', actor('coordinator'), { organisationId, reporterId: 'x', restricted: true }, false],
    ['owner in another organisation', actor('dso'), { organisationId: 'org-b', reporterId: 'x', ownerId: 'me' }, false],
  ];
  for (const [name, who, concern, expected] of cases) {
    it(`concern visibility: ${name} → ${expected}`, () => {
      assert.equal(canViewConcern(who, concern), expected);
    });
  }
});

describe('adding information to a concern (procedures 14.13)', () => {
  const cases: Array<[string, Actor, ConcernAccessFacts, boolean]> = [
    ['reporter, own concern', actor('reporter'), { organisationId, reporterId: 'me' }, true],
    ['line manager, own concern', actor('line_manager'), { organisationId, reporterId: 'me' }, true],
    ['reporter, someone else’s', actor('reporter'), { organisationId, reporterId: 'other' }, false],
    ['DSO, someone else’s they may read', actor('dso'), { organisationId, reporterId: 'other' }, false],
    ['DSO, own concern', actor('dso'), { organisationId, reporterId: 'me' }, true],
    [
      'reporter, own id in another organisation',
      actor('reporter'),
      { organisationId: 'org-b', reporterId: 'me' },
      false,
    ],
    ['senior leader, own', actor('senior_leader'), { organisationId, reporterId: 'me' }, true],
    ['administrator, own', actor('administrator'), { organisationId, reporterId: 'me' }, false],
  ];
  for (const [name, who, concern, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(canAddInformation(who, concern), expected));
  }
});

describe('who is told about a concern awaiting triage', () => {
  it('tells DSOs about ordinary concerns, and only DSLs and the Head of Business Improvement about restricted ones', () => {
    assert.deepEqual(triageRecipients(false, 'new'), ['dso', 'dsl', 'head_of_business_improvement']);
    assert.deepEqual(triageRecipients(false, 'deadline'), ['dso']);
    for (const alert of ['new', 'deadline'] as const) {
      const told = triageRecipients(true, alert);
      assert.deepEqual(told, ['dsl', 'head_of_business_improvement']);
      for (const role of told)
        assert.ok(
          canViewConcern(
            { userId: 'u', organisationId, roles: new Set([role]) },
            { organisationId, reporterId: 'x', restricted: true },
          ),
        );
    }
  });
});

describe('completing an action', () => {
  const ordinary: ConcernAccessFacts = { organisationId, reporterId: 'r', assigneeIds: ['me'] };
  const restricted: ConcernAccessFacts = { ...ordinary, restricted: true };
  const uninvolved: ConcernAccessFacts = { organisationId, reporterId: 'r', assigneeIds: ['x'] };
  const cases: Array<[string, Actor, ConcernAccessFacts, string, boolean]> = [
    ['champion, their own action', actor('champion'), ordinary, 'me', true],
    ['champion, someone else’s action', actor('champion'), ordinary, 'other', false],
    ['DSO, someone else’s action', actor('dso'), ordinary, 'other', true],
    ['DSO, action on a concern restricted afterwards', actor('dso'), restricted, 'other', false],
    ['DSO, their own action on a concern restricted afterwards', actor('dso'), restricted, 'me', false],
    ['line manager, their own action on a restricted concern', actor('line_manager'), restricted, 'me', false],
    ['Head of Business Improvement, ordinary concern', actor('head_of_business_improvement'), uninvolved, 'x', true],
    ['champion who is a line manager, someone else’s action', actor('champion', 'line_manager'), ordinary, 'x', false],
    ['Head of Business Improvement, restricted concern', actor('head_of_business_improvement'), restricted, 'x', true],
    ['DSL, restricted concern', actor('dsl'), restricted, 'x', true],
    ['DSL, other organisation', actor('dsl'), { ...ordinary, organisationId: 'org-b' }, 'me', false],
    ['senior leader, their own action', actor('senior_leader'), ordinary, 'me', true],
    ['administrator, their own action', actor('administrator'), ordinary, 'me', false],
  ];
  for (const [name, who, concern, assigneeId, expected] of cases) {
    it(`${expected ? 'lets' : 'does not let'} ${name}`, () => {
      assert.equal(canCompleteAction(who, concern, { assigneeId }), expected);
    });
  }
});

describe('who may see a person in the index', () => {
  const ordinary: ConcernAccessFacts = { organisationId, reporterId: 'r' };
  const restricted: ConcernAccessFacts = { ...ordinary, restricted: true };
  const cases: Array<[string, Role, ConcernAccessFacts[], boolean]> = [
    ['DSO, named on an ordinary concern', 'dso', [ordinary], true],
    ['DSO, named only on a restricted concern', 'dso', [restricted], false],
    ['DSO, named on both', 'dso', [restricted, ordinary], true],
    ['DSL, named only on a restricted concern', 'dsl', [restricted], true],
    [
      'Head of Business Improvement, named only on an ordinary concern',
      'head_of_business_improvement',
      [ordinary],
      true,
    ],
    ['Head of Business Improvement, named on a restricted concern', 'head_of_business_improvement', [restricted], true],
    ['DSO, another organisation’s', 'dso', [{ ...ordinary, organisationId: 'org-b' }], false],
    ['reporter, named on their own concern', 'reporter', [{ ...ordinary, reporterId: 'me' }], false],
    ['DSL, named on no concern', 'dsl', [], false],
  ];
  for (const [name, role, namedOn, expected] of cases) {
    it(`${expected ? 'shows' : 'does not show'} a person to a ${name}`, () => {
      assert.equal(personVisible(actor(role), namedOn), expected);
    });
  }
});

describe('restriction scope is the widest the roles give', () => {
  const cases: Array<[Role[], string]> = [
    [[], 'unrestricted-only'],
    [['reporter'], 'unrestricted-only'],
    [['dso'], 'unrestricted-only'],
    [['dso', 'coordinator'], 'unrestricted-only'],
    [['dsl'], 'all'],
    [['head_of_business_improvement'], 'all'],
    [['dsl', 'head_of_business_improvement'], 'all'],
    [['senior_leader', 'dsl', 'line_manager'], 'all'],
    [['dso', 'dsl'], 'all'],
    [['administrator'], 'unrestricted-only'],
  ];
  for (const [held, expected] of cases) {
    it(`${held.join(' + ') || 'no role'} → ${expected}`, () =>
      assert.equal(restrictionScope(holding(...held)), expected));
  }
});

describe('insight reports (issue 9)', () => {
  // Written out: the coordinator and DSLs (the HBI among them) see figures in full; senior
  // leaders see aggregates with small numbers hidden; no one else sees a report.
  const expected: Record<Role, [full: boolean, aggregate: boolean]> = {
    reporter: [false, false],
    line_manager: [false, false],
    champion: [false, false],
    dso: [false, false],
    dsl: [true, true],
    head_of_business_improvement: [true, true],
    coordinator: [true, true],
    senior_leader: [false, true],
    administrator: [false, false],
  };
  for (const role of roles) {
    it(`${role} → full ${expected[role][0]}, aggregate ${expected[role][1]}`, () => {
      assert.equal(isAllowed(holding(role), 'reports:view'), expected[role][0]);
      assert.equal(isAllowed(holding(role), 'reports:view-aggregate'), expected[role][1]);
    });
  }
});

describe('permissions are the union of the roles held', () => {
  // Role combinations from the seeds (and the demo data), with what each may do, written out.
  const cases: Array<[Role[], Partial<Record<(typeof permissions)[number], boolean>>]> = [
    [
      ['coordinator', 'dso'],
      { 'oversight:view': true, 'triage:queue': true, 'sharing:report': true, 'concern:restrict': false },
    ],
    [['coordinator'], { 'oversight:view': true, 'triage:queue': false, 'case:work': false, 'concern:record': true }],
    [['champion', 'line_manager'], { 'concern:record': true, 'triage:queue': false, 'oversight:view': false }],
    [
      ['line_manager', 'dsl', 'senior_leader'],
      { 'concern:restrict': true, 'escalation:resolve': true, 'oversight:view': false },
    ],
    [
      ['dsl', 'head_of_business_improvement'],
      { 'concern:restrict': true, 'person:manage': true, 'sharing:report': true },
    ],
    [['administrator', 'reporter'], { 'concern:record': true, 'triage:queue': false }],
    [['administrator', 'dso'], { 'case:work': true, 'oversight:view': false }],
  ];
  for (const [held, expected] of cases) {
    for (const [permission, allowed] of Object.entries(expected)) {
      it(`${held.join(' + ')}: ${permission} → ${allowed}`, () =>
        assert.equal(isAllowed(holding(...held), permission as (typeof permissions)[number]), allowed));
    }
  }
});
