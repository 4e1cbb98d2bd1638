import { DynamicModule, Module } from '@nestjs/common';
import { BlobStore, LocalFolderBlobStore } from './blob-store';

@Module({})
export class StorageModule {
  static forRoot(options: { localDir: string }): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      providers: [{ provide: BlobStore, useValue: new LocalFolderBlobStore(options.localDir) }],
      exports: [BlobStore],
    };
  }
}
