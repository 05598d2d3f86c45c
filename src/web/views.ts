import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Nunjucks with govuk-frontend's own macros. Feature views are named from src/features,
 * e.g. "record-concern/views/check-answers.njk"; the layout lives in src/web/views.
 */
export function createViewEnvironment(): nunjucks.Environment {
  const environment = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [
        path.join(root, 'src/web/views'),
        path.join(root, 'src/features'),
        path.join(root, 'node_modules/govuk-frontend/dist'),
      ],
      { noCache: false },
    ),
    { autoescape: true, throwOnUndefined: false },
  );
  environment.addFilter('dateTime', formatDateTime);
  environment.addFilter('date', formatDate);
  return environment;
}

/** GOV.UK style calendar date: "3 March 2026". */
export function formatDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${isoDate.slice(0, 10)}T00:00:00Z`),
  );
}

export const govukAssetDirectories = [
  path.join(root, 'node_modules/govuk-frontend/dist/govuk/assets'),
  path.join(root, 'node_modules/govuk-frontend/dist/govuk'),
  path.join(root, 'src/web/public'),
];

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

// formatToParts was a fifth of a listing's rendering; the same instants (a queue's received
// and triage-by times) come back on every request, so their words are kept.
const formattedDateTimes = new Map<string, string>();
const formattedDateTimesKept = 10_000;

/** GOV.UK style, in UK time: "9:05am on 3 March 2026". */
export function formatDateTime(iso: string): string {
  let formatted = formattedDateTimes.get(iso);
  if (formatted === undefined) {
    if (formattedDateTimes.size >= formattedDateTimesKept) formattedDateTimes.clear();
    formatted = formatLondonDateTime(iso);
    formattedDateTimes.set(iso, formatted);
  }
  return formatted;
}

function formatLondonDateTime(iso: string): string {
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const hour = parts.hour === '0' ? '12' : parts.hour;
  return `${hour}:${parts.minute}${String(parts.dayPeriod).toLowerCase()} on ${parts.day} ${parts.month} ${parts.year}`;
}
