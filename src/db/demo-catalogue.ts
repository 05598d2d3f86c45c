import type { Role } from '../domain/access-policy.ts';
import type { SacType } from '../domain/safeguarding-adults-collection.ts';

// The demo councils: their service areas, taxonomy, referral routes one user per role and the role combinations the seeds describe.
// Everything here is configuration a real council would enter; the people are invented.

// Service areas as the council's safeguarding report names them (report 46).
const cityServiceAreas = [
  'Housing Services',
  'Business Improvement',
  'Regulatory Services and Community Safety',
  'Community Services',
  'Financial Services',
  'Planning and Sustainable Development',
  'Corporate Policy, Partnership and Communications',
  'Welfare Reform',
  'Oxford Direct Services',
  'Councillors',
];

// People in each of the city's service areas, for reporting rates (concerns per 100 staff).
// Invented, in proportion to a district council's workforce; Councillors are the elected members.
export const demoServiceAreaHeadcounts: Readonly<Record<string, number>> = {
  'Housing Services': 212,
  'Business Improvement': 86,
  'Regulatory Services and Community Safety': 134,
  'Community Services': 158,
  'Financial Services': 97,
  'Planning and Sustainable Development': 74,
  'Corporate Policy, Partnership and Communications': 41,
  'Welfare Reform': 38,
  'Oxford Direct Services': 640,
  Councillors: 48,
};

// Adult categories are the national Safeguarding Adults Collection types of abuse;
// the rest are the themes the council's reports and procedures name. Each adult category
// maps to its SAC type: hoarding is self-neglect, and FGM and forced marriage are domestic
// abuse (Care Act statutory guidance 14.17); cuckooing misuses the person's home, so it is
// financial or material abuse. Themes that are not abuse (mental ill health, suicidal
// thoughts, radicalisation, homelessness) have no SAC type: the enquiry finds one if any.
// The code is the stable key route advice reads (domain/referral-route-advice.ts).
type DemoCategory = [name: string, appliesTo: 'child' | 'adult' | 'both', sacType: SacType | null, code: string];
export const demoCategories: DemoCategory[] = [
  ['Physical abuse', 'both', 'physical', 'physical-abuse'],
  ['Domestic abuse', 'both', 'domestic', 'domestic-abuse'],
  ['Sexual abuse', 'both', 'sexual', 'sexual-abuse'],
  ['Psychological or emotional abuse', 'both', 'psychological', 'psychological-abuse'],
  ['Financial or material abuse', 'adult', 'financial_material', 'financial-abuse'],
  ['Modern slavery', 'both', 'modern_slavery', 'modern-slavery'],
  ['Discriminatory abuse', 'adult', 'discriminatory', 'discriminatory-abuse'],
  ['Organisational abuse', 'adult', 'organisational', 'organisational-abuse'],
  ['Neglect and acts of omission', 'both', 'neglect', 'neglect'],
  ['Self-neglect', 'adult', 'self_neglect', 'self-neglect'],
  ['Hoarding', 'adult', 'self_neglect', 'hoarding'],
  ['Sexual exploitation', 'adult', 'sexual_exploitation', 'sexual-exploitation'],
  ['Child sexual exploitation', 'child', null, 'child-sexual-exploitation'],
  ['Child criminal exploitation', 'child', null, 'child-criminal-exploitation'],
  ['Cuckooing', 'adult', 'financial_material', 'cuckooing'],
  ['Mental ill health', 'both', null, 'mental-ill-health'],
  ['Suicidal thoughts, threats or attempts', 'both', null, 'suicidal-thoughts'],
  ['Radicalisation', 'both', null, 'radicalisation'],
  ['Female genital mutilation', 'both', 'domestic', 'female-genital-mutilation'],
  ['Forced marriage', 'both', 'domestic', 'forced-marriage'],
  ['Young carer', 'child', null, 'young-carer'],
  ['Homelessness', 'both', null, 'homelessness'],
];

