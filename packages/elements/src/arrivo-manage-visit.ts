import { ArrivoManageVisit } from './components/manage-visit/manage-visit';

export { ArrivoManageVisit };
ArrivoManageVisit.define('arrivo-manage-visit');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-manage-visit': ArrivoManageVisit;
  }
}
