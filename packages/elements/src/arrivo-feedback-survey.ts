import { ArrivoFeedbackSurvey } from './components/feedback-survey/feedback-survey';

export { ArrivoFeedbackSurvey };
ArrivoFeedbackSurvey.define('arrivo-feedback-survey');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-feedback-survey': ArrivoFeedbackSurvey;
  }
}
