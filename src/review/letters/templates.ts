/**
 * The wording of the procedure's letters: Liquid templates (liquidjs) an admin may edit, with Dutch
 * B1 defaults good enough to send unchanged. Templates are data, never code: only a short list of
 * tags is allowed (if, unless, case, for, assign, capture, comment, raw), there is no file system
 * (include, render and layout are refused before rendering, and the engine has an empty in-memory
 * template map), only own properties are readable, and parse and render time and memory are bounded.
 * @module
 */
import { Liquid, Tokenizer, TokenKind, type TagToken } from 'liquidjs'
import type { TemplateKey } from '../../db/letters.ts'

export interface LetterTemplate {
  subject: string
  body: string
}

/** A template the admin must change (Dutch message). */
export class TemplateError extends Error {
  override name = 'TemplateError'
}

const ALLOWED_TAGS = new Set([
  'if',
  'elsif',
  'else',
  'endif',
  'unless',
  'endunless',
  'case',
  'when',
  'endcase',
  'for',
  'endfor',
  'break',
  'continue',
  'assign',
  'capture',
  'endcapture',
  'comment',
  'endcomment',
  'raw',
  'endraw',
])

const engine = new Liquid({
  templates: {}, // no file system: include/render/layout could only find this empty map
  ownPropertyOnly: true,
  strictFilters: true,
  strictVariables: false,
  jsTruthy: false,
  outputEscape: undefined,
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
  cache: false,
})

/** The variables a template can use, as the admin screen lists them. */
export const TEMPLATE_VARIABLES: Record<TemplateKey, [string, string][]> = {
  'not-in-treatment': [
    ['aanhef', 'Beste … of Geachte heer/mevrouw,'],
    ['kenmerk', 'het registratienummer (KL-…)'],
    ['ontvangen_op', 'de datum waarop de klacht binnenkwam'],
    ['grond', 'de reden uit de wet, in gewone woorden'],
    ['artikel', 'het wetsartikel van die reden'],
    ['redenen', 'de uitleg van de behandelaar'],
    ['behandelaar', 'naam van de behandelaar'],
  ],
  postponement: [
    ['aanhef', 'Beste … of Geachte heer/mevrouw,'],
    ['kenmerk', 'het registratienummer (KL-…)'],
    ['ontvangen_op', 'de datum waarop de klacht binnenkwam'],
    ['oude_datum', 'de datum waarop het besluit er uiterlijk zou zijn'],
    ['nieuwe_datum', 'de nieuwe uiterste datum'],
    ['reden', 'waarom er meer tijd nodig is'],
    ['behandelaar', 'naam van de behandelaar'],
  ],
  'postponement-employee': [
    ['aanhef', 'Beste … (de naam van de medewerker) of Beste collega,'],
    ['medewerker', 'naam van de medewerker'],
    ['afdeling', 'de afdeling van de klacht, of leeg'],
    ['kenmerk', 'het registratienummer (KL-…)'],
    ['ontvangen_op', 'de datum waarop de klacht binnenkwam'],
    ['oude_datum', 'de datum waarop het besluit er uiterlijk zou zijn'],
    ['nieuwe_datum', 'de nieuwe uiterste datum'],
    ['reden', 'waarom er meer tijd nodig is'],
    ['behandelaar', 'naam van de behandelaar'],
  ],
  decision: [
    ['aanhef', 'Beste … of Geachte heer/mevrouw,'],
    ['kenmerk', 'het registratienummer (KL-…)'],
    ['ontvangen_op', 'de datum waarop de klacht binnenkwam'],
    ['hoorzitting', 'een zin over het gesprek (hoorzitting), of leeg'],
    ['onderdelen', 'de onderdelen: onderwerp, oordeel, oordeel_zin, bevindingen, redenen, maatregelen'],
    ['behandelaar', 'naam van de behandelaar'],
  ],
}

const OMBUDSMAN = `Dan kunt u binnen een jaar na deze brief terecht bij de Nationale ombudsman. Dat kan via www.nationaleombudsman.nl of gratis via telefoon 0800 33 55 555.`

