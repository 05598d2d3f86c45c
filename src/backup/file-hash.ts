import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export type FileDigests = Record<string, { bytes: number; sha256: string }>;

/** Every file under `folder`, by its path relative to it (with /), with its size and SHA-256. */
export async function digestFiles(folder: string): Promise<FileDigests> {
  const digests: FileDigests = {};
  for (const relative of await listFiles(folder)) {
    const file = path.join(folder, relative);
    digests[relative] = { bytes: (await stat(file)).size, sha256: await sha256OfFile(file) };
  }
  return digests;
}

/** Files under `folder`, sorted; none when it does not exist. */
export async function listFiles(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** Copies the named files (relative paths) from one folder to another, owner-only as attachments are kept. */
export async function copyFiles(from: string, to: string, files: readonly string[]): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  for (const relative of files) {
    const target = path.join(to, relative);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await copyFile(path.join(from, relative), target);
  }
}

/** Lines naming each file whose bytes differ from what was expected, is missing, or was not expected. */
export function compareDigests(expected: FileDigests, found: FileDigests, where: string): string[] {
  const differences: string[] = [];
  for (const [name, digest] of Object.entries(expected)) {
    const actual = found[name];
    if (!actual) differences.push(`${where}: attachment file ${name} is missing`);
    else if (actual.sha256 !== digest.sha256) differences.push(`${where}: attachment file ${name} has changed`);
  }
  for (const name of Object.keys(found)) {
    if (!expected[name]) differences.push(`${where}: attachment file ${name} is not in the backup`);
  }
  return differences;
}
