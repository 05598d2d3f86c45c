import { openAttachmentStore } from '../attachment-store/open-attachment-store.ts';
import type { Config } from '../config.ts';
import { prepareFieldEncryption } from '../field-encryption/rotate-all.ts';
import type { HavenDb } from './connect.ts';
import { migrateToLatest } from './migrations/index.ts';
import { withStartupLock } from './startup-lock.ts';

/**
 * What a start does before Haven reads or writes anything (main.ts, and commands that move stored
 * data): under the startup lock, the migrations, then the keys checked and the values and files
 * written before they were encrypted encrypted where they lie (field-encryption/rotate-all.ts),
 * then `andThen` (demo data). A missing or wrong key stops it with FieldKeysRefused. Returns how
 * many migrations this run applied.
 */
export async function startUpDatabase(
  db: HavenDb,
  config: Pick<Config, 'database' | 'encryption' | 'attachmentStore' | 'attachmentsDir'>,
  andThen: () => Promise<void> = async () => {},
): Promise<number> {
  return withStartupLock(db, async () => {
    const count = await migrateToLatest(db, config.database.kind === 'postgres' ? config.database.schema : undefined);
    await prepareFieldEncryption(db, openAttachmentStore(config, db), config.encryption);
    await andThen();
    return count;
  });
}
