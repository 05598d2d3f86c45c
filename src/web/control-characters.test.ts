import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanText } from './control-characters.ts';

describe('cleanText', () => {
  const cases: Array<[string, string, string]> = [
    ['NUL', 'a\u0000b', 'ab'],
    ['bell, escape, DEL', '\u0007a\u001b[31mb\u007f', 'a[31mb'],
    ['tab kept', 'a\tb', 'a\tb'],
    ['CRLF as LF', 'a\r\nb', 'a\nb'],
    ['lone CR as LF', 'a\rb', 'a\nb'],
    ['vertical tab and form feed', 'a\u000b\u000cb', 'ab'],
    ['emoji and right-to-left mark kept', '😀\u200fשלום', '😀\u200fשלום'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(cleanText(input), expected));
  }
});
