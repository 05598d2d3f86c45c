import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Role, roles } from './access-policy.ts';
import { authenticatedRecently, requiresSecondFactor } from './second-factor.ts';

describe('requiresSecondFactor', () => {
  const required: Record<Role, boolean> = {
    reporter: false,
    line_manager: false,
    champion: false,
    dso: false,
    dsl: true,
    head_of_business_improvement: true,
    coordinator: true,
    senior_leader: false,
    administrator: true,
  };
  for (const role of roles) {
    it(`${required[role] ? 'requires' : 'does not require'} a second factor for ${role}`, () => {
      assert.equal(requiresSecondFactor([role]), required[role]);
    });
  }

  it('requires it when any one of several roles does', () => {
    assert.equal(requiresSecondFactor(['champion', 'dso']), false);
    assert.equal(requiresSecondFactor(['reporter', 'coordinator']), true);
    assert.equal(requiresSecondFactor([]), false);
  });
});

describe('authenticatedRecently', () => {
  const now = new Date('2026-03-02T10:00:00Z');
  const minutesAgo = (minutes: number) => now.getTime() - minutes * 60_000;
  const cases: Array<[string, number | undefined, boolean]> = [
    ['just now', minutesAgo(0), true],
    ['14 minutes ago', minutesAgo(14), true],
    ['exactly 15 minutes ago', minutesAgo(15), true],
    ['15 minutes and a second ago', minutesAgo(15) - 1000, false],
    ['an hour ago', minutesAgo(60), false],
    ['never', undefined, false],
    ['in the future (a tampered or skewed time)', minutesAgo(-5), false],
    ['not a number', Number.NaN, false],
  ];
  for (const [when, at, expected] of cases) {
    it(`${expected ? 'accepts' : 'refuses'} a proof from ${when}`, () => {
      assert.equal(authenticatedRecently(at, now), expected);
    });
  }
});
