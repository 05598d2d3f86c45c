// Reads a self-assessment return in the plain-text layout the Boards' Word form becomes when
// saved as text (seed 001): a standard-number line, the question, optional guidance, then
// "Response", "Rating", an optional "Actions" table (Action / Lead / Due) and "Evidence".
// No library knows this layout; the rules are few and each is tested against the seed itself.
import { parseCalendarDate } from './calendar-date.ts';

export type ReturnRating = 'green' | 'amber' | 'red' | 'not_applicable';

export type ReturnAction = Readonly<{ action: string; lead: string; dueOn: string; line: number }>;

export type ReturnStandard = Readonly<{
  number: string;
  /** True where the source had no number line and it was inferred from the standards either side. */
  numberInferred: boolean;
  /** The line the standard starts on (its number line, or its question when that is missing). */
  line: number;
  question: string;
  guidance: string | null;
  response: string | null;
  /** Null is "not recorded": a blank rating is never guessed. */
  rating: ReturnRating | null;
  evidence: string | null;
  actions: readonly ReturnAction[];
}>;

export type ReturnNote = Readonly<{ line: number; message: string }>;

export type ParsedReturn = Readonly<{
  title: string;
  /** '2023-24', from the title. */
  yearLabel: string | null;
  standards: readonly ReturnStandard[];
  /** What the reader inferred, for the person importing to check. */
  notes: readonly ReturnNote[];
}>;

export type ReturnParse = { ok: true; value: ParsedReturn } | { ok: false; problems: readonly ReturnNote[] };

const numberLine = /^(\d{1,2})\.(\d{1,2})$/;
const headings = new Set(['Response', 'Rating', 'Evidence', 'Actions']);
const guidanceStart = /^In the second box \*\*Evidence\*\*/;
const ratingWords: Record<string, ReturnRating> = {
  green: 'green',
  amber: 'amber',
  red: 'red',
  na: 'not_applicable',
  'n/a': 'not_applicable',
  'not applicable': 'not_applicable',
};

type Part = 'question' | 'Response' | 'Rating' | 'Evidence' | 'Actions';
type Draft = {
  number: string | null;
  line: number;
  parts: Record<Part, Array<{ text: string; line: number }>>;
};

function blankDraft(number: string | null, line: number): Draft {
  return { number, line, parts: { question: [], Response: [], Rating: [], Evidence: [], Actions: [] } };
}

/** The next line with text after index `from`, or null. */
function nextText(lines: readonly string[], from: number): string | null {
  for (let i = from + 1; i < lines.length; i += 1) {
    const text = lines[i]!.trim();
    if (text !== '') return text;
  }
  return null;
}

/** Paragraphs as the source has them: lines joined by one blank line, outer blanks dropped. */
function paragraphs(items: ReadonlyArray<{ text: string }>): string | null {
  const kept = items.map((item) => item.text.trim()).filter((text) => text !== '');
  return kept.length === 0 ? null : kept.join('\n\n');
}

export function parseSelfAssessmentReturn(source: string): ReturnParse {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: ReturnNote[] = [];
  const notes: ReturnNote[] = [];
  const drafts: Draft[] = [];
  let title = '';
  let current: Draft | null = null;
  let part: Part = 'question';

  lines.forEach((raw, index) => {
    const text = raw.trim();
    const line = index + 1;
    if (!current) {
      if (numberLine.test(text)) {
        current = blankDraft(text, line);
        drafts.push(current);
      } else if (text !== '' && title === '') title = text;
      return;
    }
    if (numberLine.test(text)) {
      current = blankDraft(text, line);
      drafts.push(current);
      part = 'question';
      return;
    }
    if (headings.has(text)) {
      part = text as Part;
      return;
    }
    // A question with no number line before it: a line whose next text is the guidance or "Response".
    if (part === 'Evidence' && text !== '') {
      const following = nextText(lines, index);
      if (following !== null && (guidanceStart.test(following) || following === 'Response')) {
        current = blankDraft(null, line);
        drafts.push(current);
        part = 'question';
      }
    }
    current.parts[part].push({ text: raw, line });
  });

  if (drafts.length === 0) {
    return {
      ok: false,
      problems: [
        { line: 1, message: 'No standard found: a standard starts with its number on a line of its own, such as 1.1' },
      ],
    };
  }
  const numbers = inferNumbers(drafts, problems, notes);
  const standards: ReturnStandard[] = [];
  const seen = new Map<string, number>();
  drafts.forEach((draft, index) => {
    const number = numbers[index];
    if (!number) return;
    const earlier = seen.get(number);
    if (earlier !== undefined) {
      problems.push({ line: draft.line, message: `Standard ${number} appears twice (first on line ${earlier})` });
      return;
    }
    seen.set(number, draft.line);
    const standard = readStandard(draft, number, problems);
    if (standard) standards.push(standard);
  });
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  return { ok: true, value: { title, yearLabel: /(\d{4}-\d{2})/.exec(title)?.[1] ?? null, standards, notes } };
}

