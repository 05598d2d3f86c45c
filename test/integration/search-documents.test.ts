import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { seedDemoData } from '../../src/db/demo-data.ts';
import {
  asciiWords,
  indexNewConcerns,
  removeConcernSearch,
  writeConcernSearch,
} from '../../src/db/full-text-search.ts';
import { type TestDatabase, createTestDatabase, testDialect } from '../support/database.ts';

// The bulk writers' documents (indexNewConcerns: the history import, synthetic data) must be the
// ones a concern's own writer makes (writeConcernSearch), or search would find a concern by how
// it arrived. On PostgreSQL the bulk path splits ASCII text into words itself (asciiWords).

const texts = [
  'HC-2026-000123',
  'O\'Brien said: "don\'t" -- (see notes) #12, 50% & a/b',
  'Tabs\tand\nnew lines\r\nand ~`^|\\ marks',
  'Zoë at the café, naïve façade',
  'Ålesund and Łódź, ½ and ² and 三月',
  '   ',
  '---',
];

describe(
  'search documents written in bulk',
  { skip: testDialect !== 'postgres' && 'PostgreSQL keeps tsvectors' },
  () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase();
      await seedDemoData(t.db);
    });
    after(() => t.drop());

    it('splits ASCII text only, as concern_search_words would', () => {
      assert.equal(asciiWords("O'Brien--HC-2026"), 'O Brien HC 2026');
      assert.equal(asciiWords('Zoë'), null);
    });

    it('are the documents writeConcernSearch makes, for ASCII and other text', async () => {
      const reporter = await t.db
        .selectFrom('users')
        .select(['id', 'organisation_id', 'service_area_id'])
        .where('email', '=', 'reporter@city.example')
        .executeTakeFirstOrThrow();
      const [bulk, own] = ['search-bulk', 'search-own'].map((id) => ({ id }));
      await t.db
        .insertInto('concerns')
        .values(
          [bulk!, own!].map(({ id }) => ({
            id,
            organisation_id: reporter.organisation_id,
            reference: id,
            reporter_id: reporter.id,
            service_area_id: reporter.service_area_id!,
            what_happened: '',
            happened_on: '2026-01-05',
            location: '',
            status: 'closed',
            created_at: '2026-01-05T10:00:00.000Z',
            triage_deadline_at: '2026-01-06T10:00:00.000Z',
          })),
        )
        .execute();
      const documentOf = async (id: string) =>
        (
          await sql<{
            document: string;
          }>`select document::text as document from concern_search where concern_id = ${id}`.execute(t.db)
        ).rows[0]?.document;
      for (const text of texts) {
        const doc = { reference: text, names: [text, null], account: [text], added: ['x', text] };
        await removeConcernSearch(t.db, bulk!.id);
        await indexNewConcerns(t.db, [{ concernId: bulk!.id, ...doc }]);
        await writeConcernSearch(t.db, own!.id, doc);
        assert.equal(await documentOf(bulk!.id), await documentOf(own!.id), JSON.stringify(text));
      }
    });
  },
);
