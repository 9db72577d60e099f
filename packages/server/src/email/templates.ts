// The account emails (invitation, password reset), in English, Spanish and Arabic (right-to-left
// HTML). HTML goes through hono/html's `html` tag, which escapes every interpolated value.
import type { BrandColors, NotificationLanguage, NotificationTemplateMessage } from '@arrivo/core';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { brandButton, brandHeader, introHtml, introText, worded, type Wording } from './layout';
import type { MailMessage } from './mailer';

export interface BusinessBrand {
  name: string;
  phone: string | null;
  /** Header and button colours (the default ones when absent). */
  colors?: BrandColors;
  /** The business's own wording of messages, in the language being written. */
  wording?: Partial<Record<NotificationTemplateMessage, Wording>>;
}

type Words = {
  locale: string;
  greeting: (name: string) => string;
  questions: (business: string, phone: string) => string;
  invitation: {
    subject: (business: string) => string;
    lead: (business: string) => string;
    open: string;
    /** The portal's tab, as the elements name it in this language. */
    redeem: string;
    steps: (link: string, redeem: string, code: string) => string[];
    htmlSteps: [before: string, between: string, after: string];
    expires: (when: string) => string;
  };
  reset: {
    subject: (business: string) => string;
    lead: (business: string) => string;
    choose: string;
    textChoose: string;
    validity: string;
    notYou: string;
  };
};

const WORDS: Record<NotificationLanguage, Words> = {
  en: {
    locale: 'en-US',
    greeting: (n) => `Hi ${n},`,
    questions: (b, p) => `Questions? Call ${b} at ${p}.`,
    invitation: {
      subject: (b) => `Your invitation to book online with ${b}`,
      lead: (b) => `${b} invites you to book and manage your service visits online.`,
      open: 'Open online booking',
      redeem: 'Redeem invitation',
      steps: (l, r, c) => [`1. Open ${l}`, `2. Choose "${r}" and enter your code: ${c}`, `3. Create your password, and you're in.`],
      htmlSteps: ['', ', choose ', ' and enter your code:'],
      expires: (d) => `The code works once and expires on ${d}.`,
    },
    reset: {
      subject: (b) => `Reset your ${b} booking password`,
      lead: (b) => `Someone asked to reset the password of your ${b} online booking account.`,
      choose: 'Choose a new password',
      textChoose: 'Choose a new password here (the link works for one hour):',
      validity: '(the link works for one hour).',
      notYou: "If it wasn't you, ignore this email: your password stays as it is.",
    },
  },
  es: {
    locale: 'es',
    greeting: (n) => `Hola, ${n}:`,
    questions: (b, p) => `¿Preguntas? Llame a ${b} al ${p}.`,
    invitation: {
      subject: (b) => `Su invitación para reservar en línea con ${b}`,
      lead: (b) => `${b} le invita a reservar y gestionar sus visitas de servicio en línea.`,
      open: 'Abrir las reservas en línea',
      redeem: 'Canjear invitación',
      steps: (l, r, c) => [`1. Abra ${l}`, `2. Elija «${r}» e introduzca su código: ${c}`, `3. Cree su contraseña y listo.`],
      htmlSteps: ['', ', elija ', ' e introduzca su código:'],
      expires: (d) => `El código sirve una sola vez y caduca el ${d}.`,
    },
    reset: {
      subject: (b) => `Restablezca su contraseña de reservas de ${b}`,
      lead: (b) => `Alguien pidió restablecer la contraseña de su cuenta de reservas en línea de ${b}.`,
      choose: 'Elija una nueva contraseña',
      textChoose: 'Elija una nueva contraseña aquí (el enlace sirve durante una hora):',
      validity: '(el enlace sirve durante una hora).',
      notYou: 'Si no fue usted, ignore este correo: su contraseña no cambia.',
    },
  },
  ar: {
    locale: 'ar',
    greeting: (n) => `مرحبًا ${n}،`,
    questions: (b, p) => `لديك أسئلة؟ اتصل بـ ${b} على ${p}.`,
    invitation: {
      subject: (b) => `دعوتك للحجز عبر الإنترنت مع ${b}`,
      lead: (b) => `يدعوك ${b} إلى حجز زيارات الخدمة وإدارتها عبر الإنترنت.`,
      open: 'افتح الحجز عبر الإنترنت',
      redeem: 'استخدام دعوة',
      steps: (l, r, c) => [`1. افتح ${l}`, `2. اختر «${r}» وأدخل رمزك: ${c}`, `3. أنشئ كلمة المرور، وبهذا تكون قد انتهيت.`],
      htmlSteps: ['', '، ثم اختر ', ' وأدخل رمزك:'],
      expires: (d) => `يعمل الرمز مرة واحدة وتنتهي صلاحيته في ${d}.`,
    },
    reset: {
      subject: (b) => `إعادة تعيين كلمة مرور الحجز لدى ${b}`,
      lead: (b) => `طلب أحدهم إعادة تعيين كلمة مرور حسابك للحجز عبر الإنترنت لدى ${b}.`,
      choose: 'اختر كلمة مرور جديدة',
      textChoose: 'اختر كلمة مرور جديدة من هنا (يعمل الرابط لمدة ساعة واحدة):',
      validity: '(يعمل الرابط لمدة ساعة واحدة).',
      notYou: 'إن لم تكن أنت، فتجاهل هذه الرسالة: تبقى كلمة مرورك كما هي.',
    },
  },
};

