import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from './app.ts';
import { buildDraft } from './builders.ts';
import type { Form } from './concern-journey.ts';
import { WebClient } from './web-client.ts';

export type DraftKind = 'adult' | 'child' | 'referral' | 'manager';

/** One bad answer to one page of a draft, and the GOV.UK error it must get. */
export type BadInputCase = {
  name: string;
  draft: DraftKind;
  page: string;
  form: Form;
  anchor: string;
  message: string;
  /** Text the page must still show, as typed. */
  keeps?: string[];
};

/**
 * Posts each bad answer and checks: a GOV.UK error beside the field, the summary linking to it,
 * what was typed kept, and nothing written (every draft's answers and the concerns unchanged).
 */
export function describeBadInput(title: string, cases: readonly BadInputCase[]): void {
  describe(title, () => {
    let t: TestApp;
    const drafts = {} as Record<DraftKind, string>;
    const clients = {} as Record<'reporter' | 'manager', WebClient>;
    let policeId = '';

    before(async () => {
      t = await startTestApp();
      const police = await t.db
        .selectFrom('agencies')
        .select('id')
        .where('code', '=', 'police')
        .executeTakeFirstOrThrow();
      policeId = police.id;
      drafts.adult = await buildDraft(t.db, 'reporter@city.example');
      drafts.child = await buildDraft(t.db, 'reporter@city.example', { person: { name: 'Kit', ageGroup: 'child' } });
      // A referral made, so a missing agreement needs a reason (procedures 7.11, 9.19).
      drafts.referral = await buildDraft(t.db, 'reporter@city.example', {
        routesTaken: [{ agencyId: policeId, status: 'done' }],
      });
      drafts.manager = await buildDraft(t.db, 'manager@city.example', {
        onBehalfOf: { name: 'Jo Colleague', role: 'Volunteer' },
      });
      for (const [who, email] of [
        ['reporter', 'reporter@city.example'],
        ['manager', 'manager@city.example'],
      ] as const) {
        clients[who] = new WebClient(t.app);
        await clients[who].signIn(email);
      }
    });
    after(() => t.close());

    const snapshot = async () => ({
      drafts: await t.db.selectFrom('concern_drafts').select(['id', 'answers']).orderBy('id').execute(),
      concerns: (await t.db.selectFrom('concerns').select('id').execute()).length,
    });

    // Agency ids differ per run: "{police}" in a case stands for the Police agency's id.
    const withIds = (text: string) => text.replaceAll('{police}', policeId);

    for (const { name, draft, page, form: template, anchor: anchorTemplate, message, keeps = [] } of cases) {
      it(name, async () => {
        const form = Object.fromEntries(
          Object.entries(template).map(([key, value]) => [withIds(key), [value].flat().map(withIds)]),
        );
        const anchor = withIds(anchorTemplate);
        const client = clients[draft === 'manager' ? 'manager' : 'reporter'];
        const url = `/concerns/new/${drafts[draft]}/${page}`;
        assert.equal((await client.get(url)).statusCode, 200, `GET ${url}`);
        const before = await snapshot();
        const response = await client.post(url, form);
        assert.equal(response.statusCode, 400);
        assert.match(response.body, /<title>Error: /);
        assert.match(response.body, /govuk-error-summary/);
        assert.ok(response.body.includes(`href="#${anchor}"`), `the summary links to #${anchor}`);
        assert.ok(response.body.includes(`id="${anchor}"`), `#${anchor} is on the page`);
        assert.match(response.body, /class="govuk-error-message"/);
        assert.ok(response.body.includes(message), message);
        for (const value of keeps) assert.ok(response.body.includes(value), `keeps “${value}”`);
        assert.deepEqual(await snapshot(), before, 'nothing written');
      });
    }

    it('refuses a form without its CSRF token', async () => {
      const url = `/concerns/new/${drafts.adult}/why-at-risk`;
      await clients.reporter.get(url);
      const response = await clients.reporter.post(url, { _csrf: '', whyAtRisk: 'No Token' });
      assert.equal(response.statusCode, 403);
      assert.match(response.body, /Your form has expired/);
      const rows = await t.db.selectFrom('concern_drafts').select('answers').execute();
      assert.ok(rows.every((row) => !row.answers.includes('No Token')));
    });
  });
}

/** What a hostile or unlucky client types: long text, emoji, right-to-left marks, NUL bytes. */
export const hostileValues = {
  long: 'x'.repeat(100_000),
  longEmoji: '😀'.repeat(100_000),
  emoji: '😀👩🏽‍⚕️🏳️‍🌈',
  rightToLeft: '\u202eevil\u202c \u200fשלום\u200f',
  nul: 'a\u0000b\u0000',
} as const;

/** zod's own English, which a user must never read: Haven says everything in its own words. */
export const libraryWording = /\b(expected|received)\b|Too big|Too small|Invalid|Required|Unrecognized/;

/** The text of every error message on a page: the summary's links and the messages by fields. */
export function errorMessages(html: string): string[] {
  const messages = [...html.matchAll(/class="govuk-error-message">([\s\S]*?)<\/p>/g)].map((m) => m[1]!);
  const summary = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...messages, ...[...summary.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((m) => m[1]!)];
}

export type PageForm = { action: string; multipart: boolean; fields: string[]; hidden: Record<string, string> };

/**
 * The POST forms on a page, with the names of the fields a person can fill in or choose, and
 * the hidden fields' values as drawn (a case form's version), which a browser sends back.
 */
export function formsIn(html: string, pageUrl: string): PageForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].flatMap(([, attributes = '', inside = '']) => {
    if (!/method="post"/i.test(attributes)) return [];
    const action = /action="([^"]*)"/.exec(attributes)?.[1]?.replaceAll('&amp;', '&') || pageUrl;
    const names = [...inside.matchAll(/<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"/g)].map((m) => m[1]!);
    const fields = [...new Set(names)].filter((name) => name !== '_csrf');
    const hidden = Object.fromEntries(
      [...inside.matchAll(/<input\b(?=[^>]*\btype="hidden")[^>]*>/g)]
        .map(([input]) => [/\bname="([^"]+)"/.exec(input)?.[1], /\bvalue="([^"]*)"/.exec(input)?.[1] ?? ''])
        .filter((pair): pair is [string, string] => Boolean(pair[0]) && pair[0] !== '_csrf'),
    );
    return [{ action, multipart: /multipart\/form-data/.test(attributes), fields, hidden }];
  });
}
