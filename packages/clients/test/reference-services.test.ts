import { EMPTY_REQUIREMENTS, type Requirements, SERVICE_NAMES, type ServiceName } from '@talknshop/contracts';
import {
  audioFixtures,
  imageFixtures,
  type ReferenceServices,
  startReferenceServices,
} from '@talknshop/reference-services';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BadResponseError,
  type CallRecord,
  CircuitOpenError,
  type ClientsConfig,
  createClients,
  NotFoundError,
  RejectedError,
  TimeoutError,
} from '../src/index';
import { recordingContext, sleep } from './support/call-context';
import { type ReferenceAdmin, referenceAdmin } from './support/reference-admin';

let services: ReferenceServices;
let admin: Record<ServiceName, ReferenceAdmin>;

beforeAll(async () => {
  // env {} keeps any *_FAULTS variable of the shell out of the tests.
  services = await startReferenceServices({ env: {} });
  admin = {
    media: referenceAdmin(services.urls.media),
    catalog: referenceAdmin(services.urls.catalog),
    composer: referenceAdmin(services.urls.composer),
  };
});

afterAll(async () => {
  await services?.close();
});

afterEach(async () => {
  for (const name of SERVICE_NAMES) {
    await admin[name].clearFaults();
    await admin[name].forgetRequests();
  }
});

/** Short delays keep the suite fast; the breaker stays out of the way unless a test is about it. */
function clientsFor(overrides: Partial<ClientsConfig> = {}) {
  return createClients({
    urls: services.urls,
    retry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20 },
    breaker: { consecutiveFailures: 100, halfOpenAfterMs: 10_000 },
    ...overrides,
  });
}

const shoeRequirements: Requirements = { ...EMPTY_REQUIREMENTS, product_type: null, keywords: ['shoes'] };

describe('happy path against the reference services', () => {
  it('media transcribes a known recording', async () => {
    const fixture = audioFixtures()[0]!;
    const { ctx, records } = recordingContext();

    const result = await clientsFor().media.transcribe({ audio: fixture.input }, ctx);

    expect(result).toMatchObject({ transcript: fixture.transcript, language: fixture.language });
    expect(records).toEqual([
      expect.objectContaining({ service: 'media', endpoint: '/transcribe', attempt: 1, status: 200 }),
    ]);
  });

  it('media extracts the attributes of a known image', async () => {
    const fixture = imageFixtures()[0]!;

    const result = await clientsFor().media.extractImageAttributes(
      { image: fixture.input },
      recordingContext().ctx,
    );

    expect(result.product_type).toBe(fixture.productType);
    expect(result.labels).toEqual(fixture.labels);
    expect(result.width).toBeGreaterThan(0);
  });

  it('catalog searches and fetches a product by id', async () => {
    const clients = clientsFor();
    const { ctx } = recordingContext();

    const found = await clients.catalog.search({ query: 'running shoes', limit: 5 }, ctx);
    expect(found.products.length).toBeGreaterThan(0);
    const first = found.products[0]!;

    const product = await clients.catalog.getProduct(first.product_id, ctx);

    const { relevance: _relevance, ...expected } = first;
    expect(product).toEqual(expected);
  });

  it('composer ranks search hits and composes a reply from them', async () => {
    const clients = clientsFor();
    const { ctx } = recordingContext();
    const { products } = await clients.catalog.search({ query: 'shoes', limit: 10 }, ctx);

    const ranked = await clients.composer.rank({ requirements: shoeRequirements, products }, ctx);
    expect(ranked.products.map((p) => p.product_id).sort()).toEqual(products.map((p) => p.product_id).sort());

    const composed = await clients.composer.compose(
      { requirements: shoeRequirements, products: ranked.products, max_cards: 3 },
      ctx,
    );
    expect(composed.reply.length).toBeGreaterThan(0);
    expect(composed.cards.length).toBeLessThanOrEqual(3);
  });
});

