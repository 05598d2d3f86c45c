import { type Permission, isAllowed } from '../domain/access-policy.ts';
import type { SignedInUser } from './fastify-types.ts';

const items: Array<{ href: string; text: string; permission: Permission | null }> = [
  { href: '/', text: 'Home', permission: null },
  { href: '/concerns/new', text: 'Record a concern', permission: 'concern:record' },
  { href: '/concerns/mine', text: 'Your concerns', permission: 'concern:list-own' },
  { href: '/triage', text: 'Triage queue', permission: 'triage:queue' },
  { href: '/oversight', text: 'Oversight', permission: 'oversight:view' },
  { href: '/people', text: 'People', permission: 'case:work' },
  { href: '/search', text: 'Search', permission: 'concern:search' },
  { href: '/information-sharing/home-office', text: 'Home Office disclosures', permission: 'sharing:report' },
  { href: '/subject-access', text: 'Subject access', permission: 'subject-access:manage' },
  { href: '/insight', text: 'Insight', permission: 'reports:view-aggregate' },
  { href: '/self-assessment', text: 'Self-assessment', permission: 'assurance:view' },
  { href: '/retention', text: 'Retention', permission: 'retention:decide' },
  { href: '/action-plan', text: 'Action plan', permission: 'assurance:view' },
  { href: '/risks', text: 'Risks', permission: 'assurance:view' },
  { href: '/accounts', text: 'Accounts', permission: 'accounts:manage' },
  { href: '/sessions', text: 'Sessions', permission: 'sessions:manage' },
  { href: '/who-to-talk-to', text: 'Who to talk to', permission: 'network:view' },
  { href: '/settings', text: 'Settings', permission: 'settings:manage' },
  { href: '/administration/history', text: 'History', permission: 'administration:history' },
  { href: '/account', text: 'Your account', permission: null },
];

/** The service navigation a signed-in person sees: what any of their roles can use. */
export function navigationFor(actor: SignedInUser, currentPath: string) {
  return items
    .filter((item) => item.permission === null || isAllowed(actor, item.permission))
    .map(({ href, text }) => ({
      href,
      text,
      active: href === '/' ? currentPath === '/' : currentPath.startsWith(href),
    }));
}
