import { sql } from 'kysely';
import type { HavenDb } from '../../db/connect.ts';
import { concernsInScope } from '../../db/restriction-scope.ts';
import { type Actor, restrictionScope } from '../../domain/access-policy.ts';
import { decryptField } from '../../field-encryption/field-encryption.ts';

// The chronology (issue 4): every event about one person across all their concerns, in date order,
// as ONE query whatever the number of concerns: a CTE of the person's concerns within the
// reader's organisation and restriction scope, then one branch per source, each filtered by
// "concern_id IN (those concerns)" so both planners start from those few concerns, even SQLite
// without statistics, and find each branch's rows by index: concern_people(person_id,
// concern_id), concern_events(organisation_id, concern_id, at), concern_actions(concern_id),
// referrals(concern_id), person_events(organisation_id, person_id, at). Actions and referrals
// are not filtered by organisation again: the CTE already is, and an organisation filter would
// lead SQLite to the wrong index (concern_actions_assignee).

const none = sql<string | null>`cast(null as text)`;
const kind = (name: string) => sql<string>`${sql.lit(name)}`;

// These timeline entries have their own rows with the real dates and names; the rest come from
// the timeline as recorded.
const fromOwnTables = ['referral_made', 'referral_outcome', 'action_added', 'action_done'];

export type ChronologyRow = {
  at: string;
  kind: string;
  concernId: string | null;
  by: string | null;
  text1: string | null;
  text2: string | null;
  text3: string | null;
};

/**
 * The person's chronology rows, oldest first. Dates without a time (what happened, referral and
 * outcome dates) sort at the start of their day. Exported so a benchmark can time the bare SQL.
 */
