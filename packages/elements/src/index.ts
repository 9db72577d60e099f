// The package's public API besides the elements themselves (`@arrivo/elements/arrivo-*.js`): the
// event classes with their typed `detail`, the page-wide language switch, the version, and the
// codes an `arrivo-error` may carry. Everything else (base class, controllers, the connection and
// API modules, the session store) is internal and may change in any release.
export {
  ArrivoEvent,
  ArrivoErrorEvent,
  ArrivoSignedInEvent,
  ArrivoSignedOutEvent,
  ArrivoProfileSavedEvent,
  ArrivoBookedEvent,
  ArrivoRescheduledEvent,
  ArrivoCanceledEvent,
  ArrivoViewLiveMapEvent,
  ArrivoVisitStatusChangedEvent,
  ArrivoLocationSharingChangedEvent,
  ArrivoFeedbackSubmittedEvent,
  ArrivoFollowUpRequestedEvent,
  ArrivoFeedbackRequestedEvent,
} from './events/index';
export type { ClientErrorCode } from './api/api-error';
export { setArrivoLocale } from './localization';
export { VERSION } from './version';
