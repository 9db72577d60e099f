// The language a customer's request is in: the elements send their locale as Accept-Language (a
// browser without them sends its own). Plugins write veto reasons in it (`ctx.locale`).

const TAG = /^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$/;

/** The most preferred language tag of an Accept-Language header (`es-MX,es;q=0.9` → `es-MX`); `en` for none, `*` or nonsense. */
export function requestLocale(header: string | undefined): string {
  let best = 'en';
  let bestQ = 0;
  for (const part of (header ?? '').split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (TAG.test(tag) && weight > bestQ) [best, bestQ] = [tag, weight];
  }
  return best;
}
