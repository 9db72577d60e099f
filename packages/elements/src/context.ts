import { createContext } from '@lit/context';
import type { ApiClient } from './api/client';
import type { SessionStore } from './session/session-store';

// Symbol.for keys: two bundles of Arrivo on one page still find each other's providers.
export const apiClientContext = createContext<ApiClient>(Symbol.for('arrivo.api-client'));
export const sessionStoreContext = createContext<SessionStore>(Symbol.for('arrivo.session-store'));
