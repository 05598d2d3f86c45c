import type { Page } from 'playwright-core';

// "Record a concern" in a real browser, one page at a time. Every step finds fields by their
// visible labels, so it works the same with JavaScript on (reveals) or off (all shown).

export type Check = (page: Page) => Promise<void>;

export type PersonAnswers = {
  role: 'Person at risk' | 'Alleged source of harm' | 'Witness' | 'Other household member';
  name: string | null;
  ageGroup: 'Child (under 18)' | 'Adult (18 or over)';
  approximateAge: string | null;
  address: string | null;
};

const next = (page: Page) => page.getByRole('button', { name: 'Continue' }).click();
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name }).first().waitFor();
const group = (page: Page, legend: string) => page.getByRole('group', { name: legend });

/** Fills the page about one person; the caller presses Continue. */
export async function fillPerson(page: Page, person: PersonAnswers): Promise<void> {
  await group(page, 'How are they involved in your concern?').getByLabel(person.role, { exact: true }).check();
  if (person.name) await page.getByLabel('Their full name').fill(person.name);
  else await page.getByLabel('I do not know their name').check();
  await page.getByLabel(person.ageGroup).check();
  if (person.approximateAge) {
    await page.getByLabel('roughly how old are they?').fill(person.approximateAge);
  } else {
    await page.getByLabel('I do not know their age').check();
  }
  if (person.address) await page.getByLabel('Where do they live?').fill(person.address);
  else await page.getByLabel('I do not know where they live').check();
}

/** Adds each person in turn, answering "Do you need to add another person?" after each. */
export async function addPeople(page: Page, people: PersonAnswers[], check: Check): Promise<void> {
  for (const [i, person] of people.entries()) {
    await heading(page, 'Who is this person?');
    await check(page);
    await fillPerson(page, person);
    await next(page);
    await heading(page, `You have added ${i + 1} ${i === 0 ? 'person' : 'people'}`);
    await check(page);
    await page.getByLabel(i < people.length - 1 ? 'Yes' : 'No', { exact: true }).check();
    await next(page);
  }
}

/** From "What happened?" to check answers, for an adult at risk who is self-neglecting. */
/** `aboutCouncilStaff`: the concern is about someone who works for the council, so it is restricted. */
export async function answerQuestionsAboutAnAdult(
  page: Page,
  check: Check,
  onBehalf?: [string, string],
  aboutCouncilStaff = false,
) {
  await heading(page, 'What happened?');
  await check(page);
  await page.getByLabel('Describe what you saw, heard or were told').fill('Found without heating or food.');
  await page.getByLabel('Day').fill('2');
  await page.getByLabel('Month').fill('11');
  await page.getByLabel('Year').fill('2025');
  await page.getByLabel('Where did it happen?').fill('Block C, Riverside Estate');
  await next(page);

  await heading(page, 'Why do you think they are at risk?');
  await check(page);
  await page.getByLabel('Why do you think they are at risk?').fill('Lives alone; has stopped eating.');
  await next(page);

  await heading(page, 'Why were you in contact with them?');
  await check(page);
  await page.getByLabel('What was the purpose of your visit, call or contact?').fill('Annual gas safety check');
  await group(page, 'Are they a council tenant?').getByLabel('Yes').check();
  await group(page, 'Do other council departments know them?').getByLabel('I do not know').check();
  await next(page);

  await heading(page, 'What kind of harm are you worried about?');
  await check(page);
  await page.getByLabel('Self-neglect').check();
  await next(page);

  await heading(page, 'How urgent is it?');
  await check(page);
  await page.getByLabel('Someone could be harmed in the next few days').check();
  await next(page);

  await heading(page, 'About the adult at risk');
  await check(page);
  await group(page, 'Do they have, or seem to have, needs for care and support?').getByLabel('Yes').check();
  await group(page, 'Are they experiencing abuse or neglect, or at risk of it?').getByLabel('Yes').check();
  await group(page, 'Because of those needs, are they unable to protect themselves?').getByLabel('Not sure').check();
  await next(page);

  await heading(page, /works for the council, or another professional/);
  await check(page);
  if (aboutCouncilStaff) await page.getByLabel(/someone who works or volunteers for the council/).check();
  else await page.getByLabel('No', { exact: true }).check();
  await next(page);

  await heading(page, 'Who could help');
  await check(page);
  await page.getByText('01865 328232').first().waitFor();
  await next(page);

  await heading(page, 'Who have you contacted, or will you contact?');
  await check(page);
  await page.getByLabel('Adult Safeguarding Triage Team').check();
  await group(page, 'Have you contacted Adult Safeguarding Triage Team yet?')
    .getByLabel('Not yet, I will contact them')
    .check();
  await next(page);

  await heading(page, 'Do they agree to a referral?');
  await check(page);
  await page.getByLabel('I have not asked them').check();
  await page.getByLabel(/why are you making a referral anyway/).fill('They were too unwell to talk today.');
  await next(page);

  if (onBehalf) {
    await heading(page, 'Are you recording this for someone else?');
    await check(page);
    await page.getByLabel('Yes', { exact: true }).check();
    await next(page);
    await heading(page, 'Who are you recording this for?');
    await check(page);
    await page.getByLabel('Their name').fill(onBehalf[0]);
    await page.getByLabel('Their role').fill(onBehalf[1]);
    await next(page);
  }

  await heading(page, 'Which service area do you work in?');
  await check(page);
  await next(page);
  await heading(page, 'Check your answers before sending your concern');
  await check(page);
}
