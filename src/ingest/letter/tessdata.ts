/**
 * Offline OCR model data. The LSTM models come from the npm packages @tesseract.js-data/nld and
 * @tesseract.js-data/eng (folder `4.0.0_best_int`, gzipped). They are unpacked once into a private
 * folder under the OS temp dir so every worker, and the native `tesseract` used by the benchmark,
 * reads the very same files. Nothing is ever downloaded.
 * @module
 */
import { createRequire } from 'node:module'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'

const require = createRequire(import.meta.url)

/** The model flavour inside the data packages: `4.0.0_best_int` is LSTM-only, integer weights. */
export const TESSDATA_FLAVOUR = '4.0.0_best_int'

/** Path of the gzipped traineddata shipped by `@tesseract.js-data/<lang>`. */
export function packagedTraineddata(lang: string): string {
  const pkgDir = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`))
  return join(pkgDir, TESSDATA_FLAVOUR, `${lang}.traineddata.gz`)
}

/**
 * Returns a folder holding `<lang>.traineddata` (uncompressed) for each language, unpacking the
 * packaged data there on first use. The folder name includes the flavour so versions never mix.
 */
export function ensureTessdata(langs: string[], dir = join(tmpdir(), `klachtenintake-tessdata-${TESSDATA_FLAVOUR}`)): string {
  mkdirSync(dir, { recursive: true })
  for (const lang of langs) {
    if (!/^[a-z_]+$/.test(lang)) throw new Error(`invalid OCR language code: ${lang}`)
    const target = join(dir, `${lang}.traineddata`)
    if (existsSync(target)) continue
    const data = gunzipSync(readFileSync(packagedTraineddata(lang)))
    const tmp = `${target}.${process.pid}.tmp`
    writeFileSync(tmp, data)
    renameSync(tmp, target)
  }
  return dir
}
