export * from './data-source';
export * from './database.module';
export * from './sql-filter';
export * from './unit-of-work';
