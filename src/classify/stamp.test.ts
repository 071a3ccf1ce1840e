import { describe, expect, it } from 'vitest'
import { readReceiptStamp } from './stamp.ts'

const letter = (stamp: string) =>
  `Jan de Vries\nDorpsstraat 12\n1941 AB Beverwijk\n\n${stamp}\n\nBeverwijk, 1 augustus 2025\n\nGeachte heer, mevrouw,\n\nIk ben ontevreden over mijn klantmanager.\n\nMet vriendelijke groet,\nJan de Vries`

describe('readReceiptStamp', () => {
  it.each([
    ['ONTVANGEN 05 AUG 2025', '2025-08-05'],
    ['ONTVANGEN\n05 AUG 2025', '2025-08-05'],
    ['ONTVANGEN\n\n05 AUG 2025', '2025-08-05'], // OCR: an empty line between word and date
    ['Ingekomen 5 augustus 2025', '2025-08-05'],
    ['Datum ontvangst: 05-08-2025', '2025-08-05'],
    ['RECEIVED 5 AUG 2025', '2025-08-05'],
    ['POSTKAMER IJmond Werkt! 05.08.25', '2025-08-05'],
    ['POSTKAMER\nIJmond Werkt!  05.08.25', '2025-08-05'],
    ['Ontvangstdatum 2025-08-05', '2025-08-05'],
    ['INGEKOMEN OP 12 SEPT. 2025', '2025-09-12'],
    ['  * ONTVANGEN *  3 mrt 2026', '2026-03-03'],
    ['Binnengekomen op 1/10/2025', '2025-10-01'],
    ['ONTVANGEN O5 OKT 2O25', '2025-10-05'], // OCR: O for 0
  ])('reads %j as %s', (stamp, date) => {
    const text = letter(stamp)
    const r = readReceiptStamp(text, { notAfter: '2026-06-01' })
    expect(r?.date).toBe(date)
    expect(text.slice(r!.start, r!.end)).toBe(r!.text)
  })

  it('finds no stamp in a letter without one, nor in the letter date', () => {
    expect(readReceiptStamp(letter(''))).toBeNull()
  })

  it("does not take a citizen's own sentence for a stamp", () => {
    expect(readReceiptStamp(letter('Ik heb uw brief van 3 juni 2025 ontvangen op 5 juni 2025 en ben boos.'))).toBeNull()
    expect(readReceiptStamp(letter('Gisteren heb ik het besluit ontvangen 5 augustus 2025.'))).toBeNull()
  })

  it('looks no further than the next line with text', () => {
    expect(readReceiptStamp(letter('ONTVANGEN\n\nIJmond Werkt!\nkamer 2\n05 AUG 2025'))).toBeNull()
  })

  it('needs a year and a real calendar day', () => {
    expect(readReceiptStamp(letter('ONTVANGEN 05 AUG'))).toBeNull()
    expect(readReceiptStamp(letter('ONTVANGEN 31-02-2025'))).toBeNull()
  })

  it('ignores a stamp date after the upload or more than a year before it, and takes the next stamp', () => {
    expect(readReceiptStamp(letter('ONTVANGEN 05 AUG 2025'), { notAfter: '2025-08-04' })).toBeNull()
    expect(readReceiptStamp(letter('ONTVANGEN 05 AUG 2023'), { notAfter: '2025-08-06' })).toBeNull()
    const two = letter('ONTVANGEN 05 AUG 2035\nPOSTKAMER 06.08.25')
    expect(readReceiptStamp(two, { notAfter: '2025-08-07' })?.date).toBe('2025-08-06')
  })
})
