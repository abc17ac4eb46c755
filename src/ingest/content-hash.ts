import { createHash } from 'node:crypto';

/** A short stable hash of a post's source, for change detection. */
export function contentHash(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('base64url');
}
