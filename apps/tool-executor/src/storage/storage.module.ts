import { DynamicModule, Module, Provider } from '@nestjs/common';
import { getToken } from '@willsoto/nestjs-prometheus';
import { APP_LOGGER, AppLogger, ModuleImports, encodeServiceKey } from '@lfc/common';
import type { ToolExecutorConfig } from '../config';
import { FileLimits } from '../tools/files/file-policy';
import { BlobStore } from './blob-store';
import { BLOB_OPERATIONS, BlobOperations, blobOperationsProvider, instrumented } from './instrumented-blob-store';
import { LOCAL_BLOB_ROUTES_OPTIONS, LocalBlobRoutes, LocalBlobRoutesOptions } from './local-blob.routes';
import { LocalFolderBlobStore } from './local-folder.blob-store';
import { LocalPresigner } from './local-presigner';
import { S3BlobStore, S3BlobStoreOptions } from './s3.blob-store';
import { TenantQuota } from './tenant-quota';
import { KeyValueStore } from '@lfc/kv';

export type StorageConfig = Pick<
  ToolExecutorConfig,
  | 'HOST'
  | 'PORT'
  | 'LFC_SERVICE_PRIVATE_KEY'
  | 'LFC_BLOB_DIR'
  | 'LFC_BLOB_PUBLIC_URL'
  | 'LFC_S3_ENDPOINT'
  | 'LFC_S3_BUCKET'
  | 'LFC_S3_REGION'
  | 'LFC_S3_ACCESS_KEY_ID'
  | 'LFC_S3_SECRET_ACCESS_KEY'
  | 'LFC_S3_FORCE_PATH_STYLE'
  | 'LFC_FILE_INLINE_MAX_BYTES'
  | 'LFC_FILE_UPLOAD_MAX_BYTES'
  | 'LFC_FILE_CONTENT_TYPES'
  | 'LFC_TENANT_QUOTA_BYTES'
>;

export type S3Config = Pick<
  StorageConfig,
  'LFC_S3_BUCKET' | 'LFC_S3_REGION' | 'LFC_S3_ACCESS_KEY_ID' | 'LFC_S3_SECRET_ACCESS_KEY' | 'LFC_S3_FORCE_PATH_STYLE'
> & { LFC_S3_ENDPOINT: string };

/** The S3 driver's options from the settings (the executor's, and `lfc backup`'s, which reads the same variables). */
export function s3OptionsOf(config: S3Config): S3BlobStoreOptions {
  return {
    endpoint: config.LFC_S3_ENDPOINT,
    bucket: config.LFC_S3_BUCKET,
    region: config.LFC_S3_REGION,
    forcePathStyle: config.LFC_S3_FORCE_PATH_STYLE,
    ...(config.LFC_S3_ACCESS_KEY_ID ? { accessKeyId: config.LFC_S3_ACCESS_KEY_ID } : {}),
    ...(config.LFC_S3_SECRET_ACCESS_KEY ? { secretAccessKey: config.LFC_S3_SECRET_ACCESS_KEY } : {}),
  };
}

/** Injection token of the file tools' limits and content-type allow-list. */
export const FILE_LIMITS = Symbol('FILE_LIMITS');

/** Where clients reach this executor when no public URL is configured: loopback, as under `npm start`. */
function defaultPublicUrl(config: StorageConfig): string {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}

/**
 * The blob store: S3 when `LFC_S3_ENDPOINT` is set (the bucket is created or checked before the
 * service starts, so a wrong endpoint or key stops it with a clear error), otherwise the local
 * folder, whose presigned URLs this executor serves itself. `imports` are the KvModule (tenant quotas)
 * and the CacheModule (uploads invalidate cached results).
 */
@Module({})
export class StorageModule {
  static forRoot(config: StorageConfig, imports: ModuleImports): DynamicModule {
    const limits: FileLimits = {
      inlineMaxBytes: config.LFC_FILE_INLINE_MAX_BYTES,
      uploadMaxBytes: config.LFC_FILE_UPLOAD_MAX_BYTES,
      contentTypes: config.LFC_FILE_CONTENT_TYPES,
    };
    const providers: Provider[] = [{ provide: FILE_LIMITS, useValue: limits }, blobOperationsProvider];

    if (config.LFC_S3_ENDPOINT) {
      const endpoint = config.LFC_S3_ENDPOINT;
      providers.push({
        provide: BlobStore,
        inject: [APP_LOGGER, getToken(BLOB_OPERATIONS)],
        useFactory: async (logger: AppLogger, operations: BlobOperations): Promise<BlobStore> => {
          const store = new S3BlobStore(s3OptionsOf({ ...config, LFC_S3_ENDPOINT: endpoint }));
          await store.ensureBucket();
          logger
            .child({ context: 'Storage' })
            .info(`files in S3 bucket ${config.LFC_S3_BUCKET} at ${new URL(endpoint).host}`);
          return instrumented(store, operations);
        },
      });
    } else {
      // Keyed from the executor's own private key: only the executor signs and checks these URLs.
      const presigner = new LocalPresigner(
        encodeServiceKey(config.LFC_SERVICE_PRIVATE_KEY),
        config.LFC_BLOB_PUBLIC_URL ?? defaultPublicUrl(config),
      );
      const store = new LocalFolderBlobStore(config.LFC_BLOB_DIR, presigner);
      const routes: LocalBlobRoutesOptions = { store, presigner, uploadMaxBytes: config.LFC_FILE_UPLOAD_MAX_BYTES };
      providers.push(
        {
          provide: BlobStore,
          inject: [getToken(BLOB_OPERATIONS)],
          useFactory: async (operations: BlobOperations): Promise<BlobStore> => {
            await store.check();
            return instrumented(store, operations);
          },
        },
        { provide: LOCAL_BLOB_ROUTES_OPTIONS, useValue: routes },
        LocalBlobRoutes,
      );
    }

    providers.push({
      provide: TenantQuota,
      inject: [BlobStore, KeyValueStore],
      useFactory: (store: BlobStore, kv: KeyValueStore) => new TenantQuota(store, kv, config.LFC_TENANT_QUOTA_BYTES),
    });
    return { module: StorageModule, imports, providers, exports: [BlobStore, FILE_LIMITS, TenantQuota] };
  }
}
