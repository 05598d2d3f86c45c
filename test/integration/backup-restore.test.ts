import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DatabaseAttachmentStore } from '../../src/attachment-store/database-store.ts';
import { DirectoryAttachmentStore } from '../../src/attachment-store/directory-store.ts';
import { runHaven } from '../../src/cli/haven.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { type HavenDb, connectDatabase } from '../../src/db/connect.ts';
import { seedDemoData } from '../../src/db/demo-data.ts';
import { createEmptyDatabase } from '../../src/db/postgres-admin.ts';
import { attachFile } from '../../src/features/attachments/attach-file.ts';
import { tamperWithAudit } from '../support/audit-tamper.ts';
import { actorFor, buildConcern } from '../support/builders.ts';
import { type TestDatabase, createTestDatabase, testDialect } from '../support/database.ts';

// The first bytes of a real JPEG (SOI + JFIF APP0), enough for content sniffing.
const jpeg = Buffer.from([
  0xff,
  0xd8,
  0xff,
  0xe0,
  0x00,
  0x10,
  0x4a,
  0x46,
  0x49,
  0x46,
  0x00,
  0x01,
  ...Array(200).fill(7),
]);

type Place = { config: Config; drop(): Promise<void> };
const cleanups: Array<() => Promise<void>> = [];

async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'haven-backup-test-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** Haven's configuration for a database and an attachments folder, read as the command reads it. */
function configFor(database: TestDatabase['config'], attachmentsDir: string): Config {
  return loadConfig({
    HAVEN_ENV: 'test',
    ATTACHMENTS_DIR: attachmentsDir,
    ...(database.kind === 'sqlite' ? { HAVEN_DATA_DIR: path.dirname(database.file) } : { DATABASE_URL: database.url }),
  });
}

/** A database with nothing in it (no file; or a new PostgreSQL database without tables) and no attachments. */
async function emptyPlace(): Promise<Place> {
  const attachmentsDir = path.join(await temporaryFolder(), 'attachments');
  if (testDialect === 'postgres') {
    const database = await createEmptyDatabase(process.env.TEST_DATABASE_URL!, 'haven_restore');
    return { config: configFor(database.config, attachmentsDir), drop: database.drop };
  }
  const file = path.join(await temporaryFolder(), 'haven.sqlite');
  return { config: configFor({ kind: 'sqlite', file }, attachmentsDir), drop: async () => {} };
}

