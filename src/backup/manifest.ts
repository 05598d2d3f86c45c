import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** What a backup folder holds, written last: a folder without it is an unfinished backup. */
export const manifestFileName = 'manifest.json';
export const sqliteFileName = 'haven.sqlite';
export const postgresDumpFileName = 'haven.pgdump';
export const attachmentsFolderName = 'attachments';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

const manifestSchema = z.object({
  format: z.literal('haven-backup/1'),
  /** Random per backup: a manifest copied from another backup names another id and file hash. */
  backupId: z.uuid(),
  havenVersion: z.string(),
  dialect: z.enum(['sqlite', 'postgres']),
  /** The last migration applied when the backup was taken; restore refuses a different schema. */
  migration: z.string(),
  createdAt: z.iso.datetime(),
  databaseFile: z.object({ name: z.string(), bytes: z.number().int().min(0), sha256 }),
  tables: z.record(z.string(), z.object({ rows: z.number().int().min(0), sha256 })),
  /** Paths relative to the attachments folder: <organisation id>/<attachment id>, never a name a user chose. */
  attachments: z.record(z.string(), z.object({ bytes: z.number().int().min(0), sha256 })),
});

export type Manifest = z.infer<typeof manifestSchema>;

export async function writeManifest(folder: string, manifest: Manifest): Promise<void> {
  await writeFile(path.join(folder, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
}

/** The folder's manifest, or null when it is missing or not a Haven manifest. */
export async function readManifest(folder: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(path.join(folder, manifestFileName), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
