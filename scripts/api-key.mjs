#!/usr/bin/env node
// Makes a new API key for a client: prints the key (give it to the client, once) and the API_KEYS entry
// (its SHA-256 hash) for the server's configuration. The server never sees or stores the plain key.
import { createHash, randomBytes } from 'node:crypto';

const clientId = process.argv[2];
if (!clientId || !/^[A-Za-z0-9_.-]{1,64}$/.test(clientId)) {
  console.error('usage: npm run api-key -- <client_id>   (letters, digits, _ . -)');
  process.exit(2);
}
const key = `tns_${randomBytes(24).toString('base64url')}`;
const hash = createHash('sha256').update(key, 'utf8').digest('hex');
console.log(`key (give to ${clientId}): ${key}`);
console.log(`API_KEYS entry:            ${clientId}:${hash}`);
