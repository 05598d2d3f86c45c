import { randomUUID } from 'node:crypto';
import { hashPassword } from '../accounts/password.ts';
import { type Role, roleNames } from '../domain/access-policy.ts';
import type { HavenDb } from './connect.ts';
import { seedAssuranceDemo } from './demo-assurance.ts';
import {
  demoAgencies,
  demoCategories,
  demoOrganisations,
  demoOutcomeClasses,
  demoReferralOutcomes,
  demoServiceAreaHeadcounts,
} from './demo-catalogue.ts';
import { seedDemoSelfAssessment } from './demo-self-assessment.ts';

/** Every demo account shares this password; demo data is refused in production by config. */
export const demoPassword = 'haven-demo-password';

/** Creates the demo organisations once; a second start finds them and changes nothing. */
export async function seedDemoData(db: HavenDb): Promise<void> {
  // One hash for every demo account: they share the password, and hashing is slow by design.
  const passwordHash = await hashPassword(demoPassword);
  for (const organisation of demoOrganisations) {
    await db.transaction().execute(async (trx) => {
      const exists = await trx
        .selectFrom('organisations')
        .select('id')
        .where('name', '=', organisation.name)
        .executeTakeFirst();
      if (exists) return;
      const organisationId = randomUUID();
      const now = new Date().toISOString();
      await trx
        .insertInto('organisations')
        .values({ id: organisationId, name: organisation.name, created_at: now })
        .execute();
      const areaIds = new Map(organisation.serviceAreas.map((name) => [name, randomUUID()]));
      await trx
        .insertInto('service_areas')
        .values(
          organisation.serviceAreas.map((name, i) => ({
            id: areaIds.get(name)!,
            organisation_id: organisationId,
            name,
            sort_order: i,
            headcount: demoServiceAreaHeadcounts[name] ?? null,
          })),
        )
        .execute();
      await trx
        .insertInto('categories')
        .values(
          demoCategories.map(([name, appliesTo, sacType, code], i) => ({
            id: randomUUID(),
            organisation_id: organisationId,
            name,
            applies_to: appliesTo,
            sort_order: i,
            sac_type: sacType,
            code,
          })),
        )
        .execute();
      await trx
        .insertInto('agencies')
        .values(
          demoAgencies.map((agency, i) => ({
            id: randomUUID(),
            organisation_id: organisationId,
            code: agency.code,
            name: agency.name,
            phone: agency.phone,
            hours: agency.hours,
            notes: agency.notes,
            home_office: agency.homeOffice ? 1 : 0,
            sort_order: i,
          })),
        )
        .execute();
      await trx
        .insertInto('referral_outcomes')
        .values(
          demoReferralOutcomes.map((name, i) => ({
            id: randomUUID(),
            organisation_id: organisationId,
            name,
            sort_order: i,
            outcome_class: demoOutcomeClasses[name] ?? null,
          })),
        )
        .execute();
      const users = organisation.users.map((user) => ({ ...user, id: randomUUID() }));
      await trx
        .insertInto('users')
        .values(
          users.map((user) => ({
            id: user.id,
            organisation_id: organisationId,
            email: user.email,
            display_name: user.name,
            // Unread since migration 0013 (roles live in user_roles), but still NOT NULL.
            role: user.roles[0]!,
            service_area_id: areaIds.get(user.serviceArea) ?? null,
            password_hash: passwordHash,
            created_at: now,
            job_title: user.jobTitle,
            phone: user.phone,
          })),
        )
        .execute();
      // Line managers after everyone exists, as a manager may be listed after the people they manage.
      const idByEmail = new Map(users.map((user) => [user.email, user.id]));
      for (const user of users) {
        if (!user.lineManager) continue;
        await trx
          .updateTable('users')
          .set({ line_manager_id: idByEmail.get(user.lineManager)! })
          .where('id', '=', user.id)
          .execute();
      }
      await trx
        .insertInto('user_roles')
        .values(
          users.flatMap((user) =>
            user.roles.map((role) => ({ user_id: user.id, role, organisation_id: organisationId })),
          ),
        )
        .execute();
      // The demo council (the first) has a self-assessment under way.
      if (organisation === demoOrganisations[0]) {
        const coordinator = users.find((user) => user.roles.includes('coordinator' as Role));
        await seedDemoSelfAssessment(trx, organisationId, coordinator?.id ?? null);
      }
      // The seeds' action plan, risk register and Scrutiny recommendations: the first (city) organisation's.
      if (organisation === demoOrganisations[0]) await seedAssuranceDemo(trx, organisationId, new Date(now));
    });
  }
}

/** The sign-ins printed at start, each with the roles it holds, so a new user can try every role. */
export function demoSignIns(): string {
  const held = (user: { roles: readonly Role[] }) => user.roles.map((role) => roleNames[role]).join(' + ');
  const width = Math.max(...demoOrganisations.flatMap((o) => o.users.map((u) => u.email.length))) + 2;
  const lines = demoOrganisations.flatMap((organisation) => [
    `  ${organisation.name}`,
    ...organisation.users.map((user) => `    ${user.email.padEnd(width)} ${held(user)}`),
  ]);
  return [`Demo sign-ins (password for all: ${demoPassword})`, ...lines].join('\n');
}
