export { ArrivoElement } from './base/arrivo-element';
export { ApiController, SessionController, type ConnectedHost } from './base/controllers';
export { connect, IDEMPOTENT, type Connection, type ConnectionOptions } from './api/http';
export * as publicApi from './api/public';
export * as sessionApi from './api/session';
export * as profileApi from './api/profile';
export * as schedulingApi from './api/scheduling';
export * as technicianApi from './api/technician';
export { ApiError, type ClientErrorCode } from './api/api-error';
export { connectionContext, sessionStoreContext } from './context';
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
} from './events/index';
export { SessionStore } from './session/session-store';
export { setArrivoLocale } from './localization';
export { VERSION } from './version';
