/**
 * Child-process probe for the offline test: starts a pool, OCRs one image, prints JSON.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { createOcrPool } from '../ocr-pool.ts'

const ocr = createOcrPool({ size: 2 })
const result = await ocr.recognize(new Uint8Array(await readFile(process.argv[2])))
await ocr.close()
process.stdout.write(JSON.stringify({ text: result.text, confidence: result.confidence }))
