export { ArrivoElement } from './base/arrivo-element';
export { ApiClient, type ApiClientOptions } from './api/client';
export { ApiError, type ClientErrorCode } from './api/api-error';
export { apiClientContext } from './context';
export { ArrivoEvent, ArrivoErrorEvent } from './events';
export { VERSION } from './version';
