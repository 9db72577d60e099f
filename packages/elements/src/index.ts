export { ArrivoElement } from './base/arrivo-element';
export { ApiClient, type ApiClientOptions } from './api/client';
export { ApiError, type ClientErrorCode } from './api/api-error';
export { apiClientContext } from './context';
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
} from './events';
export { SessionStore } from './session/session-store';
export { setArrivoLocale } from './localization';
export { VERSION } from './version';
