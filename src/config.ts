import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { invitationValidDays } from './domain/account-rules.ts';
import {
  type FieldKey,
  type FieldKeyring,
  developmentKeyring,
  isValidKeyId,
  makeKeyring,
} from './field-encryption/field-encryption.ts';

/** Where Haven keeps its data: an embedded SQLite file, or a PostgreSQL server. */
export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string | undefined };

export type Config = Readonly<{
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  database: DatabaseConfig;
  /** Where attachment files are kept: outside the web root, never served as static files. */
  attachmentsDir: string;
  /** Where attachment bytes are kept: the directory (one instance), or the database (shared by every instance). */
  attachmentStore: 'directory' | 'database';
  /** The PostgreSQL client programs `haven backup` and `haven restore` run (absolute paths). */
  backupTools: Readonly<{ pgDump: string; pgRestore: string }>;
  session: Readonly<{ secret: string; idleMinutes: number; absoluteHours: number; secureCookies: boolean }>;
  /**
   * keyMaterial encrypts TOTP secrets at rest. enforced: people whose roles require a second
   * factor must enrol before doing anything; only outside production may it be switched off.
   */
  twoFactor: Readonly<{ keyMaterial: string; enforced: boolean }>;
  /** Failed sign-ins allowed from one address, across all accounts, in 15 minutes. */
  signInAttemptsPerWindow: number;
  /** Proxies whose X-Forwarded-For is believed: addresses or CIDR ranges; none by default. */
  trustedProxies: readonly string[];
  demoData: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** smtpUrl null: mail is not sent (development and test only). baseUrl has no trailing slash. */
  mail: Readonly<{ smtpUrl: string | null; from: string; baseUrl: string }>;
  jobs: Readonly<{ enabled: boolean; pollSeconds: number; triageWarningHours: number }>;
  /** How many days an invitation's one-time link to set a password works. */
  invitationValidDays: number;
  /** The council's OpenID Connect provider; null when the council signs in with Haven's own accounts only. */
  singleSignOn: SingleSignOnConfig | null;
  /**
   * The keys special-category free text and attachment bytes are encrypted under
   * (HAVEN_ENCRYPTION_KEYS, the first encrypts); the development key outside production when unset.
   */
  encryption: FieldKeyring;
  /** Passkeys (WebAuthn): null when Haven's address is an IP address, which WebAuthn refuses as a relying party. */
  webAuthn: WebAuthnConfig | null;
}>;

export type WebAuthnConfig = Readonly<{
  /** The relying party id: the domain passkeys are bound to ("haven.example.gov.uk"). */
  rpId: string;
  /** The exact origin the browser reports ("https://haven.example.gov.uk"). */
  origin: string;
  /** Shown by the device when a passkey is made. */
  rpName: string;
}>;

export type SingleSignOnConfig = Readonly<{
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the sign-in page: "Sign in with <providerName>". */
  providerName: string;
  redirectUri: string;
  /** The ID token claim that finds the Haven account: its email address, or the provider's subject id. */
  matchClaim: 'email' | 'sub';
  /** Unknown people get a reporter account in this organisation (by name) on first sign-in; null: refused. */
  provisionInto: string | null;
}>;

/** Where the provider sends people back to; the one path Haven serves for it. */
export const singleSignOnCallbackPath = '/sign-in/single-sign-on/callback';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Haven will not start until its configuration is fixed:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

// Addresses and CIDR ranges separated by commas ("10.0.0.1, 10.1.0.0/16"). No hop count: a count
// cannot tell the council's proxy from a client that adds headers itself (Fastify ignores one).
const trustedProxies = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .refine((items) => items.every(isProxyAddress), {
    message: 'must be addresses or CIDR ranges of proxies, separated by commas',
  });

