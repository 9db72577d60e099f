// The messages a visit sends its customer (confirmation, reminder, rescheduled, canceled, on the way,
// arriving, completed), in
// English, Spanish and Arabic (right-to-left HTML). HTML goes through hono/html's `html` tag, which
// escapes every interpolated value: a business name or a cancel reason can never inject markup.
import { NOTIFICATION_LANGUAGES, type NotificationLanguage, type NotificationMessage } from '@arrivo/core';
import { createEvent } from 'ics';
import { html, raw } from 'hono/html';
import { brandButton, brandHeader, introHtml, introText, worded } from './layout';
import type { BusinessBrand } from './templates';
import type { MailMessage } from './mailer';

export type BookingMessageKind = NotificationMessage;

export type MessageLanguage = NotificationLanguage;
const MESSAGE_LANGUAGES = NOTIFICATION_LANGUAGES;

/** The contact's language if we write in it, else English ("es-MX" → "es"). */
export function messageLanguage(preferred: string | null | undefined): MessageLanguage {
  const base = (preferred ?? '').toLowerCase().split('-')[0] as MessageLanguage;
  return MESSAGE_LANGUAGES.includes(base) ? base : 'en';
}

export interface VisitFacts {
  bookingId: string;
  to: string;
  firstName: string;
  business: BusinessBrand;
  serviceName: string;
  workOrderNumber: string;
  address: string;
  technicianName: string;
  arrivalAt: Date;
  /** End of the promised arrival window, when the business promises one. */
  windowEndsAt: Date | null;
  endsAt: Date;
  timeZone: string;
  language: MessageLanguage;
  /** Where the customer manages visits (the business's portal). */
  portalUrl: string;
  /** Organizer address of the calendar entry (the sender). */
  organizerEmail: string;
}

type Words = {
  locale: string;
  greeting: (name: string) => string;
  subject: Record<BookingMessageKind, (business: string) => string>;
  lead: Record<BookingMessageKind, (business: string) => string>;
  service: string;
  when: string;
  where: string;
  technician: string;
  reason: string;
  eta: string;
  /** How the expected arrival was found: from when the technician set off, or the booked time. */
  etaBasis: { departure: (minutes: number) => string; booked: string };
  track: string;
  survey: string;
  manage: string;
  calendar: string;
  questions: (business: string, phone: string) => string;
  between: (a: string, b: string) => string;
};