// Referral routes and how to reach them (procedures 5, 7–10). Configuration, not code: a
// council edits these rows. Numbers are the public lines the procedures give.
type DemoAgency = { code: string; name: string; phone: string; hours: string; notes: string; homeOffice?: boolean };
export const demoAgencies: DemoAgency[] = [
  {
    code: 'police',
    name: 'Police',
    phone: '999 (emergency) or 101',
    hours: 'Always open',
    notes: 'Immediate danger, or a crime seen or just disclosed (procedures 5).',
  },
  {
    code: 'adult-triage',
    name: 'Adult Safeguarding Triage Team',
    phone: '01865 328232',
    hours: 'Office hours',
    notes: 'Consultation when unsure whether an adult concern is safeguarding (procedures 7.1–7.2).',
  },
  {
    code: 'adult-social-care',
    name: 'Adult Social and Health Care (safeguarding referral)',
    phone: '0345 050 7666',
    hours: '8.30am to 5pm Monday to Thursday, 8.30am to 4pm Friday; out of hours 0800 833408',
    notes: 'Section 42 safeguarding referrals (procedures 7.5–7.7, 7.13).',
  },
  {
    code: 'care-needs-assessment',
    name: 'Care needs assessment',
    phone: '0345 050 7666',
    hours: 'Office hours',
    notes: 'Not abuse, but someone not receiving care they need (procedures 7.15).',
  },
  {
    code: 'marm',
    name: 'MARM – Multi-Agency Risk Management',
    phone: '0345 050 7666',
    hours: 'Office hours',
    notes: 'High-risk adult below the safeguarding threshold: hoarding, self-neglect, homelessness (procedures 7.22).',
  },
  {
    code: 'mash',
    name: 'MASH – Multi-Agency Safeguarding Hub',
    phone: '0345 050 7666',
    hours: 'Office hours; out of hours 0800 833408',
    notes: 'Urgent child concerns (procedures 9.12–9.16).',
  },
  {
    code: 'lcss',
    name: 'LCSS – Locality and Community Support Service',
    phone: '0345 050 7666',
    hours: 'Office hours',
    notes: 'Emerging child concerns; No Names Consultation (procedures 9.9–9.10).',
  },
  {
    code: 'early-help',
    name: 'Early Help',
    phone: '0345 050 7666',
    hours: 'Office hours',
    notes: 'Support for a child and family before statutory intervention (procedures 9.1–9.7).',
  },
  {
    code: 'lado',
    name: 'LADO – Local Authority Designated Officer',
    phone: '01865 810603',
    hours: 'Office hours',
    notes: 'Allegations about a professional or person in a position of trust; a DSL makes contact (procedures 9.29).',
  },
  { code: 'marac', name: 'MARAC', phone: '101', hours: 'Office hours', notes: 'High-risk domestic abuse.' },
  {
    code: 'prevent',
    name: 'Prevent',
    phone: '101',
    hours: 'Always open',
    notes: 'Radicalisation and extremism (procedures 8, 9.23).',
  },
  {
    code: 'anti-slavery-coordinator',
    name: 'Anti-Slavery Coordinator',
    phone: 'Council switchboard: ask for the Anti-Slavery Coordinator',
    hours: 'Office hours',
    notes:
      'Modern slavery and exploitation; advises on and completes NRM referrals and Duty to Notify (procedures 10.2).',
  },
  {
    code: 'nrm',
    name: 'NRM – National Referral Mechanism',
    phone: '0800 0121 700 (Modern Slavery Helpline)',
    hours: 'Always open',
    notes: 'Modern slavery victim referral, with consent (procedures 10).',
    homeOffice: true,
  },
  {
    code: 'duty-to-notify',
    name: 'Duty to Notify (Home Office)',
    phone: '0800 0121 700 (Modern Slavery Helpline)',
    hours: 'Always open',
    notes:
      'Anonymous notification to the Home Office when an adult does not consent to an NRM referral (procedures 10).',
    homeOffice: true,
  },
  {
    code: 'carers-support',
    name: 'Carers support',
    phone: '0345 050 7666',
    hours: 'Office hours',
    notes: 'Support for young and adult carers.',
  },
  {
    code: 'internal',
    name: 'Internal council team',
    phone: 'Council switchboard',
    hours: 'Office hours',
    notes: 'For example, tenancy sustainment or the homelessness team.',
  },
];

export const demoReferralOutcomes = [
  'Accepted: enquiry or assessment started',
  'Advice given, no further action by the agency',
  'Signposted to another service',
  'Referral declined by the agency',
  'Person declined support',
  'Removed from the exploitative situation',
  'Not known',
];

/** How each demo outcome counts in reports (Scrutiny recommendation 2); a coordinator changes them in settings. */
export const demoOutcomeClasses: Record<string, string> = {
  'Accepted: enquiry or assessment started': 'engaged',
  'Advice given, no further action by the agency': 'engaged',
  'Signposted to another service': 'engaged',
  'Referral declined by the agency': 'not-engaged',
  'Person declined support': 'not-engaged',
  'Removed from the exploitative situation': 'positive',
  'Not known': 'not-known',
};

/**
 * A demo account. `lineManager` is the email of the person's line manager in the same
 * organisation (procedures 6.1: they are told when this person sends a concern). Phone numbers
 * are from Ofcom's range kept for drama (01632 960000–960999), so no real line is called.
 */
type DemoUser = {
  email: string;
  name: string;
  roles: readonly Role[];
  serviceArea: string;
  jobTitle: string;
  phone: string;
  lineManager?: string;
};

