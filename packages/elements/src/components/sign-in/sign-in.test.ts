import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../arrivo-sign-in';
import type { ArrivoSignIn } from './sign-in';
import { ArrivoSignedInEvent, ArrivoSignedOutEvent } from '../../events/index';
import { API, BUSINESS, DEMO_PASSWORD, codeIn, forgetSessions, invite, lastMail } from '../../test-support';

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T & HTMLElement>(selector)!;

/** Type into a field the way a person does (value + input event). */
function type(el: Element, name: string, value: string) {
  const input = $<HTMLInputElement>(el, `[name="${name}"]`);
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

const click = (el: Element, selector: string) => $(el, selector).click();
const submit = (el: Element) => $<HTMLButtonElement>(el, 'button[type="submit"]').click();
const errorOf = (el: Element) => $(el, '[part="error"]')?.textContent?.trim();

/** A signed-out page whose address carries `hash` (what email links and the provider add). */
async function mount(hash = '') {
  forgetSessions();
  history.replaceState(null, '', `${location.pathname}${hash}`);
  return fixture<ArrivoSignIn>(html`<arrivo-sign-in api=${API} business=${BUSINESS}></arrivo-sign-in>`);
}

describe('<arrivo-sign-in>', () => {
  it('signs in with email and password, keeps the session, and signs out', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
    type(el, 'email', 'linh.nguyen@example.com');
    type(el, 'password', DEMO_PASSWORD);
    const signedIn = oneEvent(el, ArrivoSignedInEvent.type);
    submit(el);
    const event = (await signedIn) as ArrivoSignedInEvent;
    expect(event.detail.via).to.equal('password');
    expect(event.detail.session.roles).to.deep.equal(['customer']);
    await el.updateComplete;
    expect($(el, '[part="notice"]').textContent).to.contain('Signed in as Linh Nguyen');
    expect(JSON.parse(localStorage.getItem(`arrivo:session:${API}:${BUSINESS}`)!).token).to.be.a('string');

    // Another element on the page shares the session.
    const twin = await fixture<ArrivoSignIn>(html`<arrivo-sign-in api=${API} business=${BUSINESS}></arrivo-sign-in>`);
    expect($(twin, '[part="notice"]').textContent).to.contain('Signed in as Linh Nguyen');

    const signedOut = oneEvent(el, ArrivoSignedOutEvent.type);
    click(el, 'button[data-variant="secondary"]');
    await signedOut;
    await el.updateComplete;
    expect(localStorage.getItem(`arrivo:session:${API}:${BUSINESS}`)).to.equal(null);
    expect($(twin, 'input[name="email"]')).to.exist;
  });

  it('shows a wrong password as an error and keeps what was typed', async () => {
    const el = await mount();
    type(el, 'email', 'linh.nguyen@example.com');
    type(el, 'password', 'not the password');
    submit(el);
    await waitUntil(() => errorOf(el), 'no error shown');
    expect(errorOf(el)).to.equal('That email and password do not match an account.');
    expect($<HTMLInputElement>(el, '[name="email"]').value).to.equal('linh.nguyen@example.com');
    expect($<HTMLInputElement>(el, '[name="password"]').value).to.equal('not the password');
    expect($(el, '[name="password"]').getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('redeems an invitation from the email link: code prefilled, then the create-account step', async () => {
    const code = codeIn(await lastMail('ada.okafor@example.com'))!;
    const el = await mount(`#arrivo-redeem=${encodeURIComponent(code)}`);
    expect(location.hash).to.equal(''); // the code does not linger in the address bar
    expect($(el, '#tab-redeem').getAttribute('aria-selected')).to.equal('true');
    expect($<HTMLInputElement>(el, '[name="code"]').value).to.equal(code);
    submit(el);
    await waitUntil(() => $(el, 'h2'), 'the code was not accepted', { timeout: 8000 });
    expect($(el, 'h2').textContent).to.equal('Create your account');
    expect(el.shadowRoot!.textContent).to.contain('You will sign in as ada.okafor@example.com.');
    // Hints describe their field; they are not part of its name.
    const firstName = $<HTMLInputElement>(el, '[name="firstName"]');
    expect(firstName.value).to.equal('Ada'); // as the business knows her
    expect(firstName.labels![0]!.textContent!.trim()).to.equal('First name');
    expect(el.shadowRoot!.getElementById(firstName.getAttribute('aria-describedby')!)!.textContent).to.equal('Optional');
    const password = $<HTMLInputElement>(el, '[name="newPassword"]');
    expect(password.labels![0]!.textContent!.trim()).to.equal('New password');
    expect(el.shadowRoot!.getElementById(password.getAttribute('aria-describedby')!)!.textContent).to.equal('At least 10 characters');
    await expect(el).to.be.accessible();
    type(el, 'firstName', 'Ada');
    type(el, 'newPassword', 'ada has a good password');
    const signedIn = oneEvent(el, ArrivoSignedInEvent.type);
    submit(el);
    const event = (await signedIn) as ArrivoSignedInEvent;
    expect(event.detail).to.deep.include({ via: 'invitation' });
    expect(event.detail.session.user.email).to.equal('ada.okafor@example.com');
    expect(event.detail.session.profileCompleted).to.equal(false);
  });

  it('offers each invitation’s own name when a second code is checked', async () => {
    const [first, second] = [await invite('Quinn'), await invite('Pavel')];
    const el = await mount();
    click(el, '#tab-redeem');
    await el.updateComplete;
    type(el, 'code', first.code);
    submit(el);
    await waitUntil(() => $(el, '[name="firstName"]'), 'the first code was not accepted', { timeout: 8000 });
    expect($<HTMLInputElement>(el, '[name="firstName"]').value).to.equal('Quinn');
    click(el, '[data-variant="secondary"]'); // Back
    await el.updateComplete;
    type(el, 'code', second.code);
    submit(el);
    await waitUntil(() => el.shadowRoot!.textContent!.includes(second.email), 'the second code was not accepted', { timeout: 8000 });
    expect($<HTMLInputElement>(el, '[name="firstName"]').value).to.equal('Pavel');
  });

  it('says a code is wrong before a password is chosen, keeping the code as typed', async () => {
    const el = await mount();
    click(el, '#tab-redeem');
    await el.updateComplete;
    type(el, 'code', 'too-short');
    submit(el);
    await el.updateComplete;
    expect(errorOf(el)).to.match(/32 letters and digits/);

    const wrong = 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ';
    type(el, 'code', wrong);
    submit(el);
    await waitUntil(() => /not valid/.test(errorOf(el) ?? ''), 'no error shown', { timeout: 8000 });
    expect(errorOf(el)).to.equal('This invitation code is not valid. Check it, or ask for a new invitation.');
    expect($(el, '[name="newPassword"]')).to.equal(null);
    expect($<HTMLInputElement>(el, '[name="code"]').value).to.equal(wrong);
    await expect(el).to.be.accessible();
  });

  it('moves between the tabs with the arrow keys', async () => {
    const el = await mount();
    $(el, '#tab-sign-in').focus();
    $(el, '[role="tablist"]').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await el.updateComplete;
    await el.updateComplete;
    expect($(el, '#tab-redeem').getAttribute('aria-selected')).to.equal('true');
    expect(el.shadowRoot!.activeElement?.id).to.equal('tab-redeem');
  });

  it('resets a forgotten password through the emailed link', async () => {
    const el = await mount();
    click(el, '.link');
    await el.updateComplete;
    type(el, 'email', 'marco@alderbakery.example');
    submit(el);
    await waitUntil(() => $(el, '[part="notice"]'), 'no confirmation');
    expect($(el, '[part="notice"]').textContent).to.contain('marco@alderbakery.example');
    // Marco has no portal account yet, so nothing was sent; Linh has one.
    click(el, 'button[data-variant="secondary"]');
    await el.updateComplete;
    click(el, '.link');
    await el.updateComplete;
    type(el, 'email', 'priya@alderbakery.example');
    submit(el);
    await waitUntil(() => $(el, '[part="notice"]'));

    // Redeem Priya's invitation through the API, then reset her password from the page.
    const code = codeIn(await lastMail('priya@alderbakery.example'))!;
    const redeemed = await fetch(`${API}/businesses/${BUSINESS}/invitations/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, password: 'priya first password' }),
    });
    expect(redeemed.status).to.equal(201);
    click(el, 'button[data-variant="secondary"]');
    await el.updateComplete;
    click(el, '.link');
    await el.updateComplete;
    type(el, 'email', 'priya@alderbakery.example');
    submit(el);
    await waitUntil(() => $(el, '[part="notice"]'));
    const link = /(http\S+#arrivo-reset=\S+)/.exec(await lastMail('priya@alderbakery.example', '#arrivo-reset='))![1]!;
    expect(link.startsWith(location.href.split('#')[0]!)).to.equal(true);

    const page = await mount(new URL(link).hash);
    expect($(page, 'h2').textContent).to.equal('Choose a new password');
    type(page, 'newPassword', 'priya second password');
    submit(page);
    await waitUntil(() => $(page, '[part="notice"]'), 'no confirmation');
    expect($(page, '[part="notice"]').textContent).to.match(/password was changed/);
    type(page, 'email', 'priya@alderbakery.example');
    type(page, 'password', 'priya second password');
    const signedIn = oneEvent(page, ArrivoSignedInEvent.type);
    submit(page);
    await signedIn;
  });

  it('shows why an external sign-in came back without a session', async () => {
    const el = await mount('#arrivo-error=external_sign_in_failed');
    expect(errorOf(el)).to.match(/external account did not work/);
    expect(location.hash).to.equal('');
  });

  it('exchanges the one-time code from an external sign-in, and refuses a spent or made-up one', async () => {
    const el = await mount('#arrivo-auth=made-up-one-time-code');
    expect(location.hash).to.equal('');
    await waitUntil(() => errorOf(el), 'no error shown');
    expect(errorOf(el)).to.match(/external account did not work/);
    expect($(el, 'input[name="email"]')).to.exist;
  });
});