const WORDS: Record<MessageLanguage, Words> = {
  en: {
    locale: 'en-US',
    greeting: (n) => `Hi ${n},`,
    subject: {
      confirmation: (b) => `Your visit with ${b} is booked`,
      reminder: (b) => `Reminder: your visit with ${b}`,
      rescheduled: (b) => `Your visit with ${b} has a new time`,
      canceled: (b) => `Your visit with ${b} is canceled`,
      on_the_way: (b) => `Your ${b} technician is on the way`,
      arriving: (b) => `Your ${b} technician is arriving`,
      completed: (b) => `Thank you for choosing ${b}`,
    },
    lead: {
      confirmation: (b) => `Thank you for booking with ${b}. Your visit is confirmed.`,
      reminder: (b) => `A reminder of your upcoming visit with ${b}.`,
      rescheduled: (b) => `Your visit with ${b} has been moved to a new time.`,
      canceled: (b) => `Your visit with ${b} has been canceled.`,
      on_the_way: () => `Your technician is on the way.`,
      arriving: () => `Your technician is arriving now.`,
      completed: (b) => `Your visit is complete. Thank you for choosing ${b}!`,
    },
    service: 'Service',
    when: 'Arrival',
    where: 'Address',
    technician: 'Technician',
    reason: 'Reason',
    eta: 'Expected arrival',
    etaBasis: { departure: (m) => `estimated when your technician set off, with ${m} min of travel`, booked: 'your booked arrival time' },
    track: 'Follow your technician on the map',
    survey: 'How did we do? Rate your visit',
    manage: 'Manage your visit',
    calendar: 'The attached calendar file adds the visit to your calendar.',
    questions: (b, p) => `Questions? Call ${b} at ${p}.`,
    between: (a, b) => `between ${a} and ${b}`,
  },
  es: {
    locale: 'es',
    greeting: (n) => `Hola, ${n}:`,
    subject: {
      confirmation: (b) => `Su visita con ${b} está reservada`,
      reminder: (b) => `Recordatorio: su visita con ${b}`,
      rescheduled: (b) => `Su visita con ${b} tiene una nueva hora`,
      canceled: (b) => `Su visita con ${b} está cancelada`,
      on_the_way: (b) => `Su técnico de ${b} está en camino`,
      arriving: (b) => `Su técnico de ${b} está llegando`,
      completed: (b) => `Gracias por elegir ${b}`,
    },
    lead: {
      confirmation: (b) => `Gracias por reservar con ${b}. Su visita está confirmada.`,
      reminder: (b) => `Le recordamos su próxima visita con ${b}.`,
      rescheduled: (b) => `Su visita con ${b} se ha cambiado a una nueva hora.`,
      canceled: (b) => `Su visita con ${b} se ha cancelado.`,
      on_the_way: () => `Su técnico está en camino.`,
      arriving: () => `Su técnico está llegando.`,
      completed: (b) => `Su visita ha terminado. ¡Gracias por elegir ${b}!`,
    },
    service: 'Servicio',
    when: 'Llegada',
    where: 'Dirección',
    technician: 'Técnico',
    reason: 'Motivo',
    eta: 'Llegada prevista',
    etaBasis: { departure: (m) => `estimada cuando su técnico salió, con ${m} min de trayecto`, booked: 'la hora de llegada reservada' },
    track: 'Siga a su técnico en el mapa',
    survey: '¿Qué tal lo hicimos? Valore su visita',
    manage: 'Gestionar su visita',
    calendar: 'El archivo de calendario adjunto añade la visita a su calendario.',
    questions: (b, p) => `¿Preguntas? Llame a ${b} al ${p}.`,
    between: (a, b) => `entre ${a} y ${b}`,
  },
  ar: {
    locale: 'ar',
    greeting: (n) => `مرحبًا ${n}،`,
    subject: {
      confirmation: (b) => `تم حجز زيارتك مع ${b}`,
      reminder: (b) => `تذكير: زيارتك مع ${b}`,
      rescheduled: (b) => `موعد جديد لزيارتك مع ${b}`,
      canceled: (b) => `تم إلغاء زيارتك مع ${b}`,
      on_the_way: (b) => `فنّي ${b} في الطريق إليك`,
      arriving: (b) => `فنّي ${b} يصل الآن`,
      completed: (b) => `شكرًا لاختيارك ${b}`,
    },
    lead: {
      confirmation: (b) => `شكرًا لحجزك مع ${b}. تم تأكيد زيارتك.`,
      reminder: (b) => `نذكّرك بزيارتك القادمة مع ${b}.`,
      rescheduled: (b) => `تم نقل زيارتك مع ${b} إلى موعد جديد.`,
      canceled: (b) => `تم إلغاء زيارتك مع ${b}.`,
      on_the_way: () => `الفنّي في الطريق إليك.`,
      arriving: () => `الفنّي يصل إليك الآن.`,
      completed: (b) => `اكتملت زيارتك. شكرًا لاختيارك ${b}!`,
    },
    service: 'الخدمة',
    when: 'الوصول',
    where: 'العنوان',
    technician: 'الفنّي',
    reason: 'السبب',
    eta: 'الوصول المتوقع',
    etaBasis: { departure: (m) => `مقدّر عند انطلاق الفنّي، مع ${m} دقيقة من الطريق`, booked: 'موعد الوصول المحجوز' },
    track: 'تابع الفنّي على الخريطة',
    survey: 'كيف كانت خدمتنا؟ قيّم زيارتك',
    manage: 'إدارة زيارتك',
    calendar: 'ملف التقويم المرفق يضيف الزيارة إلى تقويمك.',
    questions: (b, p) => `لديك أسئلة؟ اتصل بـ ${b} على ${p}.`,
    between: (a, b) => `بين ${a} و${b}`,
  },
};

/** "Tuesday, July 7, 2026 at 10:00 AM PDT (America/Los_Angeles)": the reader may be elsewhere. */
export function formatVisitTime(at: Date, timeZone: string, language: MessageLanguage): string {
  const f = new Intl.DateTimeFormat(WORDS[language].locale, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  });
  return `${f.format(at)} (${timeZone})`;
}

function formatClock(at: Date, timeZone: string, language: MessageLanguage): string {
  return new Intl.DateTimeFormat(WORDS[language].locale, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone }).format(at);
}

/** The visit's calendar entry: one UID per visit for its whole life, SEQUENCE raised by each update. */
export function visitCalendar(v: VisitFacts, method: 'REQUEST' | 'CANCEL', sequence: number, reason?: string): string {
  const w = WORDS[v.language];
  const description = [`${w.service}: ${v.serviceName} (WO-${v.workOrderNumber})`, `${w.technician}: ${v.technicianName}`, reason ? `${w.reason}: ${reason}` : '', v.portalUrl]
    .filter(Boolean)
    .join('\n');
  const { error, value } = createEvent({
    uid: `booking-${v.bookingId}@arrivo`,
    sequence,
    method,
    status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    productId: 'arrivo',
    start: v.arrivalAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: v.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: `${v.serviceName} · ${v.business.name}`,
    description,
    location: v.address,
    organizer: { name: v.business.name, email: v.organizerEmail },
    attendees: [{ name: v.firstName, email: v.to, rsvp: false, partstat: 'ACCEPTED', role: 'REQ-PARTICIPANT' }],
  });
  if (error || !value) throw error ?? new Error('calendar file not made');
  return value;
}