async function haven(config: Config, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runHaven(args, config, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

async function withDatabase<T>(config: Config, work: (db: HavenDb) => Promise<T>): Promise<T> {
  const db = connectDatabase(config.database);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

const counts = (db: HavenDb) =>
  Promise.all(
    (['organisations', 'users', 'concerns', 'attachments', 'audit_events'] as const).map(async (table) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ),
  );

describe(`haven backup, restore and verify (${testDialect})`, () => {
  let source: TestDatabase;
  let sourceConfig: Config;
  let backup: string;

  before(async () => {
    source = await createTestDatabase();
    cleanups.push(() => source.drop());
    await seedDemoData(source.db);
    const attachmentsDir = path.join(await temporaryFolder(), 'attachments');
    sourceConfig = configFor(source.config, attachmentsDir);
    const concern = await buildConcern(source.db, 'reporter@city.example');
    const actor = await actorFor(source.db, 'reporter@city.example');
    const upload = { bytes: jpeg, truncated: false, fileName: 'kitchen.jpg', description: 'Kitchen' };
    const directory = new DirectoryAttachmentStore(attachmentsDir);
    assert.deepEqual(await attachFile(source.db, directory, actor, concern.id, upload, null), { ok: true });
    // A file kept in the database store (issue 12): its chunks travel inside the database's own copy.
    const inDatabase = { ...upload, fileName: 'hall.jpg', description: 'Hall' };
    const database = new DatabaseAttachmentStore(source.db);
    assert.deepEqual(await attachFile(source.db, database, actor, concern.id, inDatabase, null), { ok: true });
    backup = path.join(await temporaryFolder(), 'backup');
    const made = await haven(sourceConfig, 'backup', '--to', backup);
    assert.equal(made.status, 0, made.err);
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('restores into an empty database, and verify finds the same records and attachment files', async () => {
    const target = await emptyPlace();
    cleanups.push(target.drop);
    const restored = await haven(target.config, 'restore', '--from', backup);
    assert.equal(restored.status, 0, restored.err);
    assert.match(restored.out, /Verified: \d+ tables/);
    assert.match(restored.out, /Audit chain verified: [1-9]\d* events in \d+ organisations, unbroken/);
    const verified = await haven(target.config, 'verify', '--from', backup);
    assert.equal(verified.status, 0, verified.err);

    const expected = await counts(source.db);
    assert.deepEqual(await withDatabase(target.config, counts), expected);
    assert.equal(expected[3], 2);
    const manifest = JSON.parse(await readFile(path.join(backup, 'manifest.json'), 'utf8'));
    assert.equal(manifest.tables.concerns.rows, expected[2]);
    assert.equal(manifest.dialect, testDialect);
    const [file] = Object.keys(manifest.attachments);
    assert.deepEqual(await readFile(path.join(target.config.attachmentsDir, file!)), jpeg);
    assert.equal(Object.keys(manifest.attachments).length, 1, 'the directory held one file');
    assert.ok(manifest.tables.attachment_chunks.rows >= 1, 'the database store is in the backup');
    const hall = await withDatabase(target.config, async (db) => {
      const row = await db
        .selectFrom('attachments')
        .selectAll()
        .where('file_name', '=', 'hall.jpg')
        .executeTakeFirstOrThrow();
      const stream = await new DatabaseAttachmentStore(db).open(row.organisation_id, row.id);
      return Buffer.concat(await stream.toArray());
    });
    assert.deepEqual(hall, jpeg);
  });

  it('refuses to restore over records without --replace, and leaves them alone', async () => {
    const restoredAgain = await haven(sourceConfig, 'restore', '--from', backup);
    assert.equal(restoredAgain.status, 2);
    assert.match(restoredAgain.err, /already holds records/);
  });

  it('refuses a truncated database file, even with --replace, and the target is unchanged', async () => {
    const target = await restoredPlace();
    const truncated = await copyOfBackup();
    const manifest = JSON.parse(await readFile(path.join(truncated, 'manifest.json'), 'utf8'));
    await truncate(path.join(truncated, manifest.databaseFile.name), Math.floor(manifest.databaseFile.bytes / 2));
    const refused = await haven(target.config, 'restore', '--from', truncated, '--replace');
    assert.equal(refused.status, 2);
    assert.match(refused.err, /^The backup’s database file does not match its manifest/);
    assert.equal((await haven(target.config, 'verify', '--from', backup)).status, 0);
  });

  it('refuses a truncated file even when its manifest was rewritten to match, and the target is unchanged', async () => {
    const target = await restoredPlace();
    const truncated = await copyOfBackup();
    const manifestFile = path.join(truncated, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    const databaseFile = path.join(truncated, manifest.databaseFile.name);
    // PostgreSQL: the dump's table of contents still reads, so pg_restore starts, fails on the
    // data and must roll back what it dropped and created (--replace, one transaction).
    const kept = testDialect === 'postgres' ? 0.98 : 0.5;
    await truncate(databaseFile, Math.floor(manifest.databaseFile.bytes * kept));
    const bytes = await readFile(databaseFile);
    manifest.databaseFile = {
      ...manifest.databaseFile,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    await writeFile(manifestFile, JSON.stringify(manifest));
    const refused = await haven(target.config, 'restore', '--from', truncated, '--replace');
    assert.equal(refused.status, 2);
    assert.match(refused.err, testDialect === 'sqlite' ? /integrity check/ : /pg_restore failed .*left as it was/);
    assert.equal((await haven(target.config, 'verify', '--from', backup)).status, 0);
  });

  it('refuses a manifest from another backup', async () => {
    await buildConcern(source.db, 'reporter@city.example');
    const later = path.join(await temporaryFolder(), 'later');
    assert.equal((await haven(sourceConfig, 'backup', '--to', later)).status, 0);
    const mixed = await copyOfBackup();
    await cp(path.join(later, 'manifest.json'), path.join(mixed, 'manifest.json'));
    const target = await emptyPlace();
    cleanups.push(target.drop);
    const refused = await haven(target.config, 'restore', '--from', mixed);
    assert.equal(refused.status, 2);
    assert.match(refused.err, /manifest belongs to another backup/);
    const nothing = await haven(target.config, 'verify', '--from', backup);
    assert.equal(nothing.status, 1, 'the empty target stayed empty');
  });

  it('refuses a backup taken by a newer Haven, whose last migration is unknown here', async () => {
    const newer = await copyOfBackup();
    const manifestFile = path.join(newer, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    await writeFile(manifestFile, JSON.stringify({ ...manifest, migration: '9999-from-the-future' }));
    const target = await emptyPlace();
    cleanups.push(target.drop);
    const refused = await haven(target.config, 'restore', '--from', newer);
    assert.equal(refused.status, 2);
    assert.match(refused.err, /newer Haven/);
  });

  it('verify reports a changed attachment file and a changed record, by file and table only; --replace puts them back', async () => {
    const target = await restoredPlace();
    const manifest = JSON.parse(await readFile(path.join(backup, 'manifest.json'), 'utf8'));
    const [file] = Object.keys(manifest.attachments);
    const tampered = Buffer.from(jpeg);
    tampered[100] = 0;
    await writeFile(path.join(target.config.attachmentsDir, file!), tampered);
    await withDatabase(target.config, (db) => db.updateTable('concerns').set({ location: 'Elsewhere' }).execute());
    const verified = await haven(target.config, 'verify', '--from', backup);
    assert.equal(verified.status, 1);
    assert.match(verified.err, new RegExp(`attachment file ${file} has changed`));
    assert.match(verified.err, /table concerns has the same number of rows but different contents/);
    assert.doesNotMatch(verified.err, /Elsewhere|Test Person|kitchen/);

    const replaced = await haven(target.config, 'restore', '--from', backup, '--replace');
    assert.equal(replaced.status, 0, replaced.err);
    assert.equal((await haven(target.config, 'verify', '--from', backup)).status, 0);
  });

  it('verify finds an audit event changed in the restored copy, by organisation, sequence and event id', async () => {
    const target = await restoredPlace();
    const changed = await withDatabase(target.config, async (db) => {
      const event = await db
        .selectFrom('audit_events')
        .select(['id', 'organisation_id', 'chain_seq'])
        .orderBy('chain_seq')
        .executeTakeFirstOrThrow();
      await tamperWithAudit(db, (trx) =>
        trx.updateTable('audit_events').set({ at: '2020-01-01T00:00:00.000Z' }).where('id', '=', event.id).execute(),
      );
      return event;
    });
    const verified = await haven(target.config, 'verify', '--from', backup);
    assert.equal(verified.status, 1);
    assert.match(
      verified.err,
      new RegExp(
        `Audit chain broken: organisation ${changed.organisation_id}, sequence ${changed.chain_seq}, event ${changed.id}: changed`,
      ),
    );
  });

  it('says how to use it, with status 2, for an unknown command or missing folder', async () => {
    assert.equal((await haven(sourceConfig, 'backup')).status, 2);
    assert.equal((await haven(sourceConfig, 'restore', '--to', backup)).status, 2);
    assert.equal((await haven(sourceConfig, 'frobnicate')).status, 2);
    const notEmpty = await haven(sourceConfig, 'backup', '--to', backup);
    assert.equal(notEmpty.status, 2);
    assert.match(notEmpty.err, /not empty/);
  });

  it('runs as a command: configuration from the environment, the exit status from the result', async () => {
    const target = await restoredPlace();
    const database = target.config.database;
    const environment = {
      PATH: process.env.PATH ?? '',
      HAVEN_ENV: 'test',
      ATTACHMENTS_DIR: target.config.attachmentsDir,
      ...(database.kind === 'sqlite'
        ? { HAVEN_DATA_DIR: path.dirname(database.file) }
        : { DATABASE_URL: database.url }),
    };
    const command = (...args: string[]) =>
      spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../src/cli/haven.ts'), ...args], {
        env: environment,
        encoding: 'utf8',
      });
    const verified = command('verify', '--from', backup);
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, /Audit chain verified: [1-9]\d* events in \d+ organisations, unbroken/);
    const refused = command('restore', '--from', backup);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /already holds records/);
    const usage = command('restore');
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^Usage:/);
  });

  async function restoredPlace(): Promise<Place> {
    const target = await emptyPlace();
    cleanups.push(target.drop);
    const restored = await haven(target.config, 'restore', '--from', backup);
    assert.equal(restored.status, 0, restored.err);
    return target;
  }

  async function copyOfBackup(): Promise<string> {
    const copy = path.join(await temporaryFolder(), 'copy');
    await cp(backup, copy, { recursive: true });
    return copy;
  }
});
