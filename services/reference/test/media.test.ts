import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ImageAttributesSchema, TranscribeResponseSchema } from '@talknshop/contracts';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioFixtures } from '../src/media/audio-fixtures';
import { extractImageAttributes, memoizedImageAttributes } from '../src/media/image-attributes';
import { imageFixtures } from '../src/media/image-fixtures';
import { encodeWav } from '../src/media/wav';
import { type ErrorBody, post, useService } from './helpers';

const media = useService('media');

/** A plain HTTP server for media-by-URL requests. */
let files: Server;
let filesUrl: string;
const served = new Map<string, { type: string; bytes: Buffer }>();
beforeAll(async () => {
  files = createServer((request, response) => {
    const file = served.get(request.url ?? '');
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type }).end(file.bytes);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => files.close(() => resolve())));

function png(
  width: number,
  height: number,
  color: (x: number, y: number) => [number, number, number, number],
) {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 4;
      image.data.set(color(x, y), offset);
    }
  }
  return PNG.sync.write(image);
}

function inline(contentType: string, bytes: Buffer) {
  return { content_type: contentType, data_base64: bytes.toString('base64') };
}

describe('POST /transcribe', () => {
  const fixtures = audioFixtures();

  it('ships a dozen or so spoken shopping requests', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
    expect(fixtures.map((fixture) => fixture.transcript)).toContain('I want to buy something nice');
  });

  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))(
    'transcribes %s',
    async (_name, fixture) => {
      const response = await post(`${media.url}/transcribe`, { audio: fixture.input, language_hint: 'en' });
      expect(response.status).toBe(200);
      const body = TranscribeResponseSchema.parse(response.body);
      // 8 kHz, 16-bit mono: two bytes per sample after the 44-byte header.
      const expectedDuration = (fixture.bytes.length - 44) / (8000 * 2);
      expect(body).toEqual({
        transcript: fixture.transcript,
        confidence: fixture.confidence,
        language: fixture.language,
        duration_seconds: Math.round(expectedDuration * 1000) / 1000,
      });
    },
  );

  it('fetches audio given by URL', async () => {
    const fixture = fixtures[0]!;
    served.set('/speech.wav', { type: 'audio/wav', bytes: fixture.bytes });
    const response = await post(`${media.url}/transcribe`, {
      audio: { content_type: 'audio/wav', url: `${filesUrl}/speech.wav` },
    });
    expect(response.status).toBe(200);
    expect(TranscribeResponseSchema.parse(response.body).transcript).toBe(fixture.transcript);
  });

  it('answers 422 UNRECOGNIZED_AUDIO for audio that is not a fixture', async () => {
    const tone = Int16Array.from({ length: 8000 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
    const response = await post<ErrorBody>(`${media.url}/transcribe`, {
      audio: inline('audio/wav', encodeWav(tone, 8000)),
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('UNRECOGNIZED_AUDIO');
  });

  it('answers 422 MEDIA_FETCH_FAILED when the URL does not answer with the file', async () => {
    const response = await post<ErrorBody>(`${media.url}/transcribe`, {
      audio: { content_type: 'audio/wav', url: `${filesUrl}/missing.wav` },
    });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'MEDIA_FETCH_FAILED', field: 'audio.url' });
  });

  it.each([
    [
      'a non-audio content type',
      { content_type: 'image/png', data_base64: 'AAAA' },
      'audio.content_type',
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'data that is not base64',
      { content_type: 'audio/wav', data_base64: 'not base64!' },
      'audio.data_base64',
      'INVALID_REQUEST',
    ],
    [
      'a URL that is not http(s)',
      { content_type: 'audio/wav', url: 'ftp://example.com/a.wav' },
      'audio.url',
      'INVALID_REQUEST',
    ],
    [
      'both data and URL',
      { content_type: 'audio/wav', data_base64: 'AAAA', url: 'http://example.com/a.wav' },
      'audio.url',
      'INVALID_REQUEST',
    ],
  ])('answers 400 for %s', async (_name, audio, field, code) => {
    const response = await post<ErrorBody>(`${media.url}/transcribe`, { audio });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code, field });
  });
});

