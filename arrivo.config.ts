// The plugins `npm start`, `npm run migrate` and `npm run worker` install (see docs/plugins.md).
// The demo enables them for Rose City.
import { defineConfig } from '@arrivo/server';
import holidays from '@arrivo/plugin-holidays';
import webhooks from '@arrivo/plugin-webhooks';
import evCharger from '@arrivo/plugin-ev-charger';

export default defineConfig({
  plugins: [
    holidays, // public holidays in Oregon close their day
    // Signed deliveries to the demo's own receiver page, on this machine: private addresses are
    // allowed for the demo only. A production install must leave `allowPrivateNetworks` off.
    [webhooks, { allowPrivateNetworks: true }],
    evCharger, // "EV charger installation", its length from the customer's answers
  ],
});