function isProxyAddress(item: string): boolean {
  const [address = '', prefix, ...rest] = item.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

const environmentSchema = z
  .object({
    HAVEN_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave it unset to use SQLite)')
      .optional(),
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a plain lower-case schema name')
      .optional(),
    HAVEN_DATA_DIR: z.string().min(1).default('data'),
    ATTACHMENTS_DIR: z.string().min(1).optional(),
    ATTACHMENT_STORE: z.enum(['directory', 'database'], { error: 'must be directory or database' }).optional(),
    PG_DUMP_PATH: z.string().startsWith('/', 'must be an absolute path').default('/usr/bin/pg_dump'),
    PG_RESTORE_PATH: z.string().startsWith('/', 'must be an absolute path').default('/usr/bin/pg_restore'),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
    SECURE_COOKIES: flag.optional(),
    TWO_FACTOR_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    TWO_FACTOR_ENFORCED: flag.optional(),
    SIGN_IN_ATTEMPTS_PER_15_MINUTES: z.coerce.number().int().min(1).max(10_000).default(30),
    TRUSTED_PROXIES: trustedProxies,
    HAVEN_DEMO_DATA: flag.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/]/, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(1).optional(),
    HAVEN_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    JOBS_ENABLED: flag.optional(),
    JOBS_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    TRIAGE_WARNING_HOURS: z.coerce.number().int().min(1).max(24).default(2),
    INVITATION_VALID_DAYS: z.coerce.number().int().min(1).max(30).default(invitationValidDays),
    OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_PROVIDER_NAME: z.string().min(1).max(60).optional(),
    OIDC_REDIRECT_URI: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    OIDC_MATCH_CLAIM: z.enum(['email', 'sub'], { error: 'must be email or sub' }).default('email'),
    OIDC_PROVISION: flag.optional(),
    OIDC_ORGANISATION: z.string().min(1).optional(),
    WEBAUTHN_RP_ID: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i, 'must be a domain name, such as haven.example.gov.uk')
      .refine((value) => !isIP(value), 'must be a domain name: WebAuthn refuses an IP address')
      .optional(),
    WEBAUTHN_ORIGIN: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    HAVEN_ENCRYPTION_KEYS: z
      .string()
      .optional()
      .transform((value, ctx) => (value === undefined ? undefined : parseEncryptionKeys(value, ctx))),
    // The bench alone sets this, to measure what encryption costs a submission; refused in production.
    HAVEN_BENCH_WITHOUT_ENCRYPTION: flag.optional(),
  })
  .superRefine(checkSingleSignOn)
  .superRefine(checkWebAuthn)
  .superRefine((env, ctx) => {
    if (env.HAVEN_ENV !== 'production') return;
    if (!env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
    }
    if (env.TWO_FACTOR_ENFORCED === false) {
      ctx.addIssue({ code: 'custom', path: ['TWO_FACTOR_ENFORCED'], message: 'must not be false in production' });
    }
    if (env.HAVEN_DEMO_DATA) {
      ctx.addIssue({ code: 'custom', path: ['HAVEN_DEMO_DATA'], message: 'must not be true in production' });
    }
    if (!env.HAVEN_ENCRYPTION_KEYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['HAVEN_ENCRYPTION_KEYS'],
        message: 'is required in production (keyId:base64 of 32 random bytes, the current key first)',
      });
    }
    if (env.HAVEN_BENCH_WITHOUT_ENCRYPTION) {
      ctx.addIssue({
        code: 'custom',
        path: ['HAVEN_BENCH_WITHOUT_ENCRYPTION'],
        message: 'must not be true in production: it stores special-category text unencrypted',
      });
    }
    // Notifications must reach people from a real sender, and their links lead back to this Haven.
    for (const required of ['SMTP_URL', 'MAIL_FROM', 'HAVEN_BASE_URL'] as const) {
      if (!env[required]) ctx.addIssue({ code: 'custom', path: [required], message: 'is required in production' });
    }
  });

type SingleSignOnEnvironment = Partial<
  Record<'HAVEN_ENV' | 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'OIDC_PROVIDER_NAME', string>
> & { OIDC_PROVISION?: boolean | undefined; OIDC_ORGANISATION?: string | undefined };

const singleSignOnRequired = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_PROVIDER_NAME'] as const;

/**
 * Single sign-on is all or nothing: half a provider's settings is a mistake, not a choice. In
 * production the provider is reached over TLS only.
 */
