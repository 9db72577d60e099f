// `npm run manifest`: the elements' public API (from their JSDoc) as packages/elements/custom-elements.json.
export default {
  globs: ['packages/elements/src/base/*.ts', 'packages/elements/src/components/**/*.ts', 'packages/elements/src/arrivo-*.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts'],
  outdir: 'packages/elements',
  litelement: true,
  dependencies: false,
};
