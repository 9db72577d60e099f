import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { SurveyQuestionKind } from '@arrivo/core';
import { ArrivoElement } from '../../../base/arrivo-element';
import { ApiError } from '../../../api/api-error';
import * as api from '../../../api/admin-settings';
import { fieldError, invalidFields, outcome } from '../setup/shared';
import { settingsStyles } from './settings.styles';

const KINDS = ['rating', 'choice', 'text'] as const satisfies readonly SurveyQuestionKind[];

/** A question as edited: options one a line until saved. */
interface Draft {
  key: string;
  label: string;
  kind: SurveyQuestionKind;
  required: boolean;
  options: string;
}

const draftOf = (q: api.SurveyQuestion): Draft => ({ key: q.key, label: q.label, kind: q.kind, required: q.required, options: (q.options ?? []).join('\n') });

/**
 * The survey (admins): whether customers are asked to rate completed visits, how long the link
 * lasts, the low-score alert, the extra questions (added, removed, reordered; text, choice or
 * rating) and when technicians' ratings are shown. A refused value says so beside its field.
 * @tag arrivo-admin-survey-settings
 */
@localized()
export class ArrivoAdminSurveySettings extends ArrivoElement {
  static override styles = settingsStyles;

  @state() private questions: Draft[] = [];
  @state() private notice?: string;
  @state() private formError?: string;
  @state() private invalid = new Set<string>();
  /** Refused question fields, as `<index>.<field>`. */
  @state() private questionIssues = new Set<string>();
  @state() private busy = false;

  private readonly settings = this.data(
    async (_, signal) => {
      const loaded = await Promise.all([api.surveySettings(this.connection, signal), api.schedulingSettings(this.connection, signal)]);
      this.questions = loaded[0].questions.map(draftOf);
      return loaded;
    },
    { onError: (err) => this.report(err) },
  );

  private kindLabel(kind: SurveyQuestionKind) {
    return { rating: msg('Rating (1 to 5)'), choice: msg('Choice'), text: msg('Text') }[kind];
  }

  private edit(i: number, change: Partial<Draft>) {
    this.questions = this.questions.map((q, j) => (j === i ? { ...q, ...change } : q));
  }

  private add() {
    this.questions = [...this.questions, { key: '', label: '', kind: 'rating', required: false, options: '' }];
  }

  private removeQuestion(i: number) {
    this.questions = this.questions.filter((_, j) => j !== i);
    this.questionIssues = new Set();
  }

  private move(i: number, by: -1 | 1) {
    const list = [...this.questions];
    [list[i], list[i + by]] = [list[i + by]!, list[i]!];
    this.questions = list;
    this.questionIssues = new Set();
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const number = (key: string) => {
      const v = String(data.get(key) ?? '').trim();
      return (v === '' ? null : Number(v)) as number;
    };
    const questions = this.questions.map((q) => ({
      key: q.key.trim(),
      label: q.label,
      kind: q.kind,
      required: q.required,
      ...(q.kind === 'choice' ? { options: q.options.split('\n').map((o) => o.trim()).filter(Boolean) } : {}),
    }));
    this.busy = true;
    this.notice = this.formError = undefined;
    try {
      await api.updateSchedulingSettings(this.connection, { surveyEnabled: data.get('surveyEnabled') === 'on' });
      await api.updateSurveySettings(this.connection, {
        linkTtlDays: number('linkTtlDays'),
        lowScoreThreshold: number('lowScoreThreshold'),
        alertEmail: String(data.get('alertEmail') ?? '').trim() || null,
        offerFollowUp: data.get('offerFollowUp') === 'on',
        showTechnicianRating: data.get('showTechnicianRating') === 'on',
        technicianRatingMinimum: number('technicianRatingMinimum'),
        technicianRatingMinCount: number('technicianRatingMinCount'),
        questions,
      });
      this.invalid = new Set();
      this.questionIssues = new Set();
      await this.settings.reload();
      this.notice = msg('Survey settings saved.');
    } catch (err) {
      this.invalid = invalidFields(err);
      this.questionIssues = new Set(
        err instanceof ApiError ? (err.issues ?? []).filter((i) => i.path[1] === 'questions' && typeof i.path[2] === 'number').map((i) => `${i.path[2]}.${i.path[3] ?? 'key'}`) : [],
      );
      this.formError = this.report(err);
    } finally {
      this.busy = false;
    }
  }

  private numberField(key: string, label: string, value: number, min: number, max: number, error: string, step = 1) {
    const bad = this.invalid.has(key);
    return html`<label>${label}
      <input name=${key} type="number" inputmode="decimal" min=${min} max=${max} step=${step} .value=${String(value)}
        aria-invalid=${bad ? 'true' : nothing} aria-describedby=${bad ? `${key}-error` : nothing} />
      ${fieldError(key, bad ? error : undefined)}
    </label>`;
  }

