import { defineConfig } from 'vitest/config';

// Node-side tests (core, sdk, server, demo). Element tests run in Chromium through web-test-runner.
export default defineConfig({
  test: {
    include: ['packages/{core,sdk,server}/{src,test}/**/*.test.ts', 'packages/plugin-*/{src,test}/**/*.test.ts', 'demo/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['packages/server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
