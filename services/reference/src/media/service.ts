import { contracts } from '@talknshop/contracts';
import { contractRoute } from '../http/routes';
import type { ServiceDefinition } from '../http/server';
import { type AudioManifest, loadAudioManifest } from './audio-fixtures';
import { memoizedImageAttributes } from './image-attributes';
import { type ImageManifest, loadImageManifest } from './image-fixtures';
import { loadMedia } from './media-input';
import { transcribe } from './transcribe';

const MEDIA_BODY_LIMIT_BYTES = 15 * 1024 * 1024;
const MAX_MEDIA_BYTES = 10 * 1024 * 1024;
const MEDIA_FETCH_TIMEOUT_MS = 5_000;

export interface MediaLibraries {
  audio: AudioManifest;
  images: ImageManifest;
}

export function mediaService(
  libraries: MediaLibraries = { audio: loadAudioManifest(), images: loadImageManifest() },
): ServiceDefinition {
  const limits = { maxBytes: MAX_MEDIA_BYTES, fetchTimeoutMs: MEDIA_FETCH_TIMEOUT_MS };
  const imageAttributes = memoizedImageAttributes(libraries.images);
  return {
    name: 'media',
    bodyLimitBytes: MEDIA_BODY_LIMIT_BYTES,
    routes: [
      contractRoute(contracts.media.transcribe, async ({ audio }, { signal }) =>
        transcribe(
          await loadMedia(audio, { ...limits, field: 'audio', kind: 'audio', signal }),
          libraries.audio,
        ),
      ),
      contractRoute(contracts.media.extractImageAttributes, async ({ image }, { signal }) =>
        imageAttributes(await loadMedia(image, { ...limits, field: 'image', kind: 'image', signal })),
      ),
    ],
  };
}
