import { JWTPayload, SignJWT, importPKCS8 } from 'jose';
import { Client } from 'pg';

/**
 * `payload` signed with auth's current signing key (read from its database), as auth itself signs
 * access tokens: for tokens a test needs with claims, or at an instant, that a login cannot give.
 */
export async function signWithAuthKey(databaseUrl: string, payload: JWTPayload): Promise<string> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ kid: string; private_key_pem: string }>(
    'SELECT kid, private_key_pem FROM auth.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
  );
  await db.end();
  const row = rows[0]!;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: row.kid })
    .sign(await importPKCS8(row.private_key_pem, 'RS256'));
}
