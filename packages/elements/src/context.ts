import { createContext } from '@lit/context';
import type { ApiClient } from './api/client';

// Symbol.for keys: two bundles of Arrivo on one page still find each other's providers.
export const apiClientContext = createContext<ApiClient>(Symbol.for('arrivo.api-client'));