  private renderQuestion(q: Draft, i: number, count: number) {
    const bad = (field: string) => this.questionIssues.has(`${i}.${field}`);
    const id = (field: string) => `q${i}-${field}`;
    return html`<fieldset data-question=${i}>
      <legend>${msg(str`Question ${i + 1}`)}</legend>
      <div class="grid2">
        <label>${msg('Question')}
          <input name=${id('label')} maxlength="200" .value=${q.label} @input=${(e: Event) => this.edit(i, { label: (e.target as HTMLInputElement).value })}
            aria-invalid=${bad('label') ? 'true' : nothing} aria-describedby=${bad('label') ? `${id('label')}-error` : nothing} />
          ${fieldError(id('label'), bad('label') ? msg('Write the question (up to 200 characters).') : undefined)}
        </label>
        <label>${msg('Key (in the CSV export)')}
          <input name=${id('key')} maxlength="40" .value=${q.key} @input=${(e: Event) => this.edit(i, { key: (e.target as HTMLInputElement).value })}
            aria-invalid=${bad('key') ? 'true' : nothing} aria-describedby=${bad('key') ? `${id('key')}-error` : nothing} />
          ${fieldError(id('key'), bad('key') ? msg('Lowercase letters, digits and underscores, starting with a letter; each question its own.') : undefined)}
        </label>
        <label>${msg('Answered with')}
          <select name=${id('kind')} @change=${(e: Event) => this.edit(i, { kind: (e.target as HTMLSelectElement).value as SurveyQuestionKind })}>
            ${KINDS.map((k) => html`<option value=${k} ?selected=${k === q.kind}>${this.kindLabel(k)}</option>`)}
          </select>
        </label>
        <label class="check"><input type="checkbox" name=${id('required')} .checked=${q.required} @change=${(e: Event) => this.edit(i, { required: (e.target as HTMLInputElement).checked })} />${msg('An answer is required')}</label>
      </div>
      ${q.kind === 'choice'
        ? html`<label>${msg('Options (one a line, 2 to 10)')}
            <textarea name=${id('options')} rows="3" .value=${q.options} @input=${(e: Event) => this.edit(i, { options: (e.target as HTMLTextAreaElement).value })}
              aria-invalid=${bad('options') ? 'true' : nothing} aria-describedby=${bad('options') ? `${id('options')}-error` : nothing}></textarea>
            ${fieldError(id('options'), bad('options') ? msg('Give 2 to 10 different options, one a line.') : undefined)}
          </label>`
        : nothing}
      <div class="actions">
        <button part="button" data-variant="secondary" data-size="small" type="button" data-action="up" ?disabled=${i === 0} @click=${() => this.move(i, -1)}>${msg(str`Move question ${i + 1} up`)}</button>
        <button part="button" data-variant="secondary" data-size="small" type="button" data-action="down" ?disabled=${i === count - 1} @click=${() => this.move(i, 1)}>${msg(str`Move question ${i + 1} down`)}</button>
        <button part="button" data-variant="secondary" data-size="small" type="button" data-action="remove" @click=${() => this.removeQuestion(i)}>${msg(str`Remove question ${i + 1}`)}</button>
      </div>
    </fieldset>`;
  }

  override render() {
    if (this.settings.error) return this.renderLoadError(this.settings.error, () => this.settings.reload());
    const loaded = this.settings.value;
    if (!loaded) return html`<div part="skeleton" role="status" aria-label=${msg('Loading')}><span class="tall"></span></div>`;
    const [s, scheduling] = loaded;
    const badEmail = this.invalid.has('alertEmail');
    const badQuestions = this.invalid.has('questions') && this.questionIssues.size === 0;
    return html`<form part="form panel" novalidate aria-labelledby="survey-title" @submit=${this.save}>
      <h3 id="survey-title">${msg('Survey after a visit')}</h3>
      <label class="check"><input type="checkbox" name="surveyEnabled" .checked=${scheduling.surveyEnabled} />${msg('Ask customers to rate completed visits')}</label>
      <div class="grid2">
        ${this.numberField('linkTtlDays', msg('The survey link works for (days)'), s.linkTtlDays, 1, 90, msg('Enter a whole number of days from 1 to 90.'))}
        ${this.numberField('lowScoreThreshold', msg('A low score is a rating of at most'), s.lowScoreThreshold, 1, 4, msg('Enter a whole number from 1 to 4.'))}
        <label>${msg('Send low-score alerts to (empty: every administrator)')}
          <input name="alertEmail" type="email" maxlength="320" .value=${s.alertEmail ?? ''} aria-invalid=${badEmail ? 'true' : nothing} aria-describedby=${badEmail ? 'alertEmail-error' : nothing} />
          ${fieldError('alertEmail', badEmail ? msg('Enter an email address, or leave it empty.') : undefined)}
        </label>
      </div>
      <label class="check"><input type="checkbox" name="offerFollowUp" .checked=${s.offerFollowUp} />${msg('After a low score, offer the customer a follow-up visit')}</label>
      <fieldset class="plain">
        <legend>${msg('Technician ratings on the technician card')}</legend>
        <label class="check"><input type="checkbox" name="showTechnicianRating" .checked=${s.showTechnicianRating} />${msg('Show a technician’s average rating')}</label>
        <div class="grid2">
          ${this.numberField('technicianRatingMinimum', msg('Only when it is at least'), s.technicianRatingMinimum, 1, 5, msg('Enter a number from 1 to 5.'), 0.1)}
          ${this.numberField('technicianRatingMinCount', msg('Over at least this many ratings'), s.technicianRatingMinCount, 1, 1000, msg('Enter a whole number from 1 to 1000.'))}
        </div>
      </fieldset>
      <fieldset class="plain">
        <legend>${msg('Extra questions, asked after the rating')}</legend>
        ${this.questions.length ? nothing : html`<p class="hint">${msg('No extra questions.')}</p>`}
        <div class="stack">${this.questions.map((q, i) => this.renderQuestion(q, i, this.questions.length))}</div>
        ${fieldError('questions', badQuestions ? msg('Up to 10 questions, each with its own key.') : undefined)}
        <div class="actions">
          <button part="button" data-variant="secondary" type="button" data-action="add-question" ?disabled=${this.questions.length >= 10} @click=${this.add}>${msg('Add a question')}</button>
        </div>
      </fieldset>
      ${outcome(this.formError, this.notice)}
      <div class="actions"><button part="button" type="submit" ?disabled=${this.busy}>${msg('Save survey settings')}</button></div>
    </form>`;
  }
}
