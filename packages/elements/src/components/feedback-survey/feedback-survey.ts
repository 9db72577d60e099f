import { html, nothing, type PropertyValues } from 'lit';
import { msg, str } from '@lit/localize';
import type { Feedback, Survey, SurveyQuestion } from '@arrivo/core';
import { ArrivoElement } from '../../base/arrivo-element';
import { NOTHING } from '../../base/data';
import { ApiError } from '../../api/api-error';
import * as feedback from '../../api/feedback';
import { ArrivoFeedbackSubmittedEvent, ArrivoFollowUpRequestedEvent } from '../../events/feedback';
import { formatWhen } from '../../format';
import { clearFragment, readFragment } from '../../fragment';
import { feedbackMessages } from '../../area-messages/feedback';
import { formStyles } from '../../styles/form.styles';
import { feedbackSurveyStyles } from './feedback-survey.styles';

type Answer = string | number;

/**
 * @tag arrivo-feedback-survey
 * @summary Rate a completed visit: an overall rating of 1 to 5 stars, optionally how likely the
 * customer is to recommend the business (0–10), a comment and the business's own questions. It is
 * sent once; then it thanks the customer, and later shows what was sent. After a low score, when
 * the business offers it, it offers to book a follow-up visit.
 *
 * Give it `booking-id` (a signed-in customer's visit; the session comes from an enclosing
 * `<arrivo-portal>` or the page's shared session) or `token` (the survey link of the Completed
 * message, no sign-in; read from `#arrivo-survey=<token>` in the page's address when neither is set, and then taken out of
 * the address bar).
 * The star ratings are native radio buttons in fieldsets: Tab reaches a group, the arrow keys
 * choose within it, and screen readers announce "3 stars, Good, 3 of 5".
 *
 * @event arrivo-feedback-submitted - `detail: {bookingId, rating}` once the feedback was sent.
 * @event arrivo-follow-up-requested - `detail: {bookingId, offer: {serviceTypeId, assetId}}`: the
 * customer chose "Book a follow-up visit" (the portal opens its booking form prefilled).
 * @event arrivo-error - A failure the element shows; `detail: {code, message}`.
 *
 * @csspart form - The survey form.
 * @csspart visit - The visit being rated (service, product, date, technician).
 * @csspart rating - Each 1–5 star group (the overall rating and rating questions); `star` each
 * star's label (`data-filled` when it is at or below the chosen rating).
 * @csspart recommend - The 0–10 group; `score` each number's label.
 * @csspart question - Each of the business's own questions.
 * @csspart comment - The comment box.
 * @csspart button - Send feedback, Book a follow-up visit, Try again.
 * @csspart thanks - The thank-you / "what you sent" view; `summary` the list of answers.
 * @csspart follow-up - The follow-up offer after a low score.
 * @csspart error - Error messages.
 * @csspart notice - Hints and empty states.
 * @csspart skeleton - Placeholders while loading.
 *
 * @cssproperty --arrivo-star-color - A chosen star (default #f5a623).
 * @cssproperty --arrivo-star-empty-color - A star not chosen.
 * @cssproperty --arrivo-star-size - Size of the stars (default 2rem).
 * @cssproperty --arrivo-accent - Buttons, chosen scores, focus rings.
 * @cssproperty --arrivo-accent-contrast - Text on the accent colour.
 * @cssproperty --arrivo-error-color - Errors.
 * @cssproperty --arrivo-radius - Corner radius.
 * @cssproperty --arrivo-font - Font family.
 */
export class ArrivoFeedbackSurvey extends ArrivoElement {
  static override properties = {
    bookingId: { attribute: 'booking-id', reflect: true },
    token: {},
    timeZone: { attribute: 'time-zone' },
    rating: { state: true },
    recommend: { state: true },
    comment: { state: true },
    answers: { state: true },
    error: { state: true },
    busy: { state: true },
    sent: { state: true },
  };

  static override styles = [formStyles, feedbackSurveyStyles];

  /** The signed-in customer's completed visit to rate. */
  bookingId = '';

  /** A survey link's token (instead of `booking-id`; no sign-in needed). */
  token = '';

  /** Time zone to show the visit's time in; defaults to the business's. */
  timeZone = '';

  // What the person entered: kept through a failed send, dropped for another visit or person.
  private rating?: number;
  private recommend?: number;
  private comment = '';
  private answers: Record<string, Answer> = {};
  private error?: string;
  private busy = false;
  /** The survey as the server answered the send: what was sent, and any follow-up offer. */
  private sent?: Survey;

