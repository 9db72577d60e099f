import { describe, expect, it } from 'vitest';
import { invitationEmail } from './templates';

describe('invitation email', () => {
  const mail = (timeZone: string) =>
    invitationEmail({
      to: 'pat@example.com',
      firstName: 'Pat',
      business: { name: 'Rose City Plumbing', phone: null },
      code: 'ABCD-EFGH',
      portalUrl: 'https://rosecity.example/book',
      expiresAt: new Date('2026-07-01T22:00:00Z'),
      timeZone,
    });

  it("says when the code expires with the business's zone, in the text and the HTML", () => {
    const la = mail('America/Los_Angeles');
    expect(la.text).toContain('expires on July 1, 2026 at 3:00 PM PDT.');
    expect(la.html).toContain('expires on July 1, 2026 at 3:00 PM PDT.');
    expect(mail('Europe/Berlin').text).toContain('expires on July 2, 2026 at 12:00 AM GMT+2.');
  });
});