function checkSingleSignOn(env: SingleSignOnEnvironment, ctx: z.RefinementCtx): void {
  const given = singleSignOnRequired.filter((name) => env[name]);
  if (given.length === 0) {
    if (env.OIDC_PROVISION) ctx.addIssue({ code: 'custom', path: ['OIDC_PROVISION'], message: 'needs OIDC_ISSUER' });
    return;
  }
  for (const name of singleSignOnRequired) {
    if (!env[name]) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `is required for single sign-on (${given.join(', ')} set)`,
      });
    }
  }
  if (env.OIDC_PROVISION && !env.OIDC_ORGANISATION) {
    ctx.addIssue({
      code: 'custom',
      path: ['OIDC_ORGANISATION'],
      message: 'is required when OIDC_PROVISION is true: the organisation new accounts join',
    });
  }
  if (env.HAVEN_ENV === 'production' && env.OIDC_ISSUER?.startsWith('http:')) {
    ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'must be an https:// URL in production' });
  }
}

type WebAuthnEnvironment = {
  HAVEN_ENV?: string | undefined;
  HAVEN_BASE_URL?: string | undefined;
  WEBAUTHN_RP_ID?: string | undefined;
  WEBAUTHN_ORIGIN?: string | undefined;
};

/**
 * The browser refuses a passkey unless the page's origin is the relying party id or a subdomain
 * of it; a mismatch here would make every passkey fail, so it stops Haven starting instead.
 */
function checkWebAuthn(env: WebAuthnEnvironment, ctx: z.RefinementCtx): void {
  const settings = webAuthnSettings(env);
  if (!settings) {
    // Set on purpose to an IP address: a mistake (WEBAUTHN_RP_ID's own check reports it when set).
    if (env.WEBAUTHN_ORIGIN && !env.WEBAUTHN_RP_ID && URL.canParse(env.WEBAUTHN_ORIGIN)) {
      ctx.addIssue({
        code: 'custom',
        path: ['WEBAUTHN_ORIGIN'],
        message: 'must name a domain: WebAuthn refuses an IP address',
      });
    }
    return;
  }
  const host = new URL(settings.origin).hostname;
  if (host !== settings.rpId && !host.endsWith(`.${settings.rpId}`)) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEBAUTHN_ORIGIN'],
      message: `must be on the domain ${settings.rpId} (WEBAUTHN_RP_ID) or one of its subdomains`,
    });
  }
  if (env.HAVEN_ENV === 'production' && !settings.origin.startsWith('https:')) {
    ctx.addIssue({ code: 'custom', path: ['WEBAUTHN_ORIGIN'], message: 'must be an https:// URL in production' });
  }
}

/** WEBAUTHN_ORIGIN and WEBAUTHN_RP_ID, each defaulting from HAVEN_BASE_URL; null for an IP address. */
function webAuthnSettings(env: WebAuthnEnvironment): WebAuthnConfig | null {
  // An address that is not a URL is reported by its own check; passkeys then wait for it.
  if (!URL.canParse(env.WEBAUTHN_ORIGIN ?? env.HAVEN_BASE_URL ?? 'http://localhost:3000')) return null;
  const origin = new URL(env.WEBAUTHN_ORIGIN ?? env.HAVEN_BASE_URL ?? 'http://localhost:3000').origin;
  const rpId = env.WEBAUTHN_RP_ID ?? new URL(origin).hostname;
  if (isIP(rpId.replace(/^\[|\]$/g, ''))) return null;
  return Object.freeze({ rpId, origin, rpName: 'Haven' });
}

/**
 * "k2:<base64>,k1:<base64>": key ids with 32-byte keys, the current key first, older keys after it
 * for reading values not yet rotated. Problems name the key id, never the key.
 */
function parseEncryptionKeys(value: string, ctx: z.RefinementCtx): FieldKey[] {
  const keys: FieldKey[] = [];
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) ctx.addIssue({ code: 'custom', message: 'must name at least one key' });
  for (const [index, item] of items.entries()) {
    const colon = item.indexOf(':');
    const id = colon > 0 ? item.slice(0, colon) : '';
    const key = Buffer.from(colon > 0 ? item.slice(colon + 1) : '', 'base64');
    if (!isValidKeyId(id)) {
      ctx.addIssue({
        code: 'custom',
        message: `key ${index + 1} must be keyId:base64key (id of letters, digits, - or _)`,
      });
    } else if (key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: `key "${id}" must be 32 bytes in base64 (openssl rand -base64 32)` });
    } else if (keys.some((known) => known.id === id)) {
      ctx.addIssue({ code: 'custom', message: `key "${id}" is named twice` });
    } else keys.push({ id, key });
  }
  return keys;
}

