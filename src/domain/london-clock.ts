// The clock on a London wall. Haven stores instants in UTC; the policy's days and hours
// (a triage deadline, a report's month, a date typed into an import) are London's, across GMT and
// BST. The time zone rules are the runtime's (ICU's copy of the tz database), asked once a day:
// the clocks change at most once in a UTC day, so every other instant of that day has the same
// offset, and a 100,000-row import asks a few thousand times, not 200,000.

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

const dayMs = 86_400_000;

/** London's offset from UTC at an instant, in ms, from the time zone rules. */
function offsetFromRules(at: number): number {
  const part: Record<string, number> = {};
  for (const { type, value } of londonParts.formatToParts(at)) part[type] = Number(value);
  // setUTCFullYear: Date.UTC would read a year below 100 as 19xx.
  const wall = new Date(Date.UTC(2000, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!));
  return wall.setUTCFullYear(part.year!) - Math.floor(at / 1000) * 1000;
}

/** Each UTC day's offset, or null on a day the clocks change (its instants are asked one by one). */
const offsetByUtcDay = new Map<number, number | null>();

function londonOffset(at: number): number {
  const day = Math.floor(at / dayMs);
  let offset = offsetByUtcDay.get(day);
  if (offset === undefined) {
    const atStart = offsetFromRules(day * dayMs);
    offset = atStart === offsetFromRules(day * dayMs + dayMs - 1) ? atStart : null;
    // Bounded: fifty years of days.
    if (offsetByUtcDay.size >= 20_000) offsetByUtcDay.clear();
    offsetByUtcDay.set(day, offset);
  }
  return offset ?? offsetFromRules(at);
}

/** The calendar date (YYYY-MM-DD) in London at an instant. */
export function londonDate(at: Date): string {
  const ms = at.getTime();
  return new Date(ms + londonOffset(ms)).toISOString().slice(0, 10);
}

/**
 * The instant a London wall-clock time on a date names. A time the clocks skip in March (01:30
 * on the last Sunday) is read as the hour after it, as a clock put forward shows; a time that
 * happens twice in October is read as the second, in GMT.
 */
export function londonTime(date: string, hour: number, minute: number): Date {
  const wall = Date.parse(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
  // The wall time read as UTC is within a few hours of the answer: the offset there gives a first
  // answer, and the offset at that answer the last (they differ only near a change of the clocks).
  return new Date(wall - londonOffset(wall - londonOffset(wall)));
}