export async function findPersonChronology(db: HavenDb, actor: Actor, personId: string): Promise<ChronologyRow[]> {
  const organisationId = actor.organisationId;
  const rows = await db
    .with('linked', (qb) =>
      qb
        .selectFrom('concern_people')
        .innerJoin('concerns', 'concerns.id', 'concern_people.concern_id')
        .select('concern_people.concern_id')
        .distinct()
        .where('concern_people.person_id', '=', personId)
        .where('concerns.organisation_id', '=', organisationId)
        .where(concernsInScope(restrictionScope(actor))),
    )
    .selectFrom('concerns')
    .innerJoin('users', 'users.id', 'concerns.reporter_id')
    .select([
      'concerns.created_at as at',
      kind('recorded').as('kind'),
      sql<string | null>`concerns.id`.as('concernId'),
      sql<string | null>`users.display_name`.as('by'),
      none.as('text1'),
      none.as('text2'),
      none.as('text3'),
    ])
    .where('concerns.id', 'in', (eb) => eb.selectFrom('linked').select('linked.concern_id'))
    .unionAll((eb) =>
      eb
        .selectFrom('concerns')
        .select([
          'concerns.happened_on as at',
          kind('happened').as('kind'),
          'concerns.id as concernId',
          none.as('by'),
          sql<string | null>`concerns.what_happened`.as('text1'),
          sql<string | null>`concerns.location`.as('text2'),
          none.as('text3'),
        ])
        .where('concerns.id', 'in', (eb) => eb.selectFrom('linked').select('linked.concern_id')),
    )
    .unionAll((eb) =>
      eb
        .selectFrom('concern_events')
        .innerJoin('users', 'users.id', 'concern_events.actor_id')
        .select([
          'concern_events.at',
          'concern_events.kind',
          'concern_events.concern_id as concernId',
          sql<string | null>`users.display_name`.as('by'),
          sql<string | null>`concern_events.details`.as('text1'),
          none.as('text2'),
          none.as('text3'),
        ])
        .where('concern_events.organisation_id', '=', organisationId)
        .where('concern_events.concern_id', 'in', (eb) => eb.selectFrom('linked').select('linked.concern_id'))
        .where('concern_events.kind', 'not in', fromOwnTables),
    )
    .unionAll((eb) =>
      eb
        .selectFrom('concern_actions')
        .innerJoin('users as creator', 'creator.id', 'concern_actions.created_by')
        .innerJoin('users as assignee', 'assignee.id', 'concern_actions.assignee_id')
        .select([
          'concern_actions.created_at as at',
          kind('action_added').as('kind'),
          'concern_actions.concern_id as concernId',
          sql<string | null>`creator.display_name`.as('by'),
          sql<string | null>`concern_actions.description`.as('text1'),
          sql<string | null>`assignee.display_name`.as('text2'),
          sql<string | null>`concern_actions.due_on`.as('text3'),
        ])
        .where('concern_actions.concern_id', 'in', (eb) => eb.selectFrom('linked').select('linked.concern_id')),
    )
    .unionAll((eb) =>
      eb
        .selectFrom('concern_actions')
        .innerJoin('users', 'users.id', 'concern_actions.done_by')
        .select([
          sql<string>`concern_actions.done_at`.as('at'),
          kind('action_done').as('kind'),
          'concern_actions.concern_id as concernId',
          sql<string | null>`users.display_name`.as('by'),
          sql<string | null>`concern_actions.description`.as('text1'),
          none.as('text2'),
          none.as('text3'),
        ])
        .where('concern_actions.concern_id', 'in', (eb) => eb.selectFrom('linked').select('linked.concern_id'))
        .where('concern_actions.done_at', 'is not', null),
    )
    .unionAll((eb) =>
      eb
        .selectFrom('referrals')
        .innerJoin('agencies', 'agencies.id', 'referrals.agency_id')
        .innerJoin('users', 'users.id', 'referrals.created_by')
        .select([
          'referrals.referred_on as at',
          kind('referral').as('kind'),
          'referrals.concern_id as concernId',
          sql<string | null>`users.display_name`.as('by'),
          sql<string | null>`agencies.name`.as('text1'),
          sql<string | null>`referrals.external_reference`.as('text2'),
          sql<string | null>`referrals.consent`.as('text3'),
        ])
        .where('referrals.concern_id', 'in', (eb) => eb.selectFrom('linked').select('linked.concern_id')),
    )
    .unionAll((eb) =>
      eb
        .selectFrom('referrals')
        .innerJoin('agencies', 'agencies.id', 'referrals.agency_id')
        .innerJoin('referral_outcomes', 'referral_outcomes.id', 'referrals.outcome_id')
        .select([
          sql<string>`referrals.outcome_on`.as('at'),
          kind('referral_outcome').as('kind'),
          'referrals.concern_id as concernId',
          none.as('by'),
          sql<string | null>`agencies.name`.as('text1'),
          sql<string | null>`referral_outcomes.name`.as('text2'),
          none.as('text3'),
        ])
        .where('referrals.concern_id', 'in', (eb) => eb.selectFrom('linked').select('linked.concern_id')),
    )
    .unionAll((eb) =>
      // Changes to the index that stand apart from any concern: merges and households.
      eb
        .selectFrom('person_events')
        .innerJoin('users', 'users.id', 'person_events.actor_id')
        .select([
          'person_events.at',
          'person_events.kind',
          sql<string | null>`person_events.concern_id`.as('concernId'),
          sql<string | null>`users.display_name`.as('by'),
          sql<string | null>`person_events.details`.as('text1'),
          none.as('text2'),
          none.as('text3'),
        ])
        .where('person_events.organisation_id', '=', organisationId)
        .where('person_events.person_id', '=', personId)
        .where('person_events.concern_id', 'is', null),
    )
    .orderBy('at')
    .orderBy('kind')
    .execute();
  return rows.map(decryptRow);
}

// Branches whose kind is fixed here; any other row with a concern is a timeline entry, whose
// details are encrypted. Person events (no concern) are not.
const fixedKinds = new Set(['recorded', 'happened', 'action_added', 'action_done', 'referral', 'referral_outcome']);

// Branches whose first text is an encrypted column (what happened, an action's description).
const encryptedText1 = new Set(['happened', 'action_added', 'action_done']);

/** What happened, actions and timeline details are encrypted at rest (issue 13): decrypted as they leave. */
function decryptRow(row: ChronologyRow): ChronologyRow {
  if (encryptedText1.has(row.kind)) return { ...row, text1: decryptField(row.text1) };
  if (row.concernId !== null && !fixedKinds.has(row.kind)) return { ...row, text1: decryptField(row.text1) };
  return row;
}
