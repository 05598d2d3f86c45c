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
    new RememberingLoader(
      [
        path.join(root, 'src/web/views'),
        path.join(root, 'src/features'),
        path.join(root, 'node_modules/govuk-frontend/dist'),
      ],
      { noCache: false },
    ),
    { autoescape: true, throwOnUndefined: false },
  );
  rememberExportsOfPlainImports();
  quickenLoopsAndEscaping();
  environment.addFilter('trim', trim);
  environment.addFilter('dateTime', formatDateTime);
  environment.addFilter('date', formatDate);
  return environment;
}

// Building an Intl.DateTimeFormat costs far more than using one: one for every page.
const calendarDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/**
 * Every govuk-frontend component imports its helpers by a relative name on every call, and the
 * loader worked out the same absolute path again each time (path.resolve): remembered instead.
 */
class RememberingLoader extends nunjucks.FileSystemLoader {
  private readonly resolved = new Map<string, string>();

  override resolve(from: string, to: string): string {
    const key = `${from}\0${to}`;
    let resolved = this.resolved.get(key);
    if (resolved === undefined) {
      resolved = super.resolve(from, to);
      this.resolved.set(key, resolved);
    }
    return resolved;
  }
}

type Exported = Record<string, unknown>;
type ExportsCallback = (error: Error | null, exported: Exported | null) => void;
type TemplateWithExports = {
  getExported(ctx: unknown, parentFrame?: unknown, cb?: ExportsCallback): void;
};
const exportsByTemplate = new WeakMap<object, Exported>();
let exportsRemembered = false;

/**
 * `{% from "…/macro.njk" import govukX %}` runs the imported file again on every render, and
 * every govuk-frontend component's template imports its helpers the same way on every call:
 * a page ran dozens of files only to define the same macros again. An import without context
 * (the default, and the only kind Haven and govuk-frontend use) sees nothing of the page, so
 * its macros are the same every time: they are defined once per template and remembered.
 * Imports "with context" still run each time.
 */
function rememberExportsOfPlainImports(): void {
  if (exportsRemembered) return;
  exportsRemembered = true;
  const prototype = nunjucks.Template.prototype as unknown as TemplateWithExports;
  const getExported = prototype.getExported;
  prototype.getExported = function (this: object, ctx: unknown, parentFrame?: unknown, cb?: ExportsCallback) {
    if (typeof ctx !== 'function') return getExported.call(this, ctx, parentFrame, cb);
    const done = ctx as ExportsCallback;
    const remembered = exportsByTemplate.get(this);
    if (remembered) return done(null, remembered);
    getExported.call(this, (error: Error | null, exported: Exported | null) => {
      if (!error && exported) exportsByTemplate.set(this, exported);
      done(error, exported);
    });
  };
}

type Frame = { variables: Record<string, unknown> };
type FrameSet = (this: Frame, name: string, value: unknown, resolveUp?: boolean) => void;
let loopsQuickened = false;

/**
 * Nunjucks sets seven `loop.*` variables on every pass of a `for`, each by splitting its name
 * on "." again: a third of rendering a person's page (hundreds of chronology and access rows).
 * Names come from the templates, so each is split once and remembered; writes that look up
 * the frames above (resolveUp) still go the original way. Escaping a value that needs none
 * (most of them) returns it as it is, without a replace that calls back for nothing.
 */
function quickenLoopsAndEscaping(): void {
  if (loopsQuickened) return;
  loopsQuickened = true;
  const runtime = nunjucks.runtime as unknown as { Frame: { prototype: { set: FrameSet } } };
  const set = runtime.Frame.prototype.set;
  const paths = new Map<string, string[]>();
  runtime.Frame.prototype.set = function (this: Frame, name, value, resolveUp) {
    if (resolveUp) return set.call(this, name, value, resolveUp);
    let path = paths.get(name);
    if (!path) {
      if (paths.size >= 10_000) paths.clear();
      paths.set(name, (path = name.split('.')));
    }
    let variables = this.variables;
    for (let i = 0; i < path.length - 1; i++) {
      const step = path[i]!;
      if (!variables[step]) variables[step] = {};
      variables = variables[step] as Record<string, unknown>;
    }
    variables[path[path.length - 1]!] = value;
  };
  const lib = nunjucks.lib as unknown as { escape(value: string): string };
  const escape = lib.escape;
  const needsEscaping = /[&"'<>\\]/;
  lib.escape = (value) => (needsEscaping.test(value) ? escape(value) : value);
}

/**
 * Nunjucks' own trim uses /^\s*|\s*$/g, which tries the end at every position of the string:
 * govuk-frontend trims every component's HTML, so that was a visible part of each page.
 * String.prototype.trim removes the same characters; marked-safe HTML stays marked safe.
 */
function trim(value: unknown): unknown {
  const trimmed = String(value ?? '').trim();
  return value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(trimmed) : trimmed;
}

// Formatting was a tenth of a person page's rendering (a date for each concern and chronology
// entry); the same few thousand days come back on every page, so their words are kept.
const formattedDates = new Map<string, string>();
// How many dates, and date-times, are kept before starting again.
const formattedKept = 10_000;

/** GOV.UK style calendar date: "3 March 2026". */
export function formatDate(isoDate: string): string {
  const day = isoDate.slice(0, 10);
  let formatted = formattedDates.get(day);
  if (formatted === undefined) {
    if (formattedDates.size >= formattedKept) formattedDates.clear();
    formatted = calendarDate.format(new Date(`${day}T00:00:00Z`));
    formattedDates.set(day, formatted);
  }
  return formatted;
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

/** GOV.UK style, in UK time: "9:05am on 3 March 2026". */
export function formatDateTime(iso: string): string {
  let formatted = formattedDateTimes.get(iso);
  if (formatted === undefined) {
    if (formattedDateTimes.size >= formattedKept) formattedDateTimes.clear();
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
