// The error catalogue: each code has one HTTP status and one message safe to show anyone.
export const errorCatalogue = {
  'bad-request': {
    status: 400,
    title: 'There is a problem with the request',
    message: 'The request could not be understood.',
  },
  'csrf-invalid': {
    status: 403,
    title: 'Your form has expired',
    message: 'Go back, reload the page and try again. Nothing was saved.',
  },
  forbidden: {
    status: 403,
    title: 'You do not have access to this page',
    message: 'Ask your Safeguarding Coordinator if you think you should.',
  },
  'form-too-large': {
    status: 413,
    title: 'Your answers are too long to send',
    message: 'Go back, shorten what you typed and try again. Nothing was saved.',
  },
  'not-found': { status: 404, title: 'Page not found', message: 'If you typed the web address, check it is correct.' },
  // Refusals: a step not taken, with nothing written, because of the state of the records.
  'concern-changed': {
    status: 409,
    title: 'Someone else changed this concern',
    message: 'Nothing you entered was saved: check the concern, then try again.',
  },
  'step-not-allowed': {
    status: 409,
    title: 'This cannot be done to the concern as it stands',
    message: 'Nothing was saved: check the concern, then try again.',
  },
  'self-assessment-year-taken': {
    status: 409,
    title: 'There is already a self-assessment for that year',
    message: 'Nothing was imported. Open the existing assessment, or import the return for another year.',
  },
  'person-changed': {
    status: 409,
    title: 'Someone else changed this record',
    message: 'Nothing was changed: check the record, then try again.',
  },
  'person-not-offered': {
    status: 400,
    title: 'Choose a person from the list',
    message: 'Nothing was changed: choose one of the people offered.',
  },
  // Subject access (issue 13): a released response is kept as it was sent.
  'subject-access-released': {
    status: 409,
    title: 'This response has already been released',
    message: 'Nothing was changed: a released subject access response is kept as it was sent.',
  },
  // Account administration (issue 8).
  'last-administrator': {
    status: 409,
    title: 'This would leave no administrator',
    message: 'Nothing was changed. Give someone else the administrator role first.',
  },
  'invitation-not-valid': {
    status: 404,
    title: 'This invitation link does not work',
    message: 'Check you used the whole link from the email, or ask your administrator to send a new invitation.',
  },
  'invitation-used': {
    status: 410,
    title: 'This invitation has already been used',
    message: 'Nothing was changed. Sign in with the password you set, or ask your administrator for a new invitation.',
  },
  'invitation-expired': {
    status: 410,
    title: 'This invitation has expired',
    message: 'Nothing was changed. Ask your administrator to send a new invitation.',
  },
  'invitation-superseded': {
    status: 409,
    title: 'A newer invitation has replaced this one',
    message: 'Nothing was changed. Use the link in the most recent invitation email.',
  },
  'concern-import-file-too-large': {
    status: 413,
    title: 'The file is too large',
    message:
      'Nothing was imported. A file uploaded here must be 5MB or smaller: import a larger one with the haven command line (haven import concerns), or split it.',
  },
  'import-file-too-large': {
    status: 413,
    title: 'The file is too large',
    message: 'Nothing was imported. An HR export must be 2MB or smaller: export fewer columns or split it.',
  },
  'too-many-sign-in-attempts': {
    status: 429,
    title: 'Too many attempts to sign in',
    // The sign-in route says exactly how long; this is the fallback.
    message: 'Wait a few minutes, then try again.',
  },
  // Single sign-on: the provider's answer could not be trusted (forged, replayed, expired or for
  // someone else), or it was trusted but Haven will not let the person in. The audit trail
  // (single_sign_on_events) keeps the exact reason; the page says what the person can do.
  'single-sign-on-failed': {
    status: 400,
    title: 'Signing in with your council account did not work',
    message: 'Nothing was changed. Go to the sign-in page and try again.',
  },
  'single-sign-on-no-account': {
    status: 403,
    title: 'You do not have a Haven account',
    message: 'Your council account is not linked to Haven. Ask your Safeguarding Coordinator for access.',
  },
  'single-sign-on-deactivated': {
    status: 403,
    title: 'Your Haven account has been switched off',
    message: 'You cannot sign in to Haven. Ask your Safeguarding Coordinator if you think this is wrong.',
  },
  'single-sign-on-unavailable': {
    status: 503,
    title: 'Sorry, your council sign-in service is unavailable',
    message: 'Try again later, or sign in with your Haven email address and password if you have one.',
  },
  // Passkeys: the device's answer was not for this challenge, site or account, was replayed, or
  // the passkey is unknown; the audit trail says which, the page only what to do next.
  'passkey-not-accepted': {
    status: 401,
    title: 'Your passkey was not accepted',
    message: 'Nothing was changed. Go back and try again, or prove it is you another way.',
  },
  'passkey-deactivated': {
    status: 403,
    title: 'Your Haven account has been switched off',
    message: 'You cannot sign in to Haven. Ask your Safeguarding Coordinator if you think this is wrong.',
  },
  // The self-assessment (issue 10).
  'assessment-submitted': {
    status: 409,
    title: 'This self-assessment has been submitted',
    message: 'A submitted self-assessment is read-only. Nothing was saved.',
  },
  'answer-changed': {
    status: 409,
    title: 'Someone else changed this standard',
    message: 'Nothing you entered was saved: check their changes, then try again.',
  },
  'assessment-exists': {
    status: 409,
    title: 'There is already a self-assessment for this year',
    message: 'Nothing was started. Open the year from the list.',
  },
  'standard-in-use': {
    status: 409,
    title: 'This standard has actions or challenges against it',
    message: 'Nothing was removed. Change the standard instead.',
  },
  'review-link-not-valid': {
    status: 404,
    title: 'This review link does not work',
    message: "Check you used the whole link, or ask the council's Safeguarding Coordinator for a new one.",
  },
  'review-link-expired': {
    status: 410,
    title: 'This review link has expired or been withdrawn',
    message: "Nothing was saved. Ask the council's Safeguarding Coordinator for a new link.",
  },
  'haven-starting': {
    status: 503,
    title: 'Sorry, Haven is starting',
    message: 'Try again in a minute. Nothing was saved.',
  },
  'database-unavailable': {
    status: 503,
    title: 'Sorry, Haven is unavailable',
    message: 'Try again later. Nothing was saved.',
  },
  // Issue 12: the attachment store (a shared directory, or the database's chunks) cannot be reached.
  'attachment-not-attached': {
    status: 503,
    title: 'Sorry, your file could not be attached',
    message:
      'Haven cannot reach where files are kept just now. The concern is saved as it was, without this file. Try attaching the file again later.',
  },
  'attachment-store-unavailable': {
    status: 503,
    title: 'Sorry, this file cannot be downloaded just now',
    message: 'Haven cannot reach where files are kept. Nothing was changed. Try again later.',
  },
  internal: { status: 500, title: 'Sorry, there is a problem with Haven', message: 'Try again later.' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

/** An expected failure with a catalogue code; the error handler turns it into its status and page. */
export class HavenError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, detail?: string) {
    super(detail ?? code);
    this.code = code;
  }
  get status(): number {
    return errorCatalogue[this.code].status;
  }
}

/**
 * A step refused, with nothing written, because of the state of the records (someone changed
 * them meanwhile, or the concern is not in a state that allows the step). Thrown inside the
 * step's transaction so it rolls back; `refusalAsValue` hands it back to the route, which shows
 * the reason beside the form with the code's status.
 */
export class Refusal<Reason extends string = string> extends HavenError {
  readonly reason: Reason;
  constructor(code: ErrorCode, reason: Reason) {
    super(code, reason);
    this.reason = reason;
  }
}

/** Runs a step that may be refused and returns the refusal as a value; other errors pass on. */
export async function refusalAsValue<Result, Reason extends string>(
  step: () => Promise<Result>,
): Promise<Result | Refusal<Reason>> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof Refusal) return error as Refusal<Reason>;
    throw error;
  }
}
