/**
 * XOAUTH2 access tokens for IMAP from the OAuth 2.0 client-credentials flow (Microsoft 365 /
 * Exchange Online: an app registration with the `IMAP.AccessAsApp` application permission and an
 * Exchange service principal granted access to the mailbox). Tokens are cached until shortly
 * before they expire.
 * @module
 */

export interface OAuthClientCredentials {
  /** Entra ID tenant (GUID or domain). */
  tenantId: string
  clientId: string
  clientSecret: string
  /** Default `https://outlook.office365.com/.default`. */
  scope?: string
  /** Default `https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token`. */
  tokenUrl?: string
}

/**
 * A function that returns a valid access token, fetching a new one when the cached one is within
 * a minute of expiry.
 * @example
 * const token = oauthTokenProvider({ tenantId, clientId, clientSecret })
 * new ImapFlow({ auth: { user: 'klachten@ijmondwerkt.nl', accessToken: await token() } })
 */
export function oauthTokenProvider(cred: OAuthClientCredentials, fetchImpl: typeof fetch = fetch): () => Promise<string> {
  let cached: { token: string; expiresAt: number } | null = null
  let pending: Promise<string> | null = null
  const url = cred.tokenUrl ?? `https://login.microsoftonline.com/${encodeURIComponent(cred.tenantId)}/oauth2/v2.0/token`
  const fetchToken = async (): Promise<string> => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: cred.clientId,
      client_secret: cred.clientSecret,
      scope: cred.scope ?? 'https://outlook.office365.com/.default',
    })
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(30_000),
    })
    const json = (await res.json().catch(() => ({}))) as {
      access_token?: string
      expires_in?: number
      error?: string
      error_description?: string
    }
    if (!res.ok || !json.access_token) {
      throw new Error(`OAuth token request failed (${res.status}): ${json.error ?? ''} ${json.error_description ?? ''}`.trim())
    }
    cached = { token: json.access_token, expiresAt: Date.now() + (json.expires_in ?? 3600) * 1000 }
    return json.access_token
  }
  return async () => {
    if (cached && cached.expiresAt - 60_000 > Date.now()) return cached.token
    pending ??= fetchToken().finally(() => {
      pending = null
    })
    return pending
  }
}