/** The shipped wording (Dutch, B1). */
export const DEFAULT_TEMPLATES: Record<TemplateKey, LetterTemplate> = {
  'not-in-treatment': {
    subject: 'Wij nemen uw klacht niet in behandeling',
    body: `{{ aanhef }}

Op {{ ontvangen_op }} kregen wij uw klacht. Wij hebben die geregistreerd onder nummer {{ kenmerk }}. In deze brief leest u dat wij uw klacht niet verder behandelen, en waarom.

Waarom behandelen wij uw klacht niet?
{{ grond }} De wet geeft ons dan de ruimte om een klacht niet te behandelen (artikel {{ artikel }} van de Algemene wet bestuursrecht).

{{ redenen }}

Bent u het hier niet mee eens?
${OMBUDSMAN}

Heeft u vragen over deze brief? Bel dan de Klachtenservice op 0251-279 080. Noem dan het nummer {{ kenmerk }}.

Met vriendelijke groet,`,
  },
  postponement: {
    subject: 'Wij hebben meer tijd nodig voor uw klacht',
    body: `{{ aanhef }}

Op {{ ontvangen_op }} kregen wij uw klacht met nummer {{ kenmerk }}. Wij wilden u uiterlijk op {{ oude_datum }} laten weten wat wij van uw klacht vinden. Dat lukt ons niet.

Waarom hebben wij meer tijd nodig?
{{ reden }}

Wat betekent dit voor u?
Wij nemen vier weken extra de tijd. U krijgt uiterlijk op {{ nieuwe_datum }} een brief met ons oordeel over uw klacht. De wet staat toe dat wij de termijn één keer zo verlengen (artikel 9:11 van de Algemene wet bestuursrecht). De medewerker over wie uw klacht gaat, krijgt ook bericht.

Heeft u vragen over deze brief? Bel dan de Klachtenservice op 0251-279 080. Noem dan het nummer {{ kenmerk }}.

Met vriendelijke groet,`,
  },
  'postponement-employee': {
    subject: 'Klacht {{ kenmerk }}: er is meer tijd nodig voor het oordeel',
    body: `{{ aanhef }}

Op {{ ontvangen_op }} kregen wij een klacht over u of over het werk van uw afdeling{% if afdeling != blank %} ({{ afdeling }}){% endif %}. De klacht heeft nummer {{ kenmerk }}. Wij wilden uiterlijk op {{ oude_datum }} een oordeel geven over deze klacht. Dat lukt niet.

Waarom is er meer tijd nodig?
{{ reden }}

Wat betekent dit voor u?
Wij nemen vier weken extra de tijd. Uiterlijk op {{ nieuwe_datum }} geven wij ons oordeel over de klacht. De indiener van de klacht krijgt hierover ook een brief. De wet vraagt ons om u en de indiener dit allebei schriftelijk te laten weten (artikel 9:11 van de Algemene wet bestuursrecht).

Heeft u vragen? Neem dan contact op met {% if behandelaar != blank %}{{ behandelaar }} of met {% endif %}de Klachtenservice via 0251-279 080. Noem dan het nummer {{ kenmerk }}.

Met vriendelijke groet,`,
  },
  decision: {
    subject: 'Ons oordeel over uw klacht',
    body: `{{ aanhef }}

Op {{ ontvangen_op }} kregen wij uw klacht met nummer {{ kenmerk }}. Wij hebben uw klacht onderzocht. In deze brief leest u wat wij hebben onderzocht, wat wij van uw klacht vinden en wat wij gaan doen.
{% if hoorzitting != blank %}
{{ hoorzitting }}
{% endif %}{% for deel in onderdelen %}
{% if onderdelen.size > 1 %}Onderdeel {{ forloop.index }}{% if deel.onderwerp != blank %}: {{ deel.onderwerp }}{% endif %}
{% endif %}Wat hebben wij onderzocht?
{{ deel.bevindingen }}

Wat vinden wij van uw klacht?
{{ deel.oordeel_zin }}{% if deel.redenen != blank %} {{ deel.redenen }}{% endif %}
{% if deel.maatregelen != blank %}
Wat gaan wij doen?
{{ deel.maatregelen }}
{% endif %}{% endfor %}
Bent u het niet eens met dit oordeel?
${OMBUDSMAN}

Heeft u vragen over deze brief? Bel dan de Klachtenservice op 0251-279 080. Noem dan het nummer {{ kenmerk }}.

Met vriendelijke groet,`,
  },
}

/**
 * Check a template before saving or rendering: it must parse, and use only the allowed tags.
 * @throws TemplateError with a Dutch message saying what is wrong
 */
export function checkTemplate(text: string): void {
  if (text.length > 50_000) throw new TemplateError('De tekst is te lang (meer dan 50.000 tekens).')
  let tokens
  try {
    tokens = new Tokenizer(text).readTopLevelTokens()
  } catch (err) {
    throw new TemplateError(`De sjabloontekst klopt niet: ${firstLine(err)}`)
  }
  for (const t of tokens) {
    if (t.kind !== TokenKind.Tag) continue
    const name = (t as TagToken).name
    if (!ALLOWED_TAGS.has(name)) {
      const files = ['include', 'render', 'layout', 'block'].includes(name)
      throw new TemplateError(
        files
          ? `De opdracht {% ${name} %} is niet toegestaan: een sjabloon mag geen andere bestanden lezen.`
          : `De opdracht {% ${name} %} is niet toegestaan. Gebruik alleen if, unless, case, for, assign, capture, comment en raw.`,
      )
    }
  }
  try {
    engine.parse(text)
  } catch (err) {
    throw new TemplateError(`De sjabloontekst klopt niet: ${firstLine(err)}`)
  }
}

function firstLine(err: unknown): string {
  return ((err as Error).message ?? String(err)).split('\n')[0].replace(/, line:\d+, col:\d+$/, '')
}

/**
 * Render a template with plain data. Output is plain text (letters are PDF and plain-text mail), so
 * nothing is HTML-escaped; blank-line runs are collapsed.
 * @example
 * await renderTemplate('Beste {{ naam }},', { naam: 'mevrouw Jansen' }) // → 'Beste mevrouw Jansen,'
 */
export async function renderTemplate(text: string, data: Record<string, unknown>): Promise<string> {
  checkTemplate(text)
  let out: string
  try {
    out = await engine.parseAndRender(text, data)
  } catch (err) {
    throw new TemplateError(`Het sjabloon kon niet worden gevuld: ${firstLine(err)}`)
  }
  return out
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
