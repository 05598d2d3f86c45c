import { buffer } from 'node:stream/consumers';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { zipSync } from 'fflate';
import type { AttachmentStore } from '../../attachment-store/attachment-store.ts';
import { redact } from '../../domain/redaction.ts';
import type { Holdings } from './holdings.ts';

// The response a person receives: a .docx anyone can open (docx), and the files attached to their
// concerns, together in one .zip (fflate, pure JavaScript). Every piece of text passes through
// redact() with the redactions the DSL accepted, file names included; attachment bytes are sent
// as held, so the request page lists them for the DSL to check before release.

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const dateText = (iso: string | null) =>
  iso ? longDate.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)) : 'Not known';

export type BundleFacts = {
  holdings: Holdings;
  redactions: readonly string[];
  receivedOn: string;
  releasedAt: string | null;
  organisationName: string;
};

/** One attachment's place in the .zip: numbered, its name redacted and reduced to safe characters. */
export function attachmentEntryName(index: number, fileName: string, redactions: readonly string[]): string {
  const safe = redact(fileName, redactions)
    .replace(/[^\p{L}\p{N}._ ()[\]-]+/gu, '_')
    .replace(/^\.+/, '')
    .slice(0, 100);
  return `attachments/${String(index + 1).padStart(3, '0')}-${safe || 'file'}`;
}

/** The .docx: what Haven holds about the person, redacted. */
export async function writeResponseDocument(facts: BundleFacts): Promise<Buffer> {
  const r = (text: string | null | undefined) => redact(text ?? '', facts.redactions);
  const { holdings } = facts;
  const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
    new Paragraph({ text: r(text), heading: level });
  const para = (text: string) => new Paragraph({ children: [new TextRun(r(text))] });
  const labelled = (label: string, value: string | null | undefined) =>
    new Paragraph({
      children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(r(value || 'Not recorded'))],
    });
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: r(text), bold })] })] });
  const table = (header: string[], rows: string[][]) =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
        ...rows.map((row) => new TableRow({ children: row.map((value) => cell(value)) })),
      ],
    });

  const children: Array<Paragraph | Table> = [
    heading(`Information ${facts.organisationName} holds about ${holdings.person.name ?? 'you'}`, HeadingLevel.TITLE),
    para(
      `This is our response to your subject access request received on ${dateText(facts.receivedOn)}. ` +
        (facts.releasedAt ? `It was released on ${dateText(facts.releasedAt)}.` : 'DRAFT: not yet released.'),
    ),
    para(
      'Where the records name other people, their names and details have been taken out and replaced by [redacted], as the law requires unless they agree.',
    ),
    heading('Your details', HeadingLevel.HEADING_1),
    labelled('Name', holdings.person.name),
    labelled('Date of birth', holdings.person.dateOfBirth ? dateText(holdings.person.dateOfBirth) : null),
    labelled('Address', holdings.person.address),
    heading('Safeguarding concerns that name you', HeadingLevel.HEADING_1),
  ];
  if (holdings.concerns.length === 0) children.push(para('No concern names you.'));
  for (const c of holdings.concerns) {
    children.push(
      heading(`Concern ${c.reference}`, HeadingLevel.HEADING_2),
      labelled('Your role in it', c.roles.join(', ')),
      labelled('Recorded on', dateText(c.recordedAt)),
      labelled('When it happened', dateText(c.happenedOn)),
      labelled('Status', c.status),
      labelled('Recorded by', c.reporter),
      labelled('What happened', c.whatHappened),
      labelled('Where', c.location),
      labelled('Why they were thought to be at risk', c.whyAtRisk),
    );
    if (c.others.length) {
      children.push(heading('Other people named', HeadingLevel.HEADING_3));
      children.push(...c.others.map((o) => para(`${o.name ?? 'Name not known'} (${o.role})`)));
    }
    if (c.timeline.length) {
      children.push(heading('What was done', HeadingLevel.HEADING_3));
      children.push(
        table(
          ['When', 'What', 'Notes', 'By'],
          c.timeline.map((e) => [dateText(e.at), e.text, e.notes, e.by]),
        ),
      );
    }
    if (c.referrals.length) {
      children.push(heading('Referrals', HeadingLevel.HEADING_3));
      children.push(
        table(
          ['Date', 'To', 'Professional', 'Outcome'],
          c.referrals.map((f) => [dateText(f.referredOn), f.agency, f.professional, f.outcome ?? 'Not yet known']),
        ),
      );
    }
    if (c.disclosures.length) {
      children.push(heading('Information shared with others', HeadingLevel.HEADING_3));
      children.push(
        table(
          ['Date', 'With', 'Recipient', 'What', 'Lawful basis'],
          c.disclosures.map((d) => [dateText(d.sharedOn), d.agency, d.recipient, d.what, d.basis]),
        ),
      );
    }
    if (c.attachments.length) {
      children.push(heading('Files', HeadingLevel.HEADING_3));
      children.push(...c.attachments.map((a) => para(`${a.fileName}: ${a.description}`)));
    }
    if (c.corrections.length) {
      children.push(heading('Corrections', HeadingLevel.HEADING_3));
      children.push(
        ...c.corrections.map((f) =>
          para(
            `${dateText(f.at)}: ${f.fieldText} corrected from “${f.before ?? ''}” to “${f.after ?? ''}”. Reason: ${f.reason}`,
          ),
        ),
      );
    }
  }
  if (holdings.corrections.length) {
    children.push(heading('Corrections to your details', HeadingLevel.HEADING_1));
    children.push(
      ...holdings.corrections.map((f) =>
        para(
          `${dateText(f.at)}: ${f.fieldText} corrected from “${f.before ?? ''}” to “${f.after ?? ''}”. Reason: ${f.reason}`,
        ),
      ),
    );
  }
  children.push(heading('Who has seen or changed your records', HeadingLevel.HEADING_1));
  children.push(
    holdings.access.length
      ? table(
          ['When', 'Who', 'What'],
          holdings.access.map((a) => [dateText(a.at), a.who, a.text]),
        )
      : para('No one has opened your records.'),
  );
  const document = new Document({
    creator: 'Haven',
    title: 'Subject access response',
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

/** The .zip: the response document and every attachment (one that cannot be read is listed as missing). */
export async function writeResponseBundle(facts: BundleFacts, store: AttachmentStore, organisationId: string) {
  const files: Record<string, Uint8Array> = {
    'subject-access-response.docx': new Uint8Array(await writeResponseDocument(facts)),
  };
  const missing: string[] = [];
  let index = 0;
  for (const concern of facts.holdings.concerns) {
    for (const attachment of concern.attachments) {
      const name = attachmentEntryName(index++, attachment.fileName, facts.redactions);
      try {
        files[name] = new Uint8Array(await buffer(await store.open(organisationId, attachment.id)));
      } catch {
        missing.push(name);
      }
    }
  }
  if (missing.length) files['files-not-found.txt'] = new TextEncoder().encode(`${missing.join('\n')}\n`);
  return Buffer.from(zipSync(files, { level: 6 }));
}