// Invented people: no name from the seeds appears here. One account for each role on its own,
// and the combinations the seeds describe: the Head of Business Improvement is a DSL (policy 5),
// DSLs are Heads of Service, Champions are line managers, the coordinator may be a DSO. The line
// management follows the seeds too: the reporter's Champion in Housing Services is their manager,
// the Head of Community Services (a DSL) manages the Community Services Champion, the Head of
// Business Improvement manages the DSO and the administrator, and the coordinators report to the
// Community Safety Service Manager (a DSL, policy 5.6–5.9).
const cityUsers: DemoUser[] = [
  {
    email: 'reporter@city.example',
    name: 'Robin Ashby',
    roles: ['reporter'],
    serviceArea: 'Housing Services',
    jobTitle: 'Tenancy Officer',
    phone: '01632 960101',
    lineManager: 'champion-manager@city.example',
  },
  {
    email: 'manager@city.example',
    name: 'Morgan Blake',
    roles: ['line_manager'],
    serviceArea: 'Oxford Direct Services',
    jobTitle: 'Street Services Team Leader',
    phone: '01632 960102',
  },
  {
    email: 'champion@city.example',
    name: 'Casey Dunmore',
    roles: ['champion'],
    serviceArea: 'Community Services',
    jobTitle: 'Community Development Officer',
    phone: '01632 960103',
    lineManager: 'head-of-service@city.example',
  },
  {
    email: 'dso@city.example',
    name: 'Devi Okafor',
    roles: ['dso'],
    serviceArea: 'Business Improvement',
    jobTitle: 'Designated Safeguarding Officer',
    phone: '01632 960104',
    lineManager: 'hbi@city.example',
  },
  {
    email: 'dsl@city.example',
    name: 'Lee Hartwell',
    roles: ['dsl'],
    serviceArea: 'Business Improvement',
    jobTitle: 'Community Safety Service Manager',
    phone: '01632 960105',
  },
  {
    email: 'coordinator@city.example',
    name: 'Sam Whitlow',
    roles: ['coordinator'],
    serviceArea: 'Business Improvement',
    jobTitle: 'Safeguarding Coordinator',
    phone: '01632 960106',
    lineManager: 'dsl@city.example',
  },
  {
    email: 'leader@city.example',
    name: 'Jordan Pryce',
    roles: ['senior_leader'],
    serviceArea: 'Financial Services',
    jobTitle: 'Head of Financial Services',
    phone: '01632 960107',
  },
  {
    email: 'hbi@city.example',
    name: 'Rowan Feltham',
    roles: ['dsl', 'head_of_business_improvement'],
    serviceArea: 'Business Improvement',
    jobTitle: 'Head of Business Improvement',
    phone: '01632 960108',
  },
  {
    email: 'admin@city.example',
    name: 'Ash Kirtley',
    roles: ['administrator'],
    serviceArea: 'Business Improvement',
    jobTitle: 'Systems Administrator',
    phone: '01632 960109',
    lineManager: 'hbi@city.example',
  },
  {
    email: 'head-of-service@city.example',
    name: 'Avery Lockwood',
    roles: ['line_manager', 'dsl', 'senior_leader'],
    serviceArea: 'Community Services',
    jobTitle: 'Head of Community Services',
    phone: '01632 960110',
  },
  {
    email: 'champion-manager@city.example',
    name: 'Quinn Harrowby',
    roles: ['line_manager', 'champion'],
    serviceArea: 'Housing Services',
    jobTitle: 'Tenancy Management Team Manager',
    phone: '01632 960111',
  },
  {
    email: 'coordinator-dso@city.example',
    name: 'Jess Tamworth',
    roles: ['dso', 'coordinator'],
    serviceArea: 'Business Improvement',
    jobTitle: 'Safeguarding Coordinator',
    phone: '01632 960112',
    lineManager: 'dsl@city.example',
  },
];

const districtUsers: DemoUser[] = [
  {
    email: 'reporter@district.example',
    name: 'Alex Penrose',
    roles: ['reporter'],
    serviceArea: 'Housing',
    jobTitle: 'Housing Officer',
    phone: '01632 960201',
  },
  {
    email: 'dso@district.example',
    name: 'Kit Marlowe-Evans',
    roles: ['dso'],
    serviceArea: 'Community Safety',
    jobTitle: 'Designated Safeguarding Officer',
    phone: '01632 960202',
  },
];

export const demoOrganisations = [
  { name: 'Haven City Council', serviceAreas: cityServiceAreas, users: cityUsers },
  {
    name: 'Northbrook District Council',
    serviceAreas: ['Housing', 'Community Safety', 'Leisure'],
    users: districtUsers,
  },
];
