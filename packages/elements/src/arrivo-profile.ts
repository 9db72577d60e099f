import { ArrivoProfile } from './components/profile/profile';

export { ArrivoProfile };
ArrivoProfile.define('arrivo-profile');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-profile': ArrivoProfile;
  }
}
