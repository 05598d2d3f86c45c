import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

// scrypt is built into Node (no native add-on to install); N=2^15, r=8 is OWASP's minimum.
const cost = { N: 2 ** 15, r: 8, p: 1 };
const keyLength = 32;

// Each derivation takes 128·N·r bytes (32 MiB at the cost above) from malloc in a libuv worker:
// four sign-ins at once (or ten recovery codes hashed together) held 128 MiB, most of the
// server's peak memory in the submission benchmark, and a burst of sign-ins could take the
// whole worker pool. Derivations take turns, at most this many at once.
const derivationsAtOnce = 2;
let running = 0;
const waiting: Array<() => void> = [];

/** A self-describing scrypt hash: scrypt$N$r$p$salt$key (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Compares in constant time; any malformed stored hash simply fails. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to compare against when the email is unknown, so timing does not reveal which part was wrong. */
export const decoyHash = await hashPassword(randomBytes(16).toString('hex'));

async function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }) {
  if (running >= derivationsAtOnce) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await scryptAsync(password.normalize('NFKC'), salt, keyLength, {
      ...params,
      maxmem: 256 * params.N * params.r,
    });
  } finally {
    // The turn passes straight to the next waiter, so `running` counts it already.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}
