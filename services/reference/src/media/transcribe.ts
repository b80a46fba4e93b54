import type { TranscribeResponse } from '@talknshop/contracts';
import { ServiceError } from '../http/errors';
import type { AudioManifest } from './audio-fixtures';
import { sha256Hex } from './fixture-files';
import { parseWav } from './wav';

/**
 * "Transcribes" audio by recognising a fixture recording from its SHA-256; the duration is read from the
 * WAV header of the bytes actually received.
 */
export function transcribe(audio: Buffer, library: AudioManifest): TranscribeResponse {
  const entry = library[sha256Hex(audio)];
  if (entry === undefined) {
    throw new ServiceError(
      422,
      'UNRECOGNIZED_AUDIO',
      'audio is not one of the reference fixtures; see fixtures/audio/manifest.json',
      'audio',
    );
  }
  return {
    transcript: entry.transcript,
    confidence: entry.confidence,
    language: entry.language,
    duration_seconds: Math.round(parseWav(audio).durationSeconds * 1000) / 1000,
  };
}
