// Regenerates fixtures/audio/*.wav and fixtures/audio/manifest.json: `pnpm run generate:audio`.
// Needs espeak-ng (Debian: `apt-get install espeak-ng`); the outputs are committed so nothing else does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioManifest } from '../src/media/audio-fixtures';
import { FIXTURES_DIR, sha256Hex } from '../src/media/fixture-files';
import { encodeWav, parseWav } from '../src/media/wav';

/** Telephone-quality speech keeps the committed files small. */
const SAMPLE_RATE = 8000;

interface Recording {
  file: string;
  /** What espeak-ng says (numbers spelled out the way a shopper would say them). */
  spoken: string;
  /** What a speech-to-text service would return for it. */
  transcript: string;
  voice: string;
  language: string;
  confidence: number;
}

const RECORDINGS: Recording[] = [
  {
    file: 'red-running-shoes.wav',
    spoken: 'red running shoes under one hundred dollars',
    transcript: 'red running shoes under 100 dollars',
    voice: 'en-us',
    language: 'en-US',
    confidence: 0.94,
  },
  {
    file: 'noise-cancelling-headphones.wav',
    spoken: 'noise cancelling headphones',
    transcript: 'noise cancelling headphones',
    voice: 'en-us',
    language: 'en-US',
    confidence: 0.96,
  },
  {
    file: 'laptop-for-school.wav',
    spoken: 'I need a laptop for school under 800 dollars',
    transcript: 'I need a laptop for school under $800',
    voice: 'en-us+f3',
    language: 'en-US',
    confidence: 0.92,
  },
  {
    file: 'blue-rain-jacket.wav',
    spoken: 'a blue rain jacket, size medium',
    transcript: 'a blue rain jacket size medium',
    voice: 'en-gb',
    language: 'en-GB',
    confidence: 0.91,
  },
  {
    file: 'something-nice.wav',
    spoken: 'I want to buy something nice',
    transcript: 'I want to buy something nice',
    voice: 'en-us+f2',
    language: 'en-US',
    confidence: 0.95,
  },
  {
    file: 'sony-headphones.wav',
    spoken: 'show me Sony headphones',
    transcript: 'show me Sony headphones',
    voice: 'en-us',
    language: 'en-US',
    confidence: 0.93,
  },
  {
    file: 'womens-hiking-boots.wav',
    spoken: 'waterproof hiking boots for women, size eight',
    transcript: 'waterproof hiking boots for women size 8',
    voice: 'en-us+f3',
    language: 'en-US',
    confidence: 0.9,
  },
  {
    file: 'gaming-laptop-four-stars.wav',
    spoken: 'a gaming laptop rated at least four stars',
    transcript: 'a gaming laptop rated at least 4 stars',
    voice: 'en-us',
    language: 'en-US',
    confidence: 0.93,
  },
  {
    file: 'refurbished-iphone.wav',
    spoken: 'a refurbished iPhone',
    transcript: 'a refurbished iPhone',
    voice: 'en-us+m3',
    language: 'en-US',
    confidence: 0.89,
  },
  {
    file: 'espresso-machine.wav',
    spoken: 'an espresso machine under three hundred dollars',
    transcript: 'an espresso machine under $300',
    voice: 'en-gb',
    language: 'en-GB',
    confidence: 0.92,
  },
  {
    file: 'black-laptop-backpack.wav',
    spoken: 'a black laptop backpack',
    transcript: 'a black laptop backpack',
    voice: 'en-us+f2',
    language: 'en-US',
    confidence: 0.95,
  },
  {
    file: 'garmin-running-watch.wav',
    spoken: 'a Garmin running watch',
    transcript: 'a Garmin running watch',
    voice: 'en-us',
    language: 'en-US',
    confidence: 0.9,
  },
  {
    file: 'show-me-cheaper-ones.wav',
    spoken: 'show me cheaper ones',
    transcript: 'show me cheaper ones',
    voice: 'en-us+m3',
    language: 'en-US',
    confidence: 0.97,
  },
  {
    file: 'red-dress-size-small.wav',
    spoken: 'a red dress for a wedding, in size small',
    transcript: 'a red dress for a wedding in size small',
    voice: 'en-us+f3',
    language: 'en-US',
    confidence: 0.93,
  },
];

const audioDir = join(FIXTURES_DIR, 'audio');
for (const file of readdirSync(audioDir)) {
  if (file.endsWith('.wav')) unlinkSync(join(audioDir, file));
}
const scratch = mkdtempSync(join(tmpdir(), 'audio-fixtures-'));
const manifest: AudioManifest = {};
try {
  for (const recording of RECORDINGS) {
    const raw = join(scratch, recording.file);
    execFileSync('espeak-ng', ['-v', recording.voice, '-s', '150', '-w', raw, recording.spoken]);
    const bytes = encodeWav(resample(readSamples(readFileSync(raw)), SAMPLE_RATE), SAMPLE_RATE);
    writeFileSync(join(audioDir, recording.file), bytes);
    manifest[sha256Hex(bytes)] = {
      file: recording.file,
      transcript: recording.transcript,
      language: recording.language,
      confidence: recording.confidence,
    };
    console.log(`${recording.file}: ${bytes.length} bytes, ${parseWav(bytes).durationSeconds.toFixed(2)} s`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
writeFileSync(join(audioDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

interface Samples {
  rate: number;
  values: Float64Array;
}

function readSamples(bytes: Buffer): Samples {
  const wav = parseWav(bytes);
  if (wav.audioFormat !== 1 || wav.bitsPerSample !== 16 || wav.channels !== 1) {
    throw new Error('expected 16-bit mono PCM from espeak-ng');
  }
  const values = new Float64Array(wav.dataLength / 2);
  for (let index = 0; index < values.length; index++)
    values[index] = bytes.readInt16LE(wav.dataOffset + index * 2);
  return { rate: wav.sampleRate, values };
}

/** Windowed-sinc resampling with a low-pass just under the new Nyquist frequency. */
function resample({ rate, values }: Samples, targetRate: number): Int16Array {
  const ratio = rate / targetRate;
  const cutoff = (0.9 * 0.5) / ratio;
  const halfWidth = Math.ceil(8 * ratio);
  const output = new Int16Array(Math.floor(values.length / ratio));
  for (let n = 0; n < output.length; n++) {
    const center = n * ratio;
    let sum = 0;
    let weights = 0;
    for (let k = Math.floor(center) - halfWidth; k <= Math.floor(center) + halfWidth; k++) {
      if (k < 0 || k >= values.length) continue;
      const distance = k - center;
      const window = 0.5 + 0.5 * Math.cos((Math.PI * distance) / (halfWidth + 1));
      const sinc =
        distance === 0 ? 1 : Math.sin(2 * Math.PI * cutoff * distance) / (2 * Math.PI * cutoff * distance);
      sum += (values[k] ?? 0) * sinc * window;
      weights += sinc * window;
    }
    output[n] = Math.max(-32768, Math.min(32767, Math.round(sum / weights)));
  }
  return output;
}
