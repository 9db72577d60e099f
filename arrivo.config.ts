// The plugins `npm start` installs (see docs/plugins.md). The demo enables them for Rose City.
import { defineConfig } from '@arrivo/server';
import webhooks from '@arrivo/plugin-webhooks';

export default defineConfig({
  plugins: [webhooks],
});
