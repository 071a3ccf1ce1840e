import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { oauthTokenProvider } from './imap-oauth.ts'

let url = ''
let calls = 0
let lastBody = ''
let fail = false
const server = createServer((req, res) => {
  let body = ''
  req.on('data', (d) => (body += d))
  req.on('end', () => {
    calls++
    lastBody = body
    res.setHeader('content-type', 'application/json')
    if (fail) {
      res.statusCode = 401
      res.end(JSON.stringify({ error: 'invalid_client', error_description: 'bad secret' }))
    } else res.end(JSON.stringify({ access_token: `token-${calls}`, expires_in: 3600 }))
  })
})

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const a = server.address()
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/tenant/oauth2/v2.0/token`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

describe('oauthTokenProvider (client credentials)', () => {
  it('posts the client-credentials form and caches the token', async () => {
    const token = oauthTokenProvider({ tenantId: 't', clientId: 'app', clientSecret: 's3cret', tokenUrl: url })
    expect(await token()).toBe('token-1')
    expect(await token()).toBe('token-1')
    expect(calls).toBe(1)
    const form = new URLSearchParams(lastBody)
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'app',
      client_secret: 's3cret',
      scope: 'https://outlook.office365.com/.default',
    })
  })
  it('reports the error the token endpoint gives', async () => {
    fail = true
    const token = oauthTokenProvider({ tenantId: 't', clientId: 'app', clientSecret: 'x', tokenUrl: url })
    await expect(token()).rejects.toThrow(/401.*invalid_client/)
    fail = false
  })
})
