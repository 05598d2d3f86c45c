import type { Actor, Permission } from '../domain/access-policy.ts';

/** What a route declares about who may reach it; every route must declare one. */
export type RouteAccess = 'public' | 'signed-in' | Permission;

export type SignedInUser = Actor & { displayName: string };

/** What a passkey is being used for: each ceremony answers only a challenge made for it. */
export type PasskeyPurpose = 'sign-in' | 'second-factor' | 'enrol' | 're-authenticate' | 'add';

export type DeclaredRoute = { method: string; url: string; access: RouteAccess };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** The app's clock (buildApp's `clock`): second-factor codes and recent authentication read it. */
    clock: () => Date;
    /** Every route with its access rule, for the authorization matrix test. */
    declaredRoutes: readonly DeclaredRoute[];
  }
  interface FastifyRequest {
    actor: SignedInUser | null;
  }
  interface FastifyReply {
    view(template: string, context?: Record<string, unknown>): FastifyReply;
  }
  interface Session {
    userId?: string;
    signedInAt?: number;
    lastActiveAt?: number;
    /** When the person last proved themself (password or second factor), by the app's clock. */
    lastProvedAt?: number;
    /** A coarse description of the browser ("Firefox on Windows"), for "Your sessions"; no address is kept. */
    device?: string;
    /** Password accepted, second factor still owed: grants nothing (authentication.ts reads only userId). */
    pendingSignIn?: { userId: string; step: 'verify' | 'enrol'; startedAt: number };
    /** A TOTP secret being enrolled, encrypted, until its first code is confirmed. */
    totpEnrolment?: { userId: string; encryptedSecret: string };
    /** The HR import being prepared (account_imports row): its id only, never its contents. */
    accountImportId?: string;
    /** The self-assessment return being imported (self_assessment_imports row): its id only. */
    selfAssessmentImportId?: string;
    /** What the last confirmed HR import did, shown once on the accounts list. */
    accountImportResult?: { created: number; updated: number; deactivated: number };
    /** The concern history import being prepared (concern_imports row): its id only, never its contents. */
    concernImportId?: string;
    /** What the last confirmed concern history import did, shown once. */
    concernImportResult?: { imported: number; alreadyInHaven: number; leftOut: number };
    /**
     * The one WebAuthn challenge this session may answer, what it is for, for whom (none when
     * signing in with a passkey alone), and when it was made; used or not, it is good once.
     */
    passkeyChallenge?: { purpose: PasskeyPurpose; challenge: string; userId: string | null; issuedAt: number };
    /**
     * The signed-in person and their roles as the database held them when this request read the
     * session (same query): never stored (session-store.ts drops it), so never older than the request.
     */
    userAtRead?: SignedInUser | null;
  }
}
