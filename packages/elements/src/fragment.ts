// Hand-offs that arrive in the page's URL fragment (never sent to any server): an invitation code
// from the email link, a password reset token, an external sign-in code or error, a tracking
// link's token for <arrivo-live-map>, a survey link's token for <arrivo-feedback-survey>, a manage
// link's token for <arrivo-manage-visit>.
export type FragmentKey = 'arrivo-redeem' | 'arrivo-reset' | 'arrivo-auth' | 'arrivo-error' | 'arrivo-track' | 'arrivo-survey' | 'arrivo-manage';

export function readFragment(key: FragmentKey): string | undefined {
  const params = new URLSearchParams(window.location.hash.slice(1));
  return params.get(key) ?? undefined;
}

/** Remove our key from the address bar once used, so a reload or a shared link does not replay it. */
export function clearFragment(key: FragmentKey): void {
  const params = new URLSearchParams(window.location.hash.slice(1));
  if (!params.has(key)) return;
  params.delete(key);
  const rest = params.toString();
  history.replaceState(history.state, '', `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`);
}
