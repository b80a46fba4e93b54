import { afterEach, describe, expect, it } from 'vitest';
import { createClients, httpTransport, type Transport } from '../src/index';
import { recordingContext } from './support/call-context';
import { searchResponse } from './support/fixtures';
import { type ScriptedServer, sendJson, startScriptedServer } from './support/scripted-server';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createClients', () => {
  it.each(['/composer', 'composer:8003', ''])('refuses %j as a service URL', (url) => {
    expect(() =>
      createClients({
        urls: { media: 'http://127.0.0.1:1', catalog: 'https://catalog.test', composer: url },
      }),
    ).toThrow(/urls\.composer/);
  });

  it('refuses retry and breaker settings that make no sense', () => {
    const urls = {
      media: 'http://127.0.0.1:1',
      catalog: 'http://127.0.0.1:2',
      composer: 'http://127.0.0.1:3',
    };
    expect(() => createClients({ urls, retry: { maxAttempts: 0 } })).toThrow(/maxAttempts/);
    expect(() => createClients({ urls, breaker: { consecutiveFailures: 1.5 } })).toThrow(
      /consecutiveFailures/,
    );
    expect(() => createClients({ urls, timeoutsMs: { media: -1 } })).toThrow(/timeoutsMs\.media/);
  });

  it('starts with every breaker closed', () => {
    const urls = {
      media: 'http://127.0.0.1:1',
      catalog: 'http://127.0.0.1:2',
      composer: 'http://127.0.0.1:3',
    };
    expect(createClients({ urls }).breakerStates()).toEqual({
      media: 'closed',
      catalog: 'closed',
      composer: 'closed',
    });
  });

  it('uses the injected transport', async () => {
    server = await startScriptedServer((_req, res) => sendJson(res, 200, searchResponse));
    const seen: string[] = [];
    const http = httpTransport();
    const counting: Transport = (request) => {
      seen.push(String(request.url));
      return http(request);
    };
    const urls = { media: server.url, catalog: server.url, composer: server.url };

    await createClients({ urls, transport: counting }).catalog.search({}, recordingContext().ctx);

    expect(seen).toEqual([`${server.url}/search`]);
  });

  it('does not let a throwing sink break a call', async () => {
    server = await startScriptedServer((_req, res) => sendJson(res, 200, searchResponse));
    const urls = { media: server.url, catalog: server.url, composer: server.url };
    const clients = createClients({
      urls,
      sink: () => {
        throw new Error('metrics backend down');
      },
    });

    await expect(clients.catalog.search({}, recordingContext().ctx)).resolves.toEqual(searchResponse);
  });
});
