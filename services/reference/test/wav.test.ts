import { describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from '../src/media/wav';

describe('parseWav', () => {
  it('reads the format and duration of a WAV file', () => {
    const wav = parseWav(encodeWav(new Int16Array(12_000), 8000));
    expect(wav).toMatchObject({ audioFormat: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
    expect(wav.durationSeconds).toBe(1.5);
  });

  it.each([
    ['empty input', new Uint8Array()],
    ['a non-RIFF file', new TextEncoder().encode('ID3 definitely an mp3 file')],
    ['a WAV without a data chunk', encodeWav(new Int16Array(10), 8000).subarray(0, 36)],
  ])('rejects %s', (_name, bytes) => {
    expect(() => parseWav(bytes)).toThrow();
  });
});
