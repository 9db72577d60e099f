// The alert staff get when a customer rates a visit at or below the business's low-score
// threshold. Written for the business's own people, in English; HTML through hono/html's `html`
// tag, which escapes every interpolated value (a comment can never inject markup).
import { html } from 'hono/html';
import type { MailMessage } from './mailer';

export interface LowScoreFacts {
  to: string;
  businessName: string;
  rating: number;
  threshold: number;
  recommend: number | null;
  comment: string | null;
  workOrderNumber: string;
  accountName: string;
  contactName: string | null;
  technicianName: string;
  serviceTypeName: string;
  arrivalAt: string;
  timeZone: string;
}

export function lowScoreAlert(f: LowScoreFacts): MailMessage {
  const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'short', timeZone: f.timeZone }).format(new Date(f.arrivalAt));
  const subject = `Low score (${f.rating}/5) for WO-${f.workOrderNumber} · ${f.technicianName}`;
  const lead = `A customer rated a visit ${f.rating} out of 5 (your threshold for a low score is ${f.threshold}). Consider reaching out.`;
  const rows: [string, string][] = [
    ['Work order', `WO-${f.workOrderNumber}`],
    ['Customer', f.contactName ? `${f.contactName} (${f.accountName})` : f.accountName],
    ['Service', f.serviceTypeName],
    ['Technician', f.technicianName],
    ['Visit', `${when} (${f.timeZone})`],
    ['Rating', `${f.rating}/5`],
    ...(f.recommend === null ? [] : [['Would recommend', `${f.recommend}/10`] as [string, string]]),
    ...(f.comment ? [['Comment', f.comment] as [string, string]] : []),
  ];
  const text = [lead, '', ...rows.map(([k, v]) => `${k}: ${v}`), '', f.businessName].join('\n');
  const body = html`<!doctype html>
    <html lang="en">
      <head><meta charset="utf-8" /><title>${subject}</title></head>
      <body style="font-family:sans-serif;line-height:1.5">
        <p>${lead}</p>
        <table role="presentation">
          ${rows.map(([k, v]) => html`<tr><th scope="row" style="text-align:start;padding-inline-end:12px">${k}</th><td>${v}</td></tr>`)}
        </table>
        <p style="color:#666">${f.businessName}</p>
      </body>
    </html>`;
  return { to: f.to, subject, text, html: String(body) };
}
