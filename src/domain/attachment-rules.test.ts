import assert from 'node:assert/strict';
import { it } from 'node:test';
import { checkAttachment, maxAttachmentBytes, safeFileName } from './attachment-rules.ts';

it('accepts photos and PDFs by their content, and refuses the rest', () => {
  const table: Array<[string, Parameters<typeof checkAttachment>[0], string | null]> = [
    ['a JPEG', { size: 2000, truncated: false, sniffedType: 'image/jpeg' }, null],
    ['a PDF', { size: 2000, truncated: false, sniffedType: 'application/pdf' }, null],
    ['an empty upload', { size: 0, truncated: false, sniffedType: null }, 'Select a file'],
    [
      'too large',
      { size: maxAttachmentBytes + 1, truncated: false, sniffedType: 'image/png' },
      'The file must be smaller than 10MB',
    ],
    [
      'cut off at the limit',
      { size: maxAttachmentBytes, truncated: true, sniffedType: 'image/png' },
      'The file must be smaller than 10MB',
    ],
    [
      'HTML named .jpg',
      { size: 100, truncated: false, sniffedType: null },
      'The file must be a JPEG, PNG or HEIC photo, or a PDF',
    ],
    [
      'a Windows program',
      { size: 100, truncated: false, sniffedType: 'application/x-msdownload' },
      'The file must be a JPEG, PNG or HEIC photo, or a PDF',
    ],
  ];
  for (const [name, file, message] of table) {
    const result = checkAttachment(file);
    assert.deepEqual(result, message ? { ok: false, message } : { ok: true }, name);
  }
});

it('keeps only a safe display name', () => {
  const table: Array<[string, string]> = [
    ['photo.jpg', 'photo.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\letter.pdf', 'letter.pdf'],
    ['bad"name\n.pdf', 'badname.pdf'],
    ['', 'attachment'],
  ];
  for (const [input, expected] of table) assert.equal(safeFileName(input), expected);
});
