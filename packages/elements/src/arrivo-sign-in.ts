import { ArrivoSignIn } from './components/sign-in/sign-in';

export { ArrivoSignIn };
ArrivoSignIn.define('arrivo-sign-in');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-sign-in': ArrivoSignIn;
  }
}
