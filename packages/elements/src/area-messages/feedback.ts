import { msg } from '@lit/localize';
import type { Messages } from '../messages';

/** Error messages of one area: the feedback survey (<arrivo-feedback-survey>). */
export const feedbackMessages = (): Messages => ({
  survey_not_available: msg('Feedback can be sent only for completed visits, when the business asks for it.'),
  feedback_already_sent: msg('Your feedback on this visit was already sent. Thank you!'),
  survey_link_invalid: msg('This feedback link no longer works: it may have been used already, or it has expired.'),
});
