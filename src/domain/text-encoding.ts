// Text files from councils' desktops come as UTF-8 (with or without a byte order mark) or as
// Windows-1252, Word's and Excel's default "plain text" in England. Both are read; anything that
// is not text is refused.

export type DecodedText =
  { ok: true; text: string; encoding: 'utf-8' | 'windows-1252' } | { ok: false; problem: string };

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) return { ok: false, problem: 'The file is empty' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { ok: false, problem: 'The file is saved as UTF-16: save it as UTF-8 text and try again' };
  if (bytes.includes(0)) return { ok: false, problem: 'The file is not a text file' };
  try {
    // fatal: bytes that are not UTF-8 fall through to Windows-1252 rather than becoming "�".
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text, encoding: 'utf-8' };
  } catch {
    return { ok: true, text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}
