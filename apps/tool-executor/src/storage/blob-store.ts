import { access, constants, mkdir } from 'node:fs/promises';

/** Object storage for the file tools: S3 in production, a local folder in the embedded default. */
export abstract class BlobStore {
  abstract readonly kind: 's3' | 'local';
  /** Throws unless the store can be read and written now. */
  abstract check(): Promise<void>;
}

export class LocalFolderBlobStore extends BlobStore {
  readonly kind = 'local';

  constructor(private readonly root: string) {
    super();
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.R_OK | constants.W_OK);
  }
}
