import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeText } from './text-encoding.ts';

describe('reading a text file as a council saves it', () => {
  it('reads UTF-8, dropping a byte order mark', () => {
    assert.deepEqual(decodeText(Buffer.from('\uFEFFCafé – 1.1', 'utf8')), {
      ok: true,
      text: 'Café – 1.1',
      encoding: 'utf-8',
    });
  });

  it('reads Windows-1252 (curly quotes, en dash, pound sign) where the bytes are not UTF-8', () => {
    const bytes = Uint8Array.from([0x93, 0x41, 0x94, 0x20, 0x96, 0x20, 0xa3, 0x35]);
    assert.deepEqual(decodeText(bytes), { ok: true, text: '\u201cA\u201d \u2013 \u00a35', encoding: 'windows-1252' });
  });

  it('refuses empty, UTF-16 and binary files', () => {
    assert.equal(decodeText(new Uint8Array()).ok, false);
    assert.equal(decodeText(Uint8Array.from([0xff, 0xfe, 0x41, 0x00])).ok, false);
    assert.equal(decodeText(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00])).ok, false);
  });
});