/** Each draft's number, inferring a missing one from its neighbours (1.3, ?, 1.5 → 1.4). */
function inferNumbers(drafts: readonly Draft[], problems: ReturnNote[], notes: ReturnNote[]): Array<string | null> {
  return drafts.map((draft, index) => {
    if (draft.number) return draft.number;
    const before = drafts[index - 1]?.number;
    const after = drafts[index + 1]?.number;
    const parse = (value: string | null | undefined) => {
      const match = value ? numberLine.exec(value) : null;
      return match ? { section: Number(match[1]), standard: Number(match[2]) } : null;
    };
    const previous = parse(before);
    const next = parse(after);
    let inferred: string | null = null;
    if (previous && (!next || (next.section === previous.section && next.standard === previous.standard + 2))) {
      inferred = `${previous.section}.${previous.standard + 1}`;
    } else if (!previous && next && next.standard > 1) {
      inferred = `${next.section}.${next.standard - 1}`;
    }
    if (!inferred) {
      problems.push({
        line: draft.line,
        message: 'A standard has no number line and its number cannot be told from the standards either side',
      });
      return null;
    }
    notes.push({
      line: draft.line,
      message: `Standard ${inferred} has no number line in the file; its number was inferred from ${[before, after].filter(Boolean).join(' and ')}`,
    });
    return inferred;
  });
}

function readStandard(draft: Draft, number: string, problems: ReturnNote[]): ReturnStandard | null {
  const questionLines = draft.parts.question.filter((item) => item.text.trim() !== '');
  const first = questionLines[0];
  if (!first) {
    problems.push({ line: draft.line, message: `Standard ${number} has no question` });
    return null;
  }
  const rating = readRating(draft.parts.Rating, number, problems);
  const actions = readActions(draft.parts.Actions, number, problems);
  return {
    number,
    numberInferred: draft.number === null,
    line: draft.line,
    question: first.text.trim(),
    guidance: paragraphs(questionLines.slice(1)),
    response: paragraphs(draft.parts.Response),
    rating,
    evidence: paragraphs(draft.parts.Evidence),
    actions,
  };
}

function readRating(
  items: ReadonlyArray<{ text: string; line: number }>,
  number: string,
  problems: ReturnNote[],
): ReturnRating | null {
  const written = items.filter((item) => item.text.trim() !== '');
  if (written.length === 0) return null;
  const [only] = written;
  const rating = written.length === 1 ? ratingWords[only!.text.trim().toLowerCase()] : undefined;
  if (!rating) {
    problems.push({
      line: only!.line,
      message: `Standard ${number}: the rating must be Green, Amber, Red or N/A, or left blank`,
    });
    return null;
  }
  return rating;
}

function readActions(
  items: ReadonlyArray<{ text: string; line: number }>,
  number: string,
  problems: ReturnNote[],
): ReturnAction[] {
  const rows = items.filter((item) => item.text.trim() !== '');
  const [header, ...body] = rows;
  if (!header) return [];
  if (!/^Action\tLead\tDue$/.test(header.text.trim())) {
    problems.push({
      line: header.line,
      message: `Standard ${number}: the actions table must start with Action, Lead and Due`,
    });
    return [];
  }
  const actions: ReturnAction[] = [];
  for (const row of body) {
    const cells = row.text.split('\t').map((cell) => cell.trim());
    const [action = '', lead = '', due = ''] = cells;
    const dueOn = readDueDate(due);
    if (cells.length !== 3 || action === '' || lead === '' || !dueOn) {
      problems.push({
        line: row.line,
        message: `Standard ${number}: each action needs an action, a lead and a due date (dd-mm-yyyy or dd/mm/yyyy), separated by tabs`,
      });
      continue;
    }
    actions.push({ action, lead, dueOn, line: row.line });
  }
  return actions;
}

function readDueDate(value: string): string | null {
  const match = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(value);
  if (!match) return null;
  const parsed = parseCalendarDate({ day: match[1]!, month: match[2]!, year: match[3]! }, '9999-12-31');
  return parsed.ok ? parsed.date : null;
}
