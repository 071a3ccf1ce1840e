/**
 * The procedure's jobs in a worker process: 'letter' (e-mail a letter with its PDF), 'assignment-mail'
 * and 'reminders' (daily, from REMINDER_HOUR in Amsterdam; once a day per person however often it
 * runs). Letters left queued (SMTP was down, a lost enqueue) are queued again on each tick.
 * @module
 */
import type { Config } from '../../config.ts'
import type { Database } from '../../db/index.ts'
import type { JobQueue } from '../../jobs/queue.ts'
import { amsterdamDate } from '../deadlines.ts'
import { requeueLetters, sendLetterJob } from '../procedure.ts'
import { runReminders, sendAssignmentMail } from './notify.ts'

export interface ProcedureWorkerOptions {
  db: Database
  queue: JobQueue
  config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'PUBLIC_BASE_URL' | 'HOST' | 'PORT' | 'REMINDERS' | 'REMINDER_HOUR'>
  log: (message: string) => void
}

const amsterdamHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' })

/** Register the workers; returns the tick to run every minute or so (requeue letters, start the day's reminders). */
export async function startProcedureWorkers(o: ProcedureWorkerOptions): Promise<() => Promise<void>> {
  const { db, queue, config } = o
  const baseUrl = config.PUBLIC_BASE_URL ?? `http://${config.HOST}:${config.PORT}`
  await queue.work('letter', async (job) => {
    await sendLetterJob({ db, config }, job.data)
  })
  await queue.work('assignment-mail', async (job) => {
    await sendAssignmentMail({ db, config, baseUrl }, job.data)
  })
  await queue.work('reminders', async () => {
    const r = await runReminders({ db, config, baseUrl })
    if (r.handlers || r.coordinators) o.log(`reminders: ${r.handlers} handler(s), ${r.coordinators} coordinator(s) mailed`)
  })
  let lastDay = ''
  return async () => {
    if (!config.SMTP_URL) return
    await requeueLetters({ db, queue })
    const now = new Date()
    const day = amsterdamDate(now)
    if (config.REMINDERS && day !== lastDay && Number(amsterdamHour.format(now)) >= config.REMINDER_HOUR) {
      // Once a day per process; several processes may each enqueue it, but runReminders sends each
      // person one mail a day at most (reminder_log).
      await queue.enqueue('reminders', { day }, { singletonKey: `reminders-${day}` })
      lastDay = day
    }
  }
}
