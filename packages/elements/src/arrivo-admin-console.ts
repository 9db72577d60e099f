import { ArrivoAdminConsole } from './components/admin-console/admin-console';
import { ArrivoAdminBoard } from './components/admin-console/admin-board';
import { ArrivoAdminAccounts } from './components/admin-console/admin-accounts';

export { ArrivoAdminConsole, ArrivoAdminBoard, ArrivoAdminAccounts };
// The console's screens first: the console renders them.
ArrivoAdminBoard.define('arrivo-admin-board');
ArrivoAdminAccounts.define('arrivo-admin-accounts');
ArrivoAdminConsole.define('arrivo-admin-console');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-admin-console': ArrivoAdminConsole;
    'arrivo-admin-board': ArrivoAdminBoard;
    'arrivo-admin-accounts': ArrivoAdminAccounts;
  }
}
