import { passkeyReference } from '../../src/features/passkeys/passkeys.queries.ts';
import { SoftwareAuthenticator } from './software-authenticator.ts';
import type { WebClient } from './web-client.ts';

/**
 * Adds a passkey from "Your passkeys" as a signed-in person would (a real registration made
 * by a software authenticator), and returns the device and the passkey's reference.
 */
export async function addPasskeyThroughAccount(
  client: WebClient,
  device = new SoftwareAuthenticator(),
  name = 'Work laptop',
): Promise<{ device: SoftwareAuthenticator; reference: string }> {
  await client.get('/account/passkeys');
  const options = (await client.get('/account/passkeys/options')).json();
  const attestation = device.create(options);
  const response = await client.post('/account/passkeys', { name, credential: JSON.stringify(attestation) });
  if (response.statusCode !== 303) throw new Error(`adding a passkey answered ${response.statusCode}`);
  return { device, reference: passkeyReference(attestation.id) };
}