const footer = (w: Words, b: BusinessBrand) => (b.phone ? `\n\n${w.questions(b.name, b.phone)}` : '');

/** A whole HTML document in the language, right to left for Arabic. */
function page(language: NotificationLanguage, title: string, w: Words, b: BusinessBrand, content: HtmlEscapedString | Promise<HtmlEscapedString>): string {
  const dir = language === 'ar' ? 'rtl' : 'ltr';
  return String(html`<!doctype html>
    <html lang="${language}" dir="${dir}">
      <head><meta charset="utf-8" /><title>${title}</title></head>
      <body dir="${dir}" style="font-family:sans-serif;line-height:1.5">
        ${brandHeader(b)}
        ${content}
        ${b.phone ? html`<p>${w.questions(b.name, b.phone)}</p>` : ''}
      </body>
    </html>`);
}

export function invitationEmail(input: {
  to: string;
  firstName: string;
  business: BusinessBrand;
  code: string;
  portalUrl: string;
  expiresAt: Date;
  timeZone: string;
  /** The contact's language when known; English otherwise. */
  language?: NotificationLanguage;
}): MailMessage {
  const { business } = input;
  const language = input.language ?? 'en';
  const w = WORDS[language];
  const t = w.invitation;
  // The code rides in the fragment: it prefills the Redeem tab and never reaches a server log.
  const link = `${input.portalUrl}#arrivo-redeem=${encodeURIComponent(input.code)}`;
  // With the zone ("June 8, 2026 at 3:00 PM PDT"): the reader may be elsewhere than the business.
  const expires = new Intl.DateTimeFormat(w.locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: input.timeZone,
  }).format(input.expiresAt);
  const { subject, intro } = worded(
    business,
    'invitation',
    { subject: t.subject(business.name), intro: [w.greeting(input.firstName), t.lead(business.name)] },
    { customerName: input.firstName, businessName: business.name, businessPhone: business.phone ?? '', expires },
  );
  const text = [...introText(intro), '', ...t.steps(link, t.redeem, input.code), '', t.expires(expires)].join('\n') + footer(w, business);
  const [before, between, after] = t.htmlSteps;
  const body = html`${introHtml(intro)}
    <p>${before}<a href="${link}">${t.open}</a>${between}<strong>${t.redeem}</strong>${after}</p>
    <p dir="ltr" style="font-size:20px;font-family:monospace;letter-spacing:1px"><strong>${input.code}</strong></p>
    <p>${t.expires(expires)}</p>`;
  return { to: input.to, subject, text, html: page(language, subject, w, business, body) };
}

export function passwordResetEmail(input: { to: string; business: BusinessBrand; link: string; language?: NotificationLanguage }): MailMessage {
  const language = input.language ?? 'en';
  const w = WORDS[language];
  const t = w.reset;
  const { subject, intro } = worded(
    input.business,
    'password_reset',
    { subject: t.subject(input.business.name), intro: [t.lead(input.business.name)] },
    { businessName: input.business.name, businessPhone: input.business.phone ?? '' },
  );
  const text = `${introText(intro).join('\n')}\n\n${t.textChoose}\n${input.link}\n\n${t.notYou}` + footer(w, input.business);
  const body = html`${introHtml(intro)}
    ${brandButton(input.business, { href: input.link, label: t.choose })}
    <p>${t.validity}</p>
    <p>${t.notYou}</p>`;
  return { to: input.to, subject, text, html: page(language, subject, w, input.business, body) };
}
