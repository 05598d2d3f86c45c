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

/** GOV.UK style, in UK time: "9:05am on 3 March 2026". */
export function formatDateTime(iso: string): string {
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const hour = parts.hour === '0' ? '12' : parts.hour;
  return `${hour}:${parts.minute}${String(parts.dayPeriod).toLowerCase()} on ${parts.day} ${parts.month} ${parts.year}`;
}
