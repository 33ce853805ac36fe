import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import koaHelmet from 'koa-helmet';

/**
 * The API answers JSON only: nothing in a response may load, run, frame or be framed.
 * (OWASP's advice for REST APIs; the Swagger UI page gets its own policy below.)
 */
const API_DIRECTIVES = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/**
 * Helmet's headers on every response: the strict CSP above, X-Frame-Options DENY, HSTS (a year,
 * honoured by browsers over HTTPS only), nosniff, Referrer-Policy no-referrer, same-origin
 * COOP/CORP, and no X-Powered-By. Registered right after the error middleware, so error
 * answers carry them too.
 */
export const securityHeaders = (): Middleware =>
  koaHelmet({
    contentSecurityPolicy: { useDefaults: false, directives: API_DIRECTIVES },
    xFrameOptions: { action: 'deny' },
  });

/** A CSP source matching one inline `<script>` or `<style>` body exactly. */
export const cspHashOf = (inline: string): string => `'sha256-${createHash('sha256').update(inline, 'utf8').digest('base64')}'`;

/**
 * The policy of the Swagger UI page: scripts only from this origin plus its inline bootstrap,
 * identified by hash; fetches (the document, "Try it out") only to this origin; nothing from
 * any other origin. Inline styles stay allowed: the page's template and Swagger UI's React
 * components use them, and CSS cannot run code.
 */
export const swaggerUiPolicy = (inlineScripts: readonly string[]): string =>
  [
    "default-src 'none'",
    `script-src 'self' ${inlineScripts.map(cspHashOf).join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
