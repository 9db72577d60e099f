import { createContext } from '@lit/context';
import type { Connection } from './api/http';
import type { SessionStore } from './session/session-store';

// Symbol.for keys: two bundles of Arrivo on one page still find each other's providers.
export const connectionContext = createContext<Connection>(Symbol.for('arrivo.api-connection'));
export const sessionStoreContext = createContext<SessionStore>(Symbol.for('arrivo.session-store'));
