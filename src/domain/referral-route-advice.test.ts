import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AdultNeeds,
  type RouteAdviceFacts,
  type RouteCode,
  adviseReferralRoutes,
  section42Status,
} from './referral-route-advice.ts';

const needs = (careAndSupportNeeds: string, abuseOrNeglect: string, unableToProtect: string) =>
  ({ careAndSupportNeeds, abuseOrNeglect, unableToProtect }) as AdultNeeds;

const adult: RouteAdviceFacts = {
  childAtRisk: false,
  adultAtRisk: true,
  urgency: 'not_urgent',
  categoryCodes: [],
  adultNeeds: needs('yes', 'yes', 'yes'),
  childUrgentSigns: [],
  positionOfTrust: false,
};
const child: RouteAdviceFacts = { ...adult, childAtRisk: true, adultAtRisk: false, adultNeeds: null };

describe('Section 42 criteria (procedures 7.4)', () => {
  const table: Array<[AdultNeeds, ReturnType<typeof section42Status>]> = [
    [needs('yes', 'yes', 'yes'), 'met'],
    [needs('yes', 'yes', 'not_sure'), 'unsure'],
    [needs('not_sure', 'not_sure', 'not_sure'), 'unsure'],
    [needs('no', 'yes', 'yes'), 'not-met'],
    [needs('yes', 'no', 'not_sure'), 'not-met'],
    [needs('yes', 'yes', 'no'), 'not-met'],
  ];
  for (const [answers, expected] of table) {
    it(`${Object.values(answers).join(', ')} → ${expected}`, () => assert.equal(section42Status(answers), expected));
  }
});

describe('suggested routes', () => {
  const table: Array<[string, RouteAdviceFacts, RouteCode[]]> = [
    ['adult meeting all three S42 criteria, not urgent', adult, ['adult-social-care']],
    [
      'adult unsure about a criterion → triage consultation',
      { ...adult, adultNeeds: needs('yes', 'not_sure', 'yes') },
      ['adult-triage'],
    ],
    [
      'adult with needs but no abuse → care needs assessment',
      { ...adult, adultNeeds: needs('yes', 'no', 'no') },
      ['care-needs-assessment'],
    ],
    ['adult below threshold, not urgent → nothing external', { ...adult, adultNeeds: needs('no', 'yes', 'no') }, []],
    [
      'adult below threshold at high risk → MARM',
      { ...adult, urgency: 'days', adultNeeds: needs('no', 'yes', 'no') },
      ['marm'],
    ],
    [
      'adult below threshold who hoards, at risk today → 999 guidance and MARM',
      { ...adult, urgency: 'today', categoryCodes: ['hoarding'], adultNeeds: needs('no', 'yes', 'not_sure') },
      ['police', 'marm'],
    ],
    [
      'adult meeting S42 at risk today → police and Adult Social Care',
      { ...adult, urgency: 'today' },
      ['police', 'adult-social-care'],
    ],
    ['adult without S42 answers → nothing from S42', { ...adult, adultNeeds: null }, []],
    ['child, not urgent → LCSS and Early Help', child, ['lcss', 'early-help']],
    ['child within days → LCSS only', { ...child, urgency: 'days' }, ['lcss']],
    ['child frightened to go home → MASH', { ...child, childUrgentSigns: ['frightened'] }, ['mash']],
    ['child at risk today → police and MASH', { ...child, urgency: 'today' }, ['police', 'mash']],
    [
      'child sexual exploitation → MASH and the Anti-Slavery Coordinator',
      { ...child, categoryCodes: ['child-sexual-exploitation'] },
      ['mash', 'anti-slavery-coordinator'],
    ],
    ['position of trust → DSL and LADO first', { ...child, positionOfTrust: true }, ['lado', 'lcss', 'early-help']],
    [
      'radicalised adult → Prevent and Social and Health Care',
      { ...adult, adultNeeds: needs('no', 'no', 'no'), categoryCodes: ['radicalisation'] },
      ['adult-social-care', 'prevent'],
    ],
    [
      'radicalised child → Prevent beside the child route',
      { ...child, categoryCodes: ['radicalisation'] },
      ['lcss', 'early-help', 'prevent'],
    ],
    [
      'adult in modern slavery → coordinator, NRM with consent, Duty to Notify without',
      { ...adult, adultNeeds: needs('no', 'yes', 'no'), categoryCodes: ['modern-slavery'] },
      ['anti-slavery-coordinator', 'nrm', 'duty-to-notify'],
    ],
    [
      'child in modern slavery → NRM, no Duty to Notify',
      { ...child, urgency: 'days', categoryCodes: ['modern-slavery'] },
      ['lcss', 'anti-slavery-coordinator', 'nrm'],
    ],
    [
      'cuckooing → Anti-Slavery Coordinator',
      { ...adult, adultNeeds: needs('no', 'yes', 'no'), categoryCodes: ['cuckooing'] },
      ['anti-slavery-coordinator'],
    ],
    [
      'a child and an adult at risk → both routes',
      { ...adult, childAtRisk: true, urgency: 'days' },
      ['adult-social-care', 'lcss'],
    ],
    ['no one at risk named yet → nothing', { ...adult, adultAtRisk: false, adultNeeds: null }, []],
  ];
  for (const [name, facts, expected] of table) {
    it(name, () =>
      assert.deepEqual(
        adviseReferralRoutes(facts).map((s) => s.route),
        expected,
      ),
    );
  }

  it('gives every suggestion at least one reason, written as a sentence', () => {
    for (const [, facts] of table) {
      for (const suggestion of adviseReferralRoutes(facts)) {
        assert.ok(suggestion.reasons.length > 0, suggestion.route);
        for (const reason of suggestion.reasons) assert.match(reason, /\S.*[.)]$/);
      }
    }
  });

  it('gathers several reasons for one route rather than repeating the route', () => {
    const mash = adviseReferralRoutes({
      ...child,
      urgency: 'today',
      childUrgentSigns: ['abuse'],
      categoryCodes: ['child-sexual-exploitation'],
    }).find((s) => s.route === 'mash');
    assert.equal(mash?.reasons.length, 3);
  });
});
