import { makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { BlobStore } from './blob-store';

export const BLOB_OPERATIONS = 'lfc_blob_operations_total';
export type BlobOperations = Counter<'driver' | 'operation'>;
export const blobOperationsProvider = makeCounterProvider({
  name: BLOB_OPERATIONS,
  help: 'Blob-store operations by driver and operation',
  labelNames: ['driver', 'operation'],
});

const COUNTED = new Set<PropertyKey>([
  'put',
  'create',
  'append',
  'get',
  'stream',
  'stat',
  'delete',
  'list',
  'presignUpload',
  'presignDownload',
]);

/** Counts every storage operation (so a cache hit that touched no storage can be seen). */
export function instrumented(store: BlobStore, operations: BlobOperations): BlobStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || !COUNTED.has(property)) return value;
      return (...args: unknown[]) => {
        operations.inc({ driver: target.kind, operation: String(property) });
        return (value as (...callArgs: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
