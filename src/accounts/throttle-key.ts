import { createHmac } from 'node:crypto';

/** What a throttle counts failures against: an email at sign-in, an address, or an account's second factor. */
export type ThrottleKind = 'account' | 'address' | 'second-factor';

/** A keyed hash, so the throttle table holds neither emails, addresses nor ids and cannot be reversed by guessing. */
export function throttleKey(keySecret: string, kind: ThrottleKind, value: string): string {
  return `${kind}:${createHmac('sha256', keySecret).update(`sign-in-throttle\0${kind}\0${value}`).digest('base64url')}`;
}
