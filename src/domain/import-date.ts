import { londonTime } from './london-clock.ts';

// Dates in a previous system's export are UK wall-clock times written in one of a few ways; each
// is read strictly (a 31st of February or a 25th hour is impossible, not rolled over) and turned
// into the instant it was in London, across GMT and BST, as Haven stores every time in UTC.

export type ImportDateFormat =
  'dd/mm/yyyy hh:mm' | 'dd/mm/yyyy' | 'yyyy-mm-dd hh:mm' | 'yyyy-mm-dd' | 'mm/dd/yyyy hh:mm';

const patterns: Record<
  ImportDateFormat,
  { regex: RegExp; order: readonly ['d' | 'm' | 'y', 'd' | 'm' | 'y', 'd' | 'm' | 'y'] }
> = {
  'dd/mm/yyyy hh:mm': {
    regex: /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/,
    order: ['d', 'm', 'y'],
  },
  'dd/mm/yyyy': { regex: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['d', 'm', 'y'] },
  'yyyy-mm-dd hh:mm': {
    regex: /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/,
    order: ['y', 'm', 'd'],
  },
  'yyyy-mm-dd': { regex: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, order: ['y', 'm', 'd'] },
  'mm/dd/yyyy hh:mm': {
    regex: /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/,
    order: ['m', 'd', 'y'],
  },
};

/**
 * The instant (ISO-8601 UTC) a date written in `format` names in London, or null when the text
 * is not in that format or names no real date or time. A date without a time is taken as midday,
 * so it stays on its own day whatever the clocks do.
 */
export function parseImportDate(text: string, format: ImportDateFormat): string | null {
  const match = patterns[format].regex.exec(text.trim());
  if (!match) return null;
  const parts = { d: 0, m: 0, y: 0 };
  patterns[format].order.forEach((part, i) => (parts[part] = Number(match[i + 1])));
  const hour = match[4] === undefined ? 12 : Number(match[4]);
  const minute = match[5] === undefined ? 0 : Number(match[5]);
  if (hour > 23 || minute > 59 || (match[6] !== undefined && Number(match[6]) > 59)) return null;
  const day = new Date(Date.UTC(parts.y, parts.m - 1, parts.d));
  if (day.getUTCFullYear() !== parts.y || day.getUTCMonth() !== parts.m - 1 || day.getUTCDate() !== parts.d)
    return null;
  if (parts.y < 1990) return null;
  return londonTime(day.toISOString().slice(0, 10), hour, minute).toISOString();
}
