import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FIXTURES_DIR, readManifest, sha256Hex } from './fixture-files';
import { parseWav } from './wav';

/** `fixtures/audio/manifest.json`: SHA-256 of each file's bytes → what was said in it. */
export const AudioManifestSchema = z.record(
  z.string().regex(/^[0-9a-f]{64}$/),
  z.strictObject({
    file: z.string().regex(/^[\w.-]+\.wav$/),
    transcript: z.string().min(1),
    language: z.string().min(2),
    confidence: z.number().min(0).max(1),
  }),
);
export type AudioManifest = z.infer<typeof AudioManifestSchema>;
export type AudioManifestEntry = AudioManifest[string];

export interface AudioFixture {
  /** File name without extension, e.g. "red-running-shoes". */
  name: string;
  path: string;
  contentType: 'audio/wav';
  bytes: Buffer;
  base64: string;
  sha256: string;
  transcript: string;
  language: string;
  confidence: number;
  durationSeconds: number;
  /** Ready to send as `audio` in a transcribe request. */
  input: { content_type: string; data_base64: string };
}

export function loadAudioManifest(): AudioManifest {
  return readManifest('audio', AudioManifestSchema);
}

/** Every committed audio fixture with its bytes and expected transcription, in file-name order. */
export function audioFixtures(): AudioFixture[] {
  return Object.entries(loadAudioManifest())
    .map(([sha256, entry]) => {
      const path = join(FIXTURES_DIR, 'audio', entry.file);
      const bytes = readFileSync(path);
      if (sha256Hex(bytes) !== sha256) throw new Error(`${entry.file} does not match its manifest hash`);
      const base64 = bytes.toString('base64');
      return {
        name: entry.file.replace(/\.wav$/, ''),
        path,
        contentType: 'audio/wav' as const,
        bytes,
        base64,
        sha256,
        transcript: entry.transcript,
        language: entry.language,
        confidence: entry.confidence,
        durationSeconds: parseWav(bytes).durationSeconds,
        input: { content_type: 'audio/wav', data_base64: base64 },
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
