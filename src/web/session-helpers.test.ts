import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeReturnPath } from './recent-authentication.ts';
import { describeDevice } from './session-sign-in.ts';

describe('describeDevice', () => {
  const cases: Array<[string | undefined, string]> = [
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome on Windows',
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Linux'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iOS',
    ],
    [undefined, 'Unknown browser'],
    ['', 'Unknown browser'],
    ['x'.repeat(10_000), 'Unknown browser'],
  ];
  for (const [userAgent, expected] of cases) {
    it(`describes ${String(userAgent).slice(0, 40)} as ${expected}`, () => {
      assert.equal(describeDevice(userAgent), expected);
    });
  }
});

describe('safeReturnPath', () => {
  const cases: Array<[unknown, string]> = [
    [
      '/concerns/6f1c1d9e-0b7a-4d2e-9b1a-2f0e3c4d5e6f/lift-restriction',
      '/concerns/6f1c1d9e-0b7a-4d2e-9b1a-2f0e3c4d5e6f/lift-restriction',
    ],
    ['/account', '/account'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/account?next=//evil', '/'],
    [['/account'], '/'],
    [undefined, '/'],
    [`/${'a'.repeat(600)}`, '/'],
  ];
  for (const [value, expected] of cases) {
    it(`returns ${String(JSON.stringify(value)).slice(0, 50)} as ${expected.slice(0, 30)}`, () => {
      assert.equal(safeReturnPath(value), expected);
    });
  }
});
