import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { NOTIFICATION_LANGUAGES, NOTIFICATION_PLACEHOLDERS, NOTIFICATION_TEMPLATE_MESSAGES, type NotificationLanguage, type NotificationTemplateMessage } from '@arrivo/core';
import { ArrivoElement } from '../../../base/arrivo-element';
import * as api from '../../../api/admin-settings';
import { fieldError, outcome } from '../setup/shared';
import { issueMessages, unknownNamed } from './shared';
import { settingsStyles } from './settings.styles';

/**
 * The wording of each message in each language (admins): subject and body with the placeholders
 * the message offers, a preview of the draft before saving and of the message as saved, and
 * reset to the built-in wording. Placeholders the server refuses are named beside the field.
 * @tag arrivo-admin-message-templates
 */
@localized()
export class ArrivoAdminMessageTemplates extends ArrivoElement {
  static override styles = settingsStyles;

  @state() private message: NotificationTemplateMessage = 'confirmation';
  @state() private language: NotificationLanguage = 'en';
  @state() private draft?: api.NotificationPreview;
  @state() private notice?: string;
  @state() private formError?: string;
  @state() private issues = new Map<string, string>();
  @state() private busy = false;

  private readonly templates = this.data((_, signal) => api.notificationTemplates(this.connection, signal), { onError: (err) => this.report(err) });
  private readonly saved = this.data(([message, language], signal) => api.previewSaved(this.connection, message, language, signal), {
    args: () => [this.message, this.language] as const,
    onError: (err) => this.report(err),
  });

  private messageLabel(m: NotificationTemplateMessage): string {
    const labels: Record<NotificationTemplateMessage, string> = {
      confirmation: msg('Confirmation'),
      reminder: msg('Reminder'),
      rescheduled: msg('Visit moved'),
      canceled: msg('Visit canceled'),
      on_the_way: msg('Technician on the way'),
      arriving: msg('Technician arriving'),
      completed: msg('Thank you after the visit'),
      invitation: msg('Invitation'),
      password_reset: msg('Password reset'),
    };
    return labels[m];
  }

  private languageLabel(l: NotificationLanguage): string {
    return { en: msg('English'), es: msg('Spanish'), ar: msg('Arabic') }[l];
  }

  private get current(): api.NotificationTemplate | undefined {
    return this.templates.value?.find((t) => t.message === this.message && t.language === this.language);
  }

  private async choose(e: Event) {
    const form = (e.target as HTMLElement).closest('form')!;
    this.message = (form.querySelector('select[name="message"]') as HTMLSelectElement).value as NotificationTemplateMessage;
    this.language = (form.querySelector('select[name="language"]') as HTMLSelectElement).value as NotificationLanguage;
    this.draft = undefined;
    this.notice = this.formError = undefined;
    this.issues = new Map();
    this.fill();
  }

  /** The fields show the chosen message's saved wording (empty: the built-in one), not a draft of another. */
  private fill() {
    const current = this.current;
    const root = this.renderRoot;
    const subject = root.querySelector<HTMLInputElement>('[name="subject"]');
    const body = root.querySelector<HTMLTextAreaElement>('[name="body"]');
    if (subject) subject.value = current?.subject ?? '';
    if (body) body.value = current?.body ?? '';
  }

