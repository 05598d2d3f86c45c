import {
  type Administrator,
  changeAccount,
  createAccount,
  deactivateAccount,
} from '../../accounts/account-administration.ts';
import { inviteAccount } from '../../accounts/invitations.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { ImportPlan, PlannedAccount } from './import-plan.ts';

export type ImportResult = { created: number; updated: number; deactivated: number };

/**
 * Applies a plan in one transaction through the same account rules as the pages: every change is
 * recorded, a leaver's sessions end, and leaving no administrator refuses the whole import.
 * New accounts hold the reporter role (everyone who works for the council records concerns);
 * they are invited only when the administrator asked.
 */
export async function applyImport(
  trx: HavenDb,
  admin: Administrator,
  plan: ImportPlan,
  options: { sendInvitations: boolean; invitationValidDays: number; now: Date },
): Promise<ImportResult> {
  const created = new Map<string, string>();
  const idOf = (key: string | null) => (key?.startsWith('line:') ? (created.get(key) ?? null) : key);
  // Managers first, so each new account is created with its line manager already there.
  for (const row of managersFirst(plan.create)) {
    const id = await createAccount(
      trx,
      admin,
      { ...row.values, phone: null, lineManagerId: idOf(row.lineManager), roles: ['reporter'] },
      options.now,
      'imported',
    );
    created.set(`line:${row.line}`, id);
    if (options.sendInvitations) await inviteAccount(trx, admin, id, options.now, options.invitationValidDays);
  }
  for (const row of plan.update)
    await changeAccount(trx, admin, row.accountId, { ...row.values, lineManagerId: idOf(row.lineManager) }, 'imported');
  for (const row of plan.deactivate)
    await deactivateAccount(trx, admin, row.accountId, options.now, 'left (HR import)');
  return { created: plan.create.length, updated: plan.update.length, deactivated: plan.deactivate.length };
}

function managersFirst(rows: readonly PlannedAccount[]): PlannedAccount[] {
  const pending = new Map(rows.map((row) => [`line:${row.line}`, row]));
  const ordered: PlannedAccount[] = [];
  while (pending.size) {
    const ready = [...pending.values()].filter((row) => !row.lineManager || !pending.has(row.lineManager));
    // The plan refuses loops, so there is always one ready; this guards against a bug looping forever.
    if (!ready.length) throw new Error('line managers form a loop');
    for (const row of ready) {
      ordered.push(row);
      pending.delete(`line:${row.line}`);
    }
  }
  return ordered;
}