describe('POST /extract-image-attributes', () => {
  async function extract(image: unknown) {
    const response = await post(`${media.url}/extract-image-attributes`, { image });
    expect(response.status).toBe(200);
    return ImageAttributesSchema.parse(response.body);
  }

  it('finds blue dominant in a mostly blue PNG', async () => {
    const bytes = png(40, 30, (_x, y) => (y < 27 ? [0, 0, 255, 255] : [255, 255, 255, 255]));
    const attributes = await extract(inline('image/png', bytes));
    expect(attributes).toMatchObject({
      width: 40,
      height: 30,
      labels: [],
      product_type: null,
      detected_text: [],
    });
    expect(attributes.colors[0]).toEqual({ name: 'blue', hex: '#0000ff', fraction: 0.9 });
    expect(attributes.colors[1]).toEqual({ name: 'white', hex: '#ffffff', fraction: 0.1 });
  });

  it('reads the colors of a JPEG', async () => {
    const width = 64;
    const height = 48;
    const data = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const left = i % width < 48;
      data.set(left ? [200, 20, 30, 255] : [20, 140, 40, 255], i * 4);
    }
    const bytes = jpeg.encode({ data, width, height }, 95).data;
    const attributes = await extract(inline('image/jpeg', bytes));
    expect(attributes.width).toBe(width);
    expect(attributes.height).toBe(height);
    expect(attributes.colors.map((color) => color.name).slice(0, 2)).toEqual(['red', 'green']);
    expect(attributes.colors[0]!.fraction).toBeGreaterThan(0.7);
  });

  it('ignores transparent pixels', async () => {
    const bytes = png(10, 10, (x) => (x < 5 ? [255, 0, 0, 0] : [255, 165, 0, 255]));
    const attributes = await extract(inline('image/png', bytes));
    expect(attributes.colors).toEqual([{ name: 'orange', hex: '#ffa500', fraction: 1 }]);
  });

  it.each(imageFixtures().map((fixture) => [fixture.name, fixture] as const))(
    'recognises the fixture %s',
    async (_name, fixture) => {
      const attributes = await extract(fixture.input);
      expect(attributes.labels).toEqual(fixture.labels);
      expect(attributes.product_type).toBe(fixture.productType);
      expect(attributes.detected_text).toEqual(fixture.detectedText);
      expect(attributes.colors[0]?.name).toBe(fixture.primaryColor);
    },
  );

  it('fetches images given by URL', async () => {
    const fixture = imageFixtures()[0]!;
    served.set('/picture', { type: fixture.contentType, bytes: fixture.bytes });
    const attributes = await extract({ content_type: fixture.contentType, url: `${filesUrl}/picture` });
    expect(attributes.labels).toEqual(fixture.labels);
  });

  it.each([
    ['random bytes', Buffer.from('definitely not an image')],
    ['a truncated PNG', png(20, 20, () => [1, 2, 3, 255]).subarray(0, 60)],
    [
      'a truncated JPEG',
      jpeg.encode({ data: Buffer.alloc(16 * 16 * 4, 128), width: 16, height: 16 }, 80).data.subarray(0, 100),
    ],
  ])('answers 422 UNDECODABLE_IMAGE for %s', async (_name, bytes) => {
    const response = await post<ErrorBody>(`${media.url}/extract-image-attributes`, {
      image: inline('image/png', bytes),
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('UNDECODABLE_IMAGE');
  });

  it('answers 400 UNSUPPORTED_MEDIA_TYPE for a non-image content type', async () => {
    const response = await post<ErrorBody>(`${media.url}/extract-image-attributes`, {
      image: inline('audio/wav', Buffer.from('abc')),
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      field: 'image.content_type',
    });
  });
});

describe('memoizedImageAttributes', () => {
  const blue = png(8, 8, () => [0, 0, 255, 255]);
  const red = png(8, 8, () => [255, 0, 0, 255]);

  it('answers a repeated image as the first time, with a copy the caller may change', () => {
    const analyse = memoizedImageAttributes({});
    const first = analyse(blue);
    first.colors.length = 0;
    expect(analyse(blue)).toEqual(extractImageAttributes(blue, {}));
    expect(analyse(blue).colors[0]?.name).toBe('blue');
  });

  it('keeps answering each image correctly once older entries are evicted', () => {
    const analyse = memoizedImageAttributes({}, 1);
    expect(analyse(blue).colors[0]?.name).toBe('blue');
    expect(analyse(red).colors[0]?.name).toBe('red');
    expect(analyse(blue).colors[0]?.name).toBe('blue');
  });
});
