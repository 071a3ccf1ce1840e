// The ALTCHA glue of the public complaint form. The form works without this file; with it, the
// proof-of-work challenge solves itself in a Web Worker (no puzzle) and its progress, or that it
// failed (the form can then still be sent, as without JavaScript), is announced in a polite live region. Everything is served from this origin (CSP script-src/worker-src 'self').
const base = new URL('.', import.meta.url).pathname
// The translations create the $altcha registry; the algorithm's worker must be registered before the
// widget (which starts solving on load) is defined.
await import(`${base}altcha-nl.js`)
await import(`${base}altcha-en.js`)
globalThis.$altcha.algorithms.set('PBKDF2/SHA-256', () => new Worker(`${base}altcha-pbkdf2.js`))
await import(`${base}altcha.js`)

const status = document.getElementById('check-status')
const widget = document.querySelector('altcha-widget')
if (status && widget) {
  widget.addEventListener('statechange', (event) => {
    const state = event.detail?.state
    if (state === 'verifying') status.textContent = status.dataset.verifying ?? ''
    else if (state === 'verified') status.textContent = status.dataset.verified ?? ''
    else if (state === 'error') status.textContent = status.dataset.failed ?? ''
    else if (state === 'expired') status.textContent = ''
  })
}
