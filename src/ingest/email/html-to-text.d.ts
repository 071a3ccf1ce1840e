/** Minimal typing for html-to-text (ships no types); only what read-email.ts uses. @module */
declare module 'html-to-text' {
  export function convert(html: string, options?: Record<string, unknown>): string
}
