import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from './password.ts';

describe('passwords', () => {
  it('never verifies an account with no password: invited (empty) or single sign-on only (!)', async () => {
    for (const stored of ['', '!', 'scrypt$', 'scrypt$32768$8$1$$'])
      for (const typed of ['', 'anything', stored]) assert.equal(await verifyPassword(typed, stored), false);
  });

  it('verifies the password it hashed, and no other', async () => {
    const stored = await hashPassword('correct horse battery staple');
    assert.equal(await verifyPassword('correct horse battery staple', stored), true);
    assert.equal(await verifyPassword('correct horse battery stapler', stored), false);
  });
});
