/**
 * For a `<details>` holding a console map (`<arrivo-admin-map-pick fill-form>` beside a form's lat
 * and lon fields, the live map on the board): its chunk loads when first opened, not before. If it
 * cannot load, the typed fields are still there.
 */
export const loadMaps = (e: Event) => void ((e.target as HTMLDetailsElement).open && import('./map/define').catch(() => undefined));