  private readonly survey = this.data(
    ([bookingId, token], signal) =>
      token ? feedback.linkSurvey(this.connection, token, signal) : bookingId && this.session ? feedback.bookingSurvey(this.connection, bookingId, signal) : Promise.resolve(NOTHING),
    { args: () => [this.bookingId, this.token] as const, signedOut: true, reset: () => this.clear(), onError: (err) => this.report(err, feedbackMessages) },
  );

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.bookingId && !this.token) {
      // Taken out of the address bar once read (the element keeps it), so the address can be shared.
      this.token = readFragment('arrivo-survey') ?? '';
      clearFragment('arrivo-survey');
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if ((changed.has('bookingId') && changed.get('bookingId') !== undefined) || (changed.has('token') && changed.get('token') !== undefined)) this.clear();
  }

  private clear() {
    this.rating = this.recommend = this.error = this.sent = undefined;
    this.comment = '';
    this.answers = {};
  }

  private answer(key: string, value: Answer) {
    this.answers = { ...this.answers, [key]: value };
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const survey = this.survey.value;
    if (!survey || this.busy) return;
    if (!this.rating) return this.invalid(msg('Please choose a rating from 1 to 5 stars.'), 'input[name="rating"]');
    const missing = survey.questions.find((q) => q.required && (this.answers[q.key] === undefined || String(this.answers[q.key]).trim() === ''));
    if (missing) return this.invalid(msg(str`Please answer “${missing.label}”.`), `[name="q-${missing.key}"]`);
    const answers = Object.fromEntries(
      Object.entries(this.answers)
        .map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v] as const)
        .filter(([, v]) => v !== ''),
    );
    const body = {
      rating: this.rating,
      ...(this.recommend !== undefined ? { recommend: this.recommend } : {}),
      ...(this.comment.trim() ? { comment: this.comment.trim() } : {}),
      ...(Object.keys(answers).length ? { answers } : {}),
    };
    this.busy = true;
    this.error = undefined;
    try {
      const token = this.token;
      const result = token ? await feedback.sendLinkFeedback(this.connection, token, body) : await feedback.sendBookingFeedback(this.connection, this.bookingId, body);
      this.sent = result;
      this.emit(new ArrivoFeedbackSubmittedEvent({ bookingId: result.visit.bookingId, rating: this.rating }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#thanks-heading')?.focus();
    } catch (err) {
      this.error = this.report(err, feedbackMessages);
      // Sent before (another tab, a double click that got through): show what was sent.
      if (err instanceof ApiError && err.code === 'feedback_already_sent') void this.survey.reload();
    } finally {
      this.busy = false;
    }
  }

  private async invalid(message: string, focus: string) {
    this.error = message;
    await this.updateComplete;
    const inputs = [...this.renderRoot.querySelectorAll<HTMLInputElement>(focus)];
    (inputs.find((i) => i.checked) ?? inputs[0])?.focus();
  }

  private requestFollowUp(survey: Survey) {
    if (survey.followUp) this.emit(new ArrivoFollowUpRequestedEvent({ bookingId: survey.visit.bookingId, offer: survey.followUp }));
  }

  override render() {
    if (!this.bookingId && !this.token) return html`<p part="notice">${msg('No visit to rate.')}</p>`;
    if (!this.token && !this.session) return html`<p part="notice">${msg('Sign in to rate your visit.')}</p>`;
    if (this.survey.error) return this.renderLoadError(this.survey.error, () => this.survey.reload(), feedbackMessages);
    const survey = this.sent ?? this.survey.value;
    if (!survey)
      return html`<div part="skeleton" role="status" aria-label=${msg('Loading the survey')}><span></span><span class="tall"></span></div>`;
    return survey.submitted ? this.renderSent(survey, survey.submitted) : this.renderForm(survey);
  }

  private renderVisit(survey: Survey) {
    const { visit } = survey;
    return html`<div part="visit">
      <p class="service">${visit.serviceTypeName}${visit.assetName ? html`<span class="asset">${` · ${visit.assetName}`}</span>` : nothing}</p>
      <p class="when">${formatWhen(visit.arrivalAt, this.timeZone || visit.timeZone)}</p>
      ${visit.technicianName ? html`<p>${msg(str`Technician: ${visit.technicianName}`)}</p>` : nothing}
      <p class="hint">${msg(str`Work order #${visit.workOrderNumber}`)}</p>
    </div>`;
  }

  private ratingWords(): string[] {
    return [msg('Very poor'), msg('Poor'), msg('Good'), msg('Very good'), msg('Excellent')];
  }

  /** A 1–5 star group of native radios: `name` groups them, so the arrow keys move within it. */
  private renderStars(name: string, legend: string, value: number | undefined, choose: (n: number) => void, required: boolean) {
    const words = this.ratingWords();
    return html`<fieldset part="rating" class="stars" role="radiogroup" aria-required=${required ? 'true' : nothing}>
      <legend>${legend}${this.marker(required)}</legend>
      <div class="scale">
        ${[1, 2, 3, 4, 5].map(
          (n) => html`<input type="radio" class="visually-hidden" id="${name}-${n}" name=${name} value=${n} .checked=${value === n}
              @change=${() => choose(n)} /><label part="star" for="${name}-${n}" ?data-filled=${value !== undefined && n <= value}
              title=${words[n - 1]!}><span aria-hidden="true">★</span><span class="visually-hidden">${n === 1 ? msg('1 star') : msg(str`${n} stars`)}, ${words[n - 1]}</span></label>`,
        )}
        <span class="word" aria-hidden="true">${value ? words[value - 1] : ''}</span>
      </div>
    </fieldset>`;
  }

  /** "(required)" or "(optional)" after a question. */
  private marker(required: boolean) {
    return html`<span class="marker">${required ? msg('(required)') : msg('(optional)')}</span>`;
  }

  private renderRecommend() {
    return html`<fieldset part="recommend" class="recommend" role="radiogroup" aria-describedby="recommend-hint">
      <legend>${msg('How likely are you to recommend us to a friend?')}${this.marker(false)}</legend>
      <div class="scale">
        ${Array.from({ length: 11 }, (_, n) => html`<input type="radio" class="visually-hidden" id="recommend-${n}" name="recommend" value=${n}
            .checked=${this.recommend === n} @change=${() => (this.recommend = n)} /><label part="score" for="recommend-${n}">${n}</label>`)}
      </div>
      <p class="hint ends" id="recommend-hint"><span>${msg('0: not at all likely')}</span><span>${msg('10: extremely likely')}</span></p>
    </fieldset>`;
  }

  private renderQuestion(q: SurveyQuestion) {
    const name = `q-${q.key}`;
    const value = this.answers[q.key];
    const marker = this.marker(q.required);
    if (q.kind === 'rating')
      return html`<div part="question">${this.renderStars(name, q.label, typeof value === 'number' ? value : undefined, (n) => this.answer(q.key, n), q.required)}</div>`;
    if (q.kind === 'choice')
      return html`<fieldset part="question" class="choice" role="radiogroup" aria-required=${q.required ? 'true' : nothing}>
        <legend>${q.label}${marker}</legend>
        ${(q.options ?? []).map(
          (option, i) => html`<label class="check"><input type="radio" name=${name} id="${name}-${i}" value=${option} .checked=${value === option}
              @change=${() => this.answer(q.key, option)} />${option}</label>`,
        )}
      </fieldset>`;
    return html`<div part="question" class="field">
      <label for=${name}><span>${q.label}${marker}</span></label>
      <textarea id=${name} name=${name} rows="2" maxlength="1000" ?required=${q.required} .value=${typeof value === 'string' ? value : ''}
        @input=${(e: InputEvent) => this.answer(q.key, (e.target as HTMLTextAreaElement).value)}></textarea>
    </div>`;
  }

  private renderForm(survey: Survey) {
    return html`<form part="form" @submit=${this.submit} novalidate aria-labelledby="survey-heading">
      <h2 id="survey-heading">${msg(str`How did ${survey.business.name} do?`)}</h2>
      ${this.renderVisit(survey)}
      ${this.renderStars('rating', msg('Your overall rating'), this.rating, (n) => {
        this.rating = n;
        this.error = undefined;
      }, true)}
      ${this.renderRecommend()} ${survey.questions.map((q) => this.renderQuestion(q))}
      <div class="field">
        <label for="comment"><span>${msg('Anything else you would like to tell us?')}${this.marker(false)}</span></label>
        <textarea part="comment" id="comment" name="comment" rows="3" maxlength="2000" .value=${this.comment}
          @input=${(e: InputEvent) => (this.comment = (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      ${this.error ? html`<p part="error" role="alert">${this.error}</p>` : nothing}
      <div class="actions">
        <button part="button" type="submit" ?disabled=${this.busy}>${this.busy ? msg('Sending…') : msg('Send feedback')}</button>
      </div>
    </form>`;
  }

  private renderSent(survey: Survey, sent: Feedback) {
    const words = this.ratingWords();
    const justSent = this.sent === survey;
    const answered = survey.questions.filter((q) => sent.answers[q.key] !== undefined);
    return html`<section part="thanks" aria-labelledby="thanks-heading">
      <h2 id="thanks-heading" tabindex="-1">${justSent ? msg('Thank you for your feedback!') : msg('You already rated this visit')}</h2>
      ${justSent ? html`<p role="status">${msg(str`${survey.business.name} has received it.`)}</p>` : nothing}
      ${this.renderVisit(survey)}
      <dl part="summary">
        <dt>${msg('Your rating')}</dt>
        <dd><span class="stars-shown" aria-hidden="true">${'★'.repeat(sent.rating)}${'☆'.repeat(5 - sent.rating)}</span>
          ${sent.rating === 1 ? msg('1 star') : msg(str`${sent.rating} stars`)}, ${words[sent.rating - 1]}</dd>
        ${sent.recommend !== null ? html`<dt>${msg('Would recommend us')}</dt><dd>${msg(str`${sent.recommend} of 10`)}</dd>` : nothing}
        ${answered.map((q) => html`<dt>${q.label}</dt><dd>${q.kind === 'rating' ? msg(str`${sent.answers[q.key]} of 5`) : sent.answers[q.key]}</dd>`)}
        ${sent.comment ? html`<dt>${msg('Your comment')}</dt><dd class="comment">${sent.comment}</dd>` : nothing}
      </dl>
      ${survey.followUp
        ? html`<div part="follow-up">
            <p>${msg('We are sorry the visit did not go well. We would like to come back and put it right.')}</p>
            <button part="button" type="button" @click=${() => this.requestFollowUp(survey)}>${msg('Book a follow-up visit')}</button>
          </div>`
        : nothing}
    </section>`;
  }
}
