/**
 * A backup, restore or verify that cannot go ahead: refused before anything was changed, with a
 * one-line message that names files and tables, never a person. The command exits with 2.
 */
export class BackupRefusal extends Error {}

/** What verify found different; ids, table names and file paths only. */
export type Difference = string;
