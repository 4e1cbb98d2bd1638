import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface RunningS3 {
  /** The executor's settings that point it at this server. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * An S3-protocol server on loopback (s3rver) with an empty folder behind it. It speaks the protocol
 * for real (XML, ranges, listings, presigned query authentication) but does NOT check V4 signatures
 * or their expiry: whatever a presigned URL pins (size, content type) is only proven against it by
 * the local driver's own checks and by the unit tests of what the S3 driver signs.
 */
export async function startS3rver(bucket = 'lfc-e2e'): Promise<RunningS3> {
  const directory = await mkdtemp(join(tmpdir(), 'lfc-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
  const { port } = await server.run();
  return {
    env: {
      LFC_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      LFC_S3_BUCKET: bucket,
      LFC_S3_ACCESS_KEY_ID: 'S3RVER',
      LFC_S3_SECRET_ACCESS_KEY: 'S3RVER',
      LFC_S3_FORCE_PATH_STYLE: 'true',
    },
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
