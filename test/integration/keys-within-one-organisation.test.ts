import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { seedDemoData } from '../../src/db/demo-data.ts';
import { type TestDatabase, createTestDatabase, testDialect } from '../support/database.ts';

// Migration 0039: on PostgreSQL a concern's service area and reporter, a category link's
// category and an audit event's actor must belong to the row's own organisation. Each case
// writes one row that is right, then the same row naming the other council's record, which
// the database refuses.

type Council = { organisationId: string; userId: string; serviceAreaId: string; categoryId: string };

describe(
  'keys within one organisation',
  { skip: testDialect !== 'postgres' && 'SQLite keeps single-column keys (migration 0039 says why)' },
  () => {
    let t: TestDatabase;
    let city: Council;
    let district: Council;
    before(async () => {
      t = await createTestDatabase();
      await seedDemoData(t.db);
      city = await councilNamed(t, 'Haven City Council');
      district = await councilNamed(t, 'Northbrook District Council');
    });
    after(() => t.drop());

    const concern = (organisation: Council, serviceAreaId: string, reporterId: string) => ({
      id: randomUUID(),
      organisation_id: organisation.organisationId,
      reference: `KEY-${randomUUID()}`,
      reporter_id: reporterId,
      service_area_id: serviceAreaId,
      what_happened: 'x',
      happened_on: '2026-01-01',
      location: 'x',
      status: 'closed' as const,
      created_at: '2026-01-01T09:00:00.000Z',
      triage_deadline_at: '2026-01-02T17:00:00.000Z',
    });
    const refused = (write: Promise<unknown>) => assert.rejects(write, { code: '23503' });

    it("refuses a concern in another council's service area or by another council's person", async () => {
      const own = concern(city, city.serviceAreaId, city.userId);
      await t.db.insertInto('concerns').values(own).execute();
      await refused(
        t.db
          .insertInto('concerns')
          .values(concern(city, district.serviceAreaId, city.userId))
          .execute(),
      );
      await refused(
        t.db
          .insertInto('concerns')
          .values(concern(city, city.serviceAreaId, district.userId))
          .execute(),
      );
      await refused(
        t.db
          .updateTable('concerns')
          .set({ service_area_id: district.serviceAreaId })
          .where('id', '=', own.id)
          .execute(),
      );
    });

    it("refuses a category link to another council's category", async () => {
      const own = concern(city, city.serviceAreaId, city.userId);
      await t.db.insertInto('concerns').values(own).execute();
      const link = { organisation_id: city.organisationId, concern_id: own.id };
      await t.db
        .insertInto('concern_categories')
        .values({ ...link, category_id: city.categoryId })
        .execute();
      await refused(
        t.db
          .insertInto('concern_categories')
          .values({ ...link, category_id: district.categoryId })
          .execute(),
      );
    });

    it("refuses an audit event whose actor is another council's", async () => {
      const event = (actorId: string) => ({
        id: randomUUID(),
        organisation_id: city.organisationId,
        actor_id: actorId,
        action: 'concern.viewed',
        subject_type: 'concern',
        subject_id: randomUUID(),
        at: new Date().toISOString(),
      });
      await t.db.insertInto('audit_events').values(event(city.userId)).execute();
      await refused(t.db.insertInto('audit_events').values(event(district.userId)).execute());
    });
  },
);

async function councilNamed(t: TestDatabase, name: string): Promise<Council> {
  const { id: organisationId } = await t.db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  const first = <T>(rows: T[]) => rows[0]!;
  const [users, areas, categories] = await Promise.all([
    t.db.selectFrom('users').select('id').where('organisation_id', '=', organisationId).execute(),
    t.db.selectFrom('service_areas').select('id').where('organisation_id', '=', organisationId).execute(),
    t.db.selectFrom('categories').select('id').where('organisation_id', '=', organisationId).execute(),
  ]);
  return {
    organisationId,
    userId: first(users).id,
    serviceAreaId: first(areas).id,
    categoryId: first(categories).id,
  };
}
