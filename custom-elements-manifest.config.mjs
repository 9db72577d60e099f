// `npm run manifest`: the elements' public API (from their JSDoc) as packages/elements/custom-elements.json.

/**
 * The analyzer reads every entry of Lit's `static properties` as an attribute, also internal
 * state (`{ state: true }`). Those fields are all private, and no private field is an attribute.
 */
const noPrivateAttributes = {
  name: 'arrivo-no-private-attributes',
  packageLinkPhase({ customElementsManifest }) {
    for (const mod of customElementsManifest.modules) {
      for (const d of mod.declarations ?? []) {
        if (!d.attributes) continue;
        const isPrivate = (field) => d.members?.some((m) => m.name === field && m.privacy === 'private');
        d.attributes = d.attributes.filter((a) => !isPrivate(a.fieldName));
        for (const m of d.members ?? []) if (m.privacy === 'private') delete m.attribute;
      }
    }
  },
};

export default {
  globs: ['packages/elements/src/base/*.ts', 'packages/elements/src/components/**/*.ts', 'packages/elements/src/arrivo-*.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts'],
  outdir: 'packages/elements',
  litelement: true,
  dependencies: false,
  plugins: [noPrivateAttributes],
};
