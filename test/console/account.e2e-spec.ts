import { authenticator } from 'otplib';
import { accessibilityViolations, describeWithChromium } from '../support/browser';
import { ConsolePage, ConsoleSuite, openConsole, signIn, startConsoleSuite } from '../support/console';

jest.setTimeout(180_000);

const EMAIL = 'grace@example.com';
const FIRST_PASSWORD = 'first password of grace';
const SECOND_PASSWORD = 'second password of grace';

/**
 * A person's own account in the console: self-registration (when enabled), a new password, and the
 * second factor from enrolment through new recovery codes to its removal.
 */
describeWithChromium('the web console, for one’s own account', () => {
  let running: ConsoleSuite;
  let person: ConsolePage;

  beforeAll(async () => {
    running = await startConsoleSuite({ env: { LFC_SELF_REGISTRATION: 'true' } });
    person = await openConsole(running, '/console/sign-in');
  });

  afterAll(async () => {
    await person?.context.close();
    await running?.stop();
  });

  it('lets a visitor create an account when self-registration is on, and signs them in', async () => {
    const { page } = person;
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    await page.getByRole('textbox', { name: 'Email' }).fill(EMAIL);
    await page.getByLabel(/^Password/).fill(FIRST_PASSWORD);
    await page.getByLabel('Repeat the password').fill('something else');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('The two passwords differ').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Repeat the password').fill(FIRST_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tools' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Console' });
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);

    // Keys are for developers and admins: the page shows the API's answer and offers nothing else.
    await nav.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('alert').getByText('This needs the role developer').waitFor();
    expect(await page.getByRole('button', { name: 'Create a key' }).count()).toBe(0);
  });

  it('refuses a wrong current password with the server’s message, and takes the right one', async () => {
    const { page } = person;
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    const form = page.getByRole('region', { name: 'Password' });
    await form.getByLabel('Current password').fill('not the password');
    await form.getByLabel(/^New password/).fill(SECOND_PASSWORD);
    await form.getByLabel('Repeat the new password').fill(SECOND_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/account');

    await form.getByLabel('Current password').fill(FIRST_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    // A new password ends every session of the account, this one included.
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByText('Your password was changed. Sign in with the new one.').waitFor();
    await signIn(page, { email: EMAIL, password: SECOND_PASSWORD });
  });

  it('turns on two-factor sign-in, makes new recovery codes, and turns it off with one of them', async () => {
    const { page } = person;
    await page.goto(`${running.origin}/console/account`);
    const section = page.getByRole('region', { name: 'Two-factor sign-in' });
    await section.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = ((await section.getByTestId('totp-secret').textContent()) ?? '').trim();
    await section.getByLabel('The six-digit code the app shows').fill(authenticator.generate(secret));
    await section.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await section.getByTestId('recovery-codes').waitFor();
    const first = await section.getByTestId('recovery-codes').locator('li').allTextContents();
    expect(first.length).toBeGreaterThan(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await section.getByRole('button', { name: 'Done' }).click();
    await section.getByText('Signing in asks for a code from your authenticator app.').waitFor();

    // New codes take the second factor too (a recovery code turns it off): here one of the first codes.
    const renew = section.getByRole('form', { name: 'Make new recovery codes' });
    await renew.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await renew.getByRole('textbox', { name: 'Recovery code', exact: true }).fill(first[1]!);
    await renew.getByRole('button', { name: 'Make new codes' }).click();
    await section.getByTestId('recovery-codes').waitFor();
    const second = await section.getByTestId('recovery-codes').locator('li').allTextContents();
    expect(second.length).toBe(first.length);
    expect(second.filter((code) => first.includes(code))).toEqual([]);

    const turnOff = section.getByRole('form', { name: 'Turn off two-factor sign-in' });
    await turnOff.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await turnOff.getByRole('textbox', { name: 'Recovery code', exact: true }).fill(first[0]!);
    await turnOff.getByRole('button', { name: 'Turn off' }).click();
    // The old codes stopped working when the new ones were made.
    await turnOff.getByRole('alert').waitFor();
    await turnOff.getByRole('textbox', { name: 'Recovery code', exact: true }).fill(second[0]!);
    await turnOff.getByRole('button', { name: 'Turn off' }).click();
    await section.getByRole('button', { name: 'Set up two-factor sign-in' }).waitFor();
    expect(person.trouble).toEqual({ violations: [], errors: [] });
  });
});
