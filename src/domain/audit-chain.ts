import { hash as digest } from 'node:crypto';

// Tamper-evident audit (issue 13): each organisation's audit events form one chain. An event's
// hash covers its own fields, its place in the chain and the hash of the event before it, so
// changing, removing, inserting or moving any event breaks every link check from there on.

/** The "previous hash" of an organisation's first event. */
export const chainStart = '0'.repeat(64);

/** Named in every hash, so a later encoding can be told apart from this one. */
const encodingVersion = 'haven-audit-v1';

/** The fields an event's hash covers: all it says, and where it stands in its chain. */
export type ChainedEvent = Readonly<{
  id: string;
  organisationId: string;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  requestId: string | null;
  at: string;
  seq: number;
}>;

/**
 * SHA-256 of the previous hash and the event's fields as a JSON array in a fixed order: JSON
 * keeps each field's boundaries (no "ab"+"c" = "a"+"bc"), and arrays have no key order to vary.
 */
export function chainHash(previousHash: string, event: ChainedEvent): string {
  const fields = [
    encodingVersion,
    event.organisationId,
    event.seq,
    event.id,
    event.actorId,
    event.action,
    event.subjectType,
    event.subjectId,
    event.requestId,
    event.at,
  ];
  // One-shot: the same bytes as updating a hash with each part in turn, at about half the cost
  // (a listed page chains a hundred events).
  return digest('sha256', previousHash + JSON.stringify(fields), 'hex');
}

/** Events chained after a head: their sequence numbers and hashes, and the new head. */
export function chainAfter<Event extends Omit<ChainedEvent, 'seq'>>(
  head: ChainHead,
  events: readonly Event[],
): { chained: Array<Event & { seq: number; hash: string }>; head: ChainHead } {
  let { seq, hash } = head;
  const chained = events.map((event) => {
    seq += 1;
    hash = chainHash(hash, { ...event, seq });
    return { ...event, seq, hash };
  });
  return { chained, head: { seq, hash } };
}

/** The last event of a chain: its sequence number (0 before the first) and hash. */
export type ChainHead = Readonly<{ seq: number; hash: string }>;

/** A stored event as verification reads it: the chained fields and what was stored with them. */
export type StoredEvent = Omit<ChainedEvent, 'seq'> & Readonly<{ seq: number | null; hash: string | null }>;

export type ChainBreakKind = 'changed' | 'removed' | 'inserted' | 'head-mismatch' | 'listing-changed';

/** Where a chain breaks: ids and numbers only, never what the event was about. */
export type ChainBreak = Readonly<{
  organisationId: string;
  kind: ChainBreakKind;
  /** The sequence number at which the break shows. */
  seq: number | null;
  /** The event at which it shows, when there is one. */
  eventId: string | null;
  /** For removed events: the sequence numbers missing, first to last. */
  missing?: readonly [number, number];
  /** For a listing whose members no longer match its id, or that an event names but is gone. */
  listingId?: string;
}>;

/**
 * Checks one organisation's chain, event by event, in sequence order (then id), holding only
 * the last event checked, so a chain of any length is checked in constant memory. Each event's
 * hash is recomputed from the stored hash before it: a changed event breaks at itself only,
 * and the events after it still check against what is stored.
 */
export function chainChecker(organisationId: string, report: (chainBreak: ChainBreak) => void) {
  let previous: ChainHead = { seq: 0, hash: chainStart };
  let lastSeen: number | null = null;
  const found = (kind: ChainBreakKind, event: StoredEvent | null, extra: Partial<ChainBreak> = {}) =>
    report({ organisationId, kind, seq: event?.seq ?? null, eventId: event?.id ?? null, ...extra });

  return {
    /** The next stored event, in order of sequence number and id. */
    check(event: StoredEvent): void {
      if (event.seq === null || event.hash === null || event.organisationId !== organisationId) {
        found('inserted', event);
        return;
      }
      if (event.seq === lastSeen) {
        // A second event claiming a place already taken.
        found('inserted', event);
        return;
      }
      const seq: number = event.seq;
      lastSeen = seq;
      const expected = previous.seq + 1;
      if (seq > expected) {
        found('removed', event, { missing: [expected, seq - 1] });
      } else if (seq < expected || chainHash(previous.hash, { ...event, seq }) !== event.hash) {
        found('changed', event);
      }
      previous = { seq, hash: event.hash };
    },
    /** After the last event: the chain must end where its head says it does. */
    finish(head: ChainHead | null): void {
      const last = previous;
      if (!head) {
        if (last.seq > 0) found('head-mismatch', null, { seq: last.seq });
      } else if (head.seq > last.seq) {
        found('removed', null, { seq: head.seq, missing: [last.seq + 1, head.seq] });
      } else if (head.seq < last.seq || head.hash !== last.hash) {
        found('head-mismatch', null, { seq: last.seq });
      }
    },
  };
}

/** One line about a break, for the command line and the alert: numbers and ids only. */
export function describeChainBreak(chainBreak: ChainBreak): string {
  const where = `organisation ${chainBreak.organisationId}`;
  const event = chainBreak.eventId ? `, event ${chainBreak.eventId}` : '';
  switch (chainBreak.kind) {
    case 'changed':
      return `${where}, sequence ${chainBreak.seq}${event}: changed or moved (its hash does not match its place in the chain)`;
    case 'removed': {
      const [from, to] = chainBreak.missing ?? [chainBreak.seq, chainBreak.seq];
      const range = from === to ? `sequence ${from}` : `sequences ${from} to ${to}`;
      return `${where}, ${range}: removed${event ? ` (before${event.slice(1)})` : ' (at the end of the chain)'}`;
    }
    case 'inserted':
      return `${where}, sequence ${chainBreak.seq ?? 'none'}${event}: inserted (not a link of the chain)`;
    case 'head-mismatch':
      return `${where}, sequence ${chainBreak.seq}: the chain does not end where its recorded head says`;
    case 'listing-changed':
      return `${where}, listing ${chainBreak.listingId}${event}: changed or removed (its members do not match its id)`;
  }
}