describe('forwarded headers', () => {
  it('reach every service: x-request-id and traceparent', async () => {
    const clients = clientsFor();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const { ctx } = recordingContext({ requestId: 'req-headers-1', traceparent });

    await clients.media.transcribe({ audio: audioFixtures()[0]!.input }, ctx);
    const { products } = await clients.catalog.search({ query: 'shoes', limit: 3 }, ctx);
    await clients.composer.rank({ requirements: shoeRequirements, products }, ctx);

    for (const name of SERVICE_NAMES) {
      const observed = await admin[name].requests();
      expect(observed).toHaveLength(1);
      expect(observed[0]!.headers).toMatchObject({ 'x-request-id': 'req-headers-1', traceparent });
    }
  });
});

describe('retries against injected faults', () => {
  it('recover once an injected 503 is switched off between attempts', async () => {
    await admin.catalog.setFaults({
      seed: 7,
      rules: [{ endpoint: '/search', error_rate: 1, error_status: 503 }],
    });
    let switchedOff: Promise<unknown> | undefined;
    const clients = clientsFor({ retry: { maxAttempts: 50, initialDelayMs: 5, maxDelayMs: 20 } });
    const { ctx, records } = recordingContext({
      sink: (record) => {
        records.push(record);
        switchedOff ??= admin.catalog.clearFaults();
      },
    });

    const result = await clients.catalog.search({ query: 'shoes' }, ctx);
    await switchedOff;

    expect(result.products.length).toBeGreaterThan(0);
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records[0]).toMatchObject({ attempt: 1, status: 503, error_code: 'UNAVAILABLE' });
    expect(records.at(-1)).toMatchObject({ attempt: records.length, status: 200, error_code: null });
    expect(await admin.catalog.requests()).toHaveLength(records.length);
  });

  it('ride over a seeded 50% error rate', async () => {
    await admin.catalog.setFaults({
      seed: 42,
      rules: [{ endpoint: '/search', error_rate: 0.5, error_status: 503 }],
    });
    const clients = clientsFor({ retry: { maxAttempts: 12, initialDelayMs: 1, maxDelayMs: 5 } });
    const records: CallRecord[] = [];

    for (let i = 0; i < 10; i++) {
      const { ctx } = recordingContext({ sink: (record) => records.push(record) });
      await expect(clients.catalog.search({ query: 'shoes' }, ctx)).resolves.toMatchObject({
        total: expect.any(Number),
      });
    }

    const failed = records.filter((r) => r.error_code !== null);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.status === 503 && r.error_code === 'UNAVAILABLE')).toBe(true);
    expect(records.filter((r) => r.status === 200)).toHaveLength(10);
    expect(await admin.catalog.requests()).toHaveLength(records.length);
  });

  it('are not made for a 404 product', async () => {
    const { ctx, records } = recordingContext();

    const error = await clientsFor()
      .catalog.getProduct('no-such-product', ctx)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, endpoint: '/products/{product_id}' });
    expect(records).toHaveLength(1);
    expect(await admin.catalog.requests()).toHaveLength(1);
  });

  it('are not made for a 422 unrecognized audio', async () => {
    const { ctx, records } = recordingContext();
    const unknownAudio = {
      content_type: 'audio/wav',
      data_base64: Buffer.from('not a fixture').toString('base64'),
    };

    const error = await clientsFor()
      .media.transcribe({ audio: unknownAudio }, ctx)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RejectedError);
    expect(error).toMatchObject({ status: 422, downstreamCode: 'UNRECOGNIZED_AUDIO', retryable: false });
    expect(records).toHaveLength(1);
    expect(await admin.media.requests()).toHaveLength(1);
  });
});