  /** What the form holds: an empty part keeps the built-in wording of it (null). */
  private wording() {
    const root = this.renderRoot;
    const value = (name: string) => (root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)?.value ?? '').trim() || null;
    return { subject: value('subject'), body: value('body') };
  }

  private async act(action: () => Promise<string | undefined>) {
    this.busy = true;
    this.notice = this.formError = undefined;
    try {
      this.notice = await action();
      this.issues = new Map();
    } catch (err) {
      this.issues = issueMessages(err);
      this.formError = this.report(err);
    } finally {
      this.busy = false;
    }
  }

  private preview() {
    return this.act(async () => {
      this.draft = await api.previewDraft(this.connection, { message: this.message, language: this.language, ...this.wording() });
      return msg('Preview of the draft below (not saved).');
    });
  }

  private save(e: SubmitEvent) {
    e.preventDefault();
    return this.act(async () => {
      await api.saveNotificationTemplate(this.connection, this.message, this.language, this.wording());
      this.draft = undefined;
      await Promise.all([this.templates.reload(), this.saved.reload()]);
      return msg('Wording saved.');
    });
  }

  private reset() {
    return this.act(async () => {
      await api.resetNotificationTemplate(this.connection, this.message, this.language);
      this.draft = undefined;
      await Promise.all([this.templates.reload(), this.saved.reload()]);
      this.fill();
      return msg('Back to the built-in wording.');
    });
  }

  // (The HTML is shown in a sandboxed frame; a page whose CSP refuses inline styles shows it plain,
  // hence the plain-text version too.)

  /** A part's error: the unknown placeholders as the server named them, or what the part must be. */
  private partError(part: 'subject' | 'body') {
    const issue = this.issues.get(part);
    if (!issue) return undefined;
    const unknown = unknownNamed(issue);
    if (unknown.length) return msg(str`Unknown placeholders: ${unknown.join(', ')}. Use only the ones listed above.`);
    return part === 'subject' ? msg('One line of up to 200 characters, or empty for the built-in subject (give a subject, a body or both).') : msg('Up to 5000 characters, or empty for the built-in text.');
  }

  private renderPreview(id: string, title: string, p: api.NotificationPreview | undefined) {
    if (!p) return nothing;
    return html`<section class="preview" data-preview=${id} aria-labelledby=${`${id}-title`}>
      <h4 id=${`${id}-title`}>${title}</h4>
      <p><strong>${msg('Subject:')}</strong> <span data-subject>${p.subject}</span></p>
      <iframe sandbox="" title=${title} srcdoc=${p.html}></iframe>
      <details>
        <summary>${msg('Plain-text version')}</summary>
        <pre data-text>${p.text}</pre>
      </details>
    </section>`;
  }

  override render() {
    if (this.templates.error) return this.renderLoadError(this.templates.error, () => this.templates.reload());
    if (!this.templates.value) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span class="tall"></span></div>`;
    const current = this.current;
    const badSubject = this.partError('subject');
    const badBody = this.partError('body');
    return html`<form part="form panel" novalidate aria-labelledby="templates-title" @submit=${this.save}>
      <h3 id="templates-title">${msg('Wording of the messages')}</h3>
      <div class="grid2">
        <label>${msg('Message')}
          <select name="message" @change=${this.choose}>
            ${NOTIFICATION_TEMPLATE_MESSAGES.map((m) => html`<option value=${m} ?selected=${m === this.message}>${this.messageLabel(m)}</option>`)}
          </select>
        </label>
        <label>${msg('Language')}
          <select name="language" @change=${this.choose}>
            ${NOTIFICATION_LANGUAGES.map((l) => html`<option value=${l} ?selected=${l === this.language}>${this.languageLabel(l)}</option>`)}
          </select>
        </label>
      </div>
      <p class="hint">${current ? msg('This message uses your wording.') : msg('This message uses the built-in wording. Fill in a part to replace it.')}</p>
      <p class="placeholders" data-placeholders>
        ${msg('Placeholders:')} ${NOTIFICATION_PLACEHOLDERS[this.message].map((p) => html`<code>{${p}}</code>`)}
      </p>
      <label>${msg('Subject')}
        <input name="subject" maxlength="200" .value=${current?.subject ?? ''} aria-invalid=${badSubject ? 'true' : nothing} aria-describedby=${badSubject ? 'subject-error' : nothing} />
        ${fieldError('subject', badSubject)}
      </label>
      <label>${msg('Text (a blank line starts a new paragraph; links and codes are added for you)')}
        <textarea name="body" rows="6" maxlength="5000" .value=${current?.body ?? ''} aria-invalid=${badBody ? 'true' : nothing} aria-describedby=${badBody ? 'body-error' : nothing}></textarea>
        ${fieldError('body', badBody)}
      </label>
      ${outcome(this.formError, this.notice)}
      <div class="actions">
        <button part="button" data-variant="secondary" type="button" data-action="preview" ?disabled=${this.busy} @click=${this.preview}>${msg('Preview the draft')}</button>
        <button part="button" type="submit" ?disabled=${this.busy}>${msg('Save wording')}</button>
        ${current ? html`<button part="button" data-variant="secondary" type="button" data-action="reset" ?disabled=${this.busy} @click=${this.reset}>${msg('Reset to the built-in wording')}</button>` : nothing}
      </div>
      ${this.renderPreview('draft', msg('Draft (not saved)'), this.draft)}
      ${this.renderPreview('saved', msg('As customers get it now'), this.saved.value)}
    </form>`;
  }
}
