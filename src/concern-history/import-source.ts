import { createReadStream } from 'node:fs';
import { Transform, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { Encoding } from './import-mapping.ts';

// A previous system's export as it arrives: bytes in UTF-8 (with or without a byte order mark)
// or Windows-1252, as Excel saves "CSV" in England. Every cell is kept as text: a cell such as
// =HYPERLINK(…) is stored as those characters and never worked out.

export type SourceRow = Readonly<{ line: number; cells: readonly string[] }>;
export type SourceTable = Readonly<{ headers: readonly string[]; rows: readonly SourceRow[] }>;

// relax_quotes: a quote inside an unquoted cell (=HYPERLINK("…") as some systems write it) is kept as text.
const csvOptions = {
  bom: true,
  info: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
} as const;

/** Which encoding the bytes are in: UTF-8 when they read as UTF-8, else Windows-1252 (which reads any byte). */
export function detectEncoding(bytes: Uint8Array): 'utf-8' | 'windows-1252' {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** The file's text, or why it cannot be read. A byte order mark is removed. */
export function decodeConcernFile(
  bytes: Uint8Array,
  encoding: Encoding,
): { text: string; encoding: 'utf-8' | 'windows-1252' } | { problem: string } {
  if (bytes.length === 0) return { problem: 'Select a CSV file exported from the previous system' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { problem: 'The file is saved as UTF-16. Save it as “CSV UTF-8” or “CSV” and upload it again' };
  const chosen = encoding === 'auto' ? detectEncoding(bytes) : encoding;
  let text: string;
  try {
    text = new TextDecoder(chosen, { fatal: true }).decode(bytes);
  } catch {
    return {
      problem: 'The file is not UTF-8 text. Choose Windows-1252, or save it as “CSV UTF-8”, and upload it again',
    };
  }
  if (text.includes('\u0000'))
    return { problem: 'The file is not a CSV file. Export a CSV file from the previous system' };
  return { text, encoding: chosen };
}

/** The header row and every row after it with its line number, or why the file is not CSV. */
export function readConcernTable(text: string, maxRows: number): SourceTable | { problem: string } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parseSync(text, { ...csvOptions, to_line: maxRows + 2 }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      problem: `The file could not be read as CSV${line ? ` at line ${line}` : ''}: check it was exported as CSV`,
    };
  }
  const [header, ...rest] = records;
  if (!header || header.record.every((cell) => !cell.trim()))
    return { problem: 'The file has no header row: its first line must name the columns' };
  if (rest.length === 0) return { problem: 'The file has a header row but no concerns in it' };
  if (rest.length > maxRows)
    return {
      problem: `The file has more than ${maxRows.toLocaleString('en-GB')} concerns: import it with the haven command line, which takes files of any size`,
    };
  return { headers: headerNames(header.record), rows: rest.map(({ record, info }) => row(info.lines, record)) };
}

/** The file's rows one at a time, the header first, read as a stream: a file of any size in little memory. */
export async function* streamConcernFile(
  filePath: string,
  encoding: 'utf-8' | 'windows-1252',
  onBytesRead?: (bytes: number) => void,
): AsyncGenerator<SourceRow> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const decode = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  const source = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  if (onBytesRead) source.on('data', () => onBytesRead(source.bytesRead));
  // pipeline, not pipe: an undecodable byte or a read error ends the rows with that error.
  const parser = pipeline(source, decode, parse(csvOptions), () => {});
  let first = true;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield first ? { line: 0, cells: headerNames(record) } : row(info.lines, record);
    first = false;
  }
}

/** Whether a file on disk is UTF-8 throughout, read in pieces. */
export async function detectFileEncoding(filePath: string): Promise<'utf-8' | 'windows-1252'> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(filePath)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

const headerNames = (record: readonly string[]) => record.map((cell, i) => cell.trim() || `Column ${i + 1}`);
const row = (line: number, record: readonly string[]): SourceRow => ({ line, cells: record.map((c) => c.trim()) });
