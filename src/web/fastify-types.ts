import type { Actor, Permission } from '../domain/access-policy.ts';

/** What a route declares about who may reach it; every route must declare one. */
export type RouteAccess = 'public' | 'signed-in' | Permission;

export type SignedInUser = Actor & { displayName: string };

export type DeclaredRoute = { method: string; url: string; access: RouteAccess };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
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
  }
}