function encryptionKeyring(keys: FieldKey[] | undefined, withoutEncryption: boolean | undefined): FieldKeyring {
  if (withoutEncryption) return Object.freeze({ mode: 'plaintext' });
  return keys ? makeKeyring(keys) : developmentKeyring;
}

/** Reads and validates the environment once; lists every problem rather than the first. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  const env = parsed.data;
  const production = env.HAVEN_ENV === 'production';
  return Object.freeze({
    env: env.HAVEN_ENV,
    host: env.HOST,
    port: env.PORT,
    database: databaseConfig(env.DATABASE_URL, env.DATABASE_SCHEMA, env.HAVEN_DATA_DIR),
    attachmentsDir: path.resolve(env.ATTACHMENTS_DIR ?? path.join(env.HAVEN_DATA_DIR, 'attachments')),
    // On PostgreSQL Haven may run as several instances, and one of them cannot see another's disk:
    // the database is the store they already share (and back up). SQLite is one process on one disk.
    attachmentStore: env.ATTACHMENT_STORE ?? (env.DATABASE_URL ? 'database' : 'directory'),
    backupTools: Object.freeze({ pgDump: env.PG_DUMP_PATH, pgRestore: env.PG_RESTORE_PATH }),
    session: Object.freeze({
      // Outside production a fresh secret per start only signs everyone out on restart.
      secret: env.SESSION_SECRET ?? randomBytes(32).toString('hex'),
      idleMinutes: env.SESSION_IDLE_MINUTES,
      absoluteHours: env.SESSION_ABSOLUTE_HOURS,
      secureCookies: env.SECURE_COOKIES ?? production,
    }),
    twoFactor: Object.freeze({
      // Outside production without either secret, a fixed development key keeps demo enrolments
      // working across restarts (the session secret is then made afresh at each start).
      keyMaterial: env.TWO_FACTOR_KEY ?? env.SESSION_SECRET ?? 'haven-development-two-factor-key',
      // Relaxed by default only in development, where every page says so (layout.njk).
      enforced: env.TWO_FACTOR_ENFORCED ?? env.HAVEN_ENV !== 'development',
    }),
    signInAttemptsPerWindow: env.SIGN_IN_ATTEMPTS_PER_15_MINUTES,
    trustedProxies: Object.freeze(env.TRUSTED_PROXIES),
    demoData: env.HAVEN_DEMO_DATA ?? !production,
    logLevel: env.LOG_LEVEL,
    encryption: encryptionKeyring(env.HAVEN_ENCRYPTION_KEYS, env.HAVEN_BENCH_WITHOUT_ENCRYPTION),
    mail: Object.freeze({
      smtpUrl: env.SMTP_URL ?? null,
      from: env.MAIL_FROM ?? 'Haven <haven@localhost>',
      baseUrl: (env.HAVEN_BASE_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
    }),
    jobs: Object.freeze({
      // Tests run jobs themselves, step by step, rather than race a polling worker.
      enabled: env.JOBS_ENABLED ?? env.HAVEN_ENV !== 'test',
      pollSeconds: env.JOBS_POLL_SECONDS,
      triageWarningHours: env.TRIAGE_WARNING_HOURS,
    }),
    invitationValidDays: env.INVITATION_VALID_DAYS,
    singleSignOn: singleSignOnConfig(env, (env.HAVEN_BASE_URL ?? 'http://localhost:3000').replace(/\/+$/, '')),
    webAuthn: webAuthnSettings(env),
  });
}

function singleSignOnConfig(env: z.output<typeof environmentSchema>, baseUrl: string): SingleSignOnConfig | null {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret || !env.OIDC_PROVIDER_NAME) return null;
  return Object.freeze({
    issuer,
    clientId,
    clientSecret,
    providerName: env.OIDC_PROVIDER_NAME,
    redirectUri: env.OIDC_REDIRECT_URI ?? `${baseUrl}${singleSignOnCallbackPath}`,
    matchClaim: env.OIDC_MATCH_CLAIM,
    provisionInto: env.OIDC_PROVISION ? (env.OIDC_ORGANISATION ?? null) : null,
  });
}

function databaseConfig(url: string | undefined, schema: string | undefined, dataDir: string): DatabaseConfig {
  return url ? { kind: 'postgres', url, schema } : { kind: 'sqlite', file: path.resolve(dataDir, 'haven.sqlite') };
}