describe('timeouts against injected latency', () => {
  it('turn a hanging endpoint into TimeoutError after the allowed attempts', async () => {
    await admin.catalog.setFaults({ rules: [{ endpoint: '/search', hang: true }] });
    const clients = clientsFor({ timeoutsMs: { catalog: 100 } });
    const { ctx, records } = recordingContext();

    const error = await clients.catalog.search({ query: 'shoes' }, ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ callerImposed: false });
    expect(records.map((r) => [r.attempt, r.status, r.error_code])).toEqual([
      [1, null, 'TIMEOUT'],
      [2, null, 'TIMEOUT'],
      [3, null, 'TIMEOUT'],
    ]);
    // An attempt aborted before its request arrived leaves no trace on the service, so at most three.
    expect((await admin.catalog.requests()).length).toBeLessThanOrEqual(3);
  });

  it('turn latency beyond the timeout into TimeoutError', async () => {
    await admin.composer.setFaults({ rules: [{ endpoint: '*', latency: 2_000 }] });
    const clients = clientsFor({ timeoutsMs: { composer: 100 }, retry: { maxAttempts: 1 } });

    await expect(
      clients.composer.rank({ requirements: shoeRequirements, products: [] }, recordingContext().ctx),
    ).rejects.toBeInstanceOf(TimeoutError);
  });

  it('respect the caller deadline: only attempts that start before it are made', async () => {
    await admin.catalog.setFaults({ rules: [{ endpoint: '/search', hang: true }] });
    const clients = clientsFor({
      timeoutsMs: { catalog: 150 },
      retry: { maxAttempts: 10, initialDelayMs: 5, maxDelayMs: 20 },
    });
    const deadline = Date.now() + 400;
    const { ctx, records } = recordingContext({ deadline });

    const error = await clients.catalog.search({ query: 'shoes' }, ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    // 150 ms attempts within 400 ms: at most three fit, far fewer than the ten allowed.
    expect(records.length).toBeGreaterThanOrEqual(1);
    expect(records.length).toBeLessThanOrEqual(3);
    for (const record of records) expect(Date.parse(record.started_at)).toBeLessThan(deadline);
    expect((await admin.catalog.requests()).length).toBeLessThanOrEqual(records.length);
  });
});

describe('the circuit breaker against sustained failure', () => {
  it('opens, keeps requests off the service, and closes again after the half-open delay', async () => {
    const halfOpenAfterMs = 100;
    await admin.catalog.setFaults({ rules: [{ endpoint: '*', error_rate: 1, error_status: 503 }] });
    const clients = clientsFor({
      retry: { maxAttempts: 1 },
      breaker: { consecutiveFailures: 3, halfOpenAfterMs },
    });
    const { ctx, records } = recordingContext();
    for (let i = 0; i < 3; i++) await clients.catalog.search({ query: 'shoes' }, ctx).catch(() => undefined);
    expect(clients.breakerStates().catalog).toBe('open');
    await admin.catalog.forgetRequests();

    await expect(clients.catalog.search({ query: 'shoes' }, ctx)).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(clients.catalog.getProduct('sku-1', ctx)).rejects.toBeInstanceOf(CircuitOpenError);

    expect(await admin.catalog.requests()).toHaveLength(0);
    expect(records.slice(-2)).toEqual([
      expect.objectContaining({ attempt: 1, status: null, error_code: 'CIRCUIT_OPEN' }),
      expect.objectContaining({ attempt: 1, status: null, error_code: 'CIRCUIT_OPEN' }),
    ]);

    await admin.catalog.clearFaults();
    await sleep(halfOpenAfterMs * 2);
    await expect(clients.catalog.search({ query: 'shoes' }, ctx)).resolves.toMatchObject({
      products: expect.any(Array),
    });
    expect(clients.breakerStates().catalog).toBe('closed');
    expect(await admin.catalog.requests()).toHaveLength(1);
  });
});

describe('malformed bodies', () => {
  it('become BadResponseError, are not retried, and count against the breaker', async () => {
    await admin.catalog.setFaults({ seed: 3, rules: [{ endpoint: '*', malformed_rate: 1 }] });
    const clients = clientsFor({ breaker: { consecutiveFailures: 4, halfOpenAfterMs: 10_000 } });
    const records: CallRecord[] = [];

    for (let i = 0; i < 4; i++) {
      const { ctx } = recordingContext({ sink: (record) => records.push(record) });
      const error = await clients.catalog.search({ query: 'shoes' }, ctx).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadResponseError);
      expect(error).toMatchObject({ status: 200, retryable: false });
    }

    expect(records.map((r) => r.error_code)).toEqual(Array(4).fill('BAD_RESPONSE'));
    expect(await admin.catalog.requests()).toHaveLength(4);
    expect(clients.breakerStates().catalog).toBe('open');
  });
});
