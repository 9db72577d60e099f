// The plugins `npm start`, `npm run migrate` and `npm run worker` install (see docs/plugins.md).
// The demo enables them for Rose City (demo/seed.ts, DEMO_PLUGINS).
import { defineConfig } from '@arrivo/server';
import holidays from '@arrivo/plugin-holidays';

export default defineConfig({
  plugins: [
    holidays, // public holidays in Oregon close their day
  ],
});