function etaBasisText(w: Words, e: { basis: 'departure' | 'booked'; travelMinutes: number | null } | undefined): string {
  if (!e) return '';
  return ` (${e.basis === 'departure' ? w.etaBasis.departure(e.travelMinutes ?? 0) : w.etaBasis.booked})`;
}

export function bookingMessage(
  kind: BookingMessageKind,
  v: VisitFacts,
  extra: {
    sequence?: number;
    reason?: string;
    eta?: Date | null;
    /** Where `eta` comes from (see `estimateArrival`); unsaid when absent. */
    etaBasis?: { basis: 'departure' | 'booked'; travelMinutes: number | null };
    trackingUrl?: string;
    surveyUrl?: string;
  } = {},
): MailMessage {
  const w = WORDS[v.language];
  const b = v.business;
  const arrival = formatVisitTime(v.arrivalAt, v.timeZone, v.language);
  const when = v.windowEndsAt && kind !== 'canceled' ? `${arrival}, ${w.between(formatClock(v.arrivalAt, v.timeZone, v.language), formatClock(v.windowEndsAt, v.timeZone, v.language))}` : arrival;
  const rows: [string, string][] = [
    [w.service, `${v.serviceName} (WO-${v.workOrderNumber})`],
    [w.when, when],
    [w.where, v.address],
    [w.technician, v.technicianName],
  ];
  if (kind === 'canceled' && extra.reason) rows.push([w.reason, extra.reason]);
  const eta = kind === 'on_the_way' && extra.eta ? `${formatVisitTime(extra.eta, v.timeZone, v.language)}${etaBasisText(w, extra.etaBasis)}` : null;
  if (eta) rows.push([w.eta, eta]);
  const link =
    kind === 'on_the_way'
      ? extra.trackingUrl ? { href: extra.trackingUrl, label: w.track } : null
      : kind === 'completed'
        ? extra.surveyUrl ? { href: extra.surveyUrl, label: w.survey } : null
        : kind === 'canceled' || kind === 'arriving' ? null : { href: v.portalUrl, label: w.manage };
  // The arrival notice has no link: the technician is at the door. The thank-you carries the
  // survey link only while the business asks for feedback.
  const withCalendar = kind !== 'on_the_way' && kind !== 'arriving' && kind !== 'completed';
  const questions = b.phone ? w.questions(b.name, b.phone) : null;
  const { subject, intro } = worded(b, kind, { subject: w.subject[kind](b.name), intro: [w.greeting(v.firstName), w.lead[kind](b.name)] }, {
    customerName: v.firstName,
    businessName: b.name,
    businessPhone: b.phone ?? '',
    serviceType: v.serviceName,
    workOrder: `WO-${v.workOrderNumber}`,
    arrival: when,
    address: v.address,
    technician: v.technicianName,
    reason: extra.reason ?? '',
    eta: eta ?? '',
  });

  const text = [
    ...introText(intro),
    '',
    ...rows.map(([k, val]) => `${k}: ${val}`),
    ...(link ? ['', `${link.label}: ${link.href}`] : []),
    ...(withCalendar ? ['', w.calendar] : []),
    ...(questions ? ['', questions] : []),
  ].join('\n');

  const dir = v.language === 'ar' ? 'rtl' : 'ltr';
  const body = html`<!doctype html>
    <html lang="${v.language}" dir="${dir}">
      <head><meta charset="utf-8" /><title>${subject}</title></head>
      <body dir="${dir}" style="font-family:sans-serif;line-height:1.5">
        ${brandHeader(b)}
        ${introHtml(intro)}
        <table role="presentation">
          ${rows.map(([k, val]) => html`<tr><th scope="row" style="text-align:start;padding-inline-end:12px">${k}</th><td>${val}</td></tr>`)}
        </table>
        ${link ? brandButton(b, link) : raw('')}
        ${withCalendar ? html`<p>${w.calendar}</p>` : raw('')}
        ${questions ? html`<p>${questions}</p>` : raw('')}
        <p style="color:#666">${b.name}</p>
      </body>
    </html>`;

  const message: MailMessage = { to: v.to, subject, text, html: String(body) };
  if (withCalendar) {
    const method = kind === 'canceled' ? 'CANCEL' : 'REQUEST';
    message.attachments = [
      { filename: 'visit.ics', content: visitCalendar(v, method, extra.sequence ?? 0, extra.reason), contentType: `text/calendar; charset=utf-8; method=${method}` },
    ];
  }
  return message;
}
