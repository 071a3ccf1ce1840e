import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../config.ts'
import { imapConfigFromConfig } from './imap-intake.ts'

const fromEnv = (env: Record<string, string>) =>
  imapConfigFromConfig(loadConfig({ DATABASE_URL: 'postgres://u@h/db', ...env }, { dotenv: false }))

describe('IMAP configuration: one path, through the validated config', () => {
  it('reads the contract names with their defaults; none without IMAP_HOST', () => {
    expect(fromEnv({})).toBeNull()
    expect(fromEnv({ IMAP_HOST: 'imap.example.nl', IMAP_USER: 'u', IMAP_PASSWORD: 'p' })).toMatchObject({
      host: 'imap.example.nl',
      port: 993,
      secure: true,
      mailbox: 'INBOX',
      processedMailbox: 'Verwerkt',
      password: 'p',
      pollIntervalMs: 60_000,
      maxBytes: 25 * 1024 * 1024,
    })
    const plain = fromEnv({
      IMAP_HOST: 'h',
      IMAP_USER: 'u',
      IMAP_PASSWORD: 'p',
      IMAP_SECURE: 'false',
      IMAP_MAILBOX: 'Klachten',
      IMAP_PROCESSED_MAILBOX: 'Klachten/Verwerkt',
      IMAP_POLL_SECONDS: '5',
      MAX_MESSAGE_BYTES: '1000',
    })
    expect(plain).toMatchObject({
      port: 143,
      secure: false,
      mailbox: 'Klachten',
      processedMailbox: 'Klachten/Verwerkt',
      pollIntervalMs: 5000,
      maxBytes: 1000,
    })
  })

  it('a bad number stops the start naming the variable (no silent fallback to a default)', () => {
    expect(() => fromEnv({ IMAP_HOST: 'h', IMAP_USER: 'u', IMAP_PASSWORD: 'p', IMAP_PORT: '99x' })).toThrow(ConfigError)
    expect(() => fromEnv({ IMAP_HOST: 'h', IMAP_USER: 'u', IMAP_PASSWORD: 'p', IMAP_POLL_SECONDS: '-1' })).toThrow(/IMAP_POLL_SECONDS/)
    expect(() => fromEnv({ IMAP_HOST: 'h', IMAP_USER: 'u' })).toThrow(/IMAP_PASSWORD/)
  })

  it('XOAUTH2 by client credentials with a token URL', () => {
    const c = fromEnv({
      IMAP_HOST: 'outlook.office365.com',
      IMAP_USER: 'klachten@ijmondwerkt.nl',
      IMAP_OAUTH_TOKEN_URL: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
      IMAP_OAUTH_CLIENT_ID: 'c',
      IMAP_OAUTH_CLIENT_SECRET: 's',
    })!
    expect(c.password).toBeUndefined()
    expect(c.oauth).toMatchObject({ clientId: 'c', clientSecret: 's', tokenUrl: 'https://login.microsoftonline.com/t/oauth2/v2.0/token' })
  })
})
