import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Makes several repository writes one change: all commit, or none does. Use cases depend on this
 * abstract class (a DI token) and never see TypeORM; repositories take part through `managerOf`
 * and `transactionOf` without changing their signatures (ADR 011).
 */
export abstract class UnitOfWork {
  /** Runs `work` in one transaction; a run inside another joins the outer one. */
  abstract run<T>(work: () => Promise<T>): Promise<T>;
}

interface OpenTransaction {
  dataSource: DataSource;
  manager: EntityManager;
}

// The transaction follows the work through every await, so a repository called anywhere inside
// `run` writes on the same connection without anyone passing it along.
const openTransactions = new AsyncLocalStorage<OpenTransaction>();

function openOn(dataSource: DataSource): EntityManager | undefined {
  const open = openTransactions.getStore();
  return open?.dataSource === dataSource ? open.manager : undefined;
}

/** Where a repository reads and writes: the unit of work in progress on this data source, else the pool. */
export function managerOf(dataSource: DataSource): EntityManager {
  return openOn(dataSource) ?? dataSource.manager;
}

/**
 * Runs `work` in a transaction of its own, or in the unit of work in progress (a repository's own
 * multi-statement write, such as a check under an advisory lock, then commits with the use case's
 * other writes; its `pg_advisory_xact_lock` is held until that commit).
 */
export function transactionOf<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const open = openOn(dataSource);
  if (open) return work(open);
  return dataSource.transaction((manager) => openTransactions.run({ dataSource, manager }, () => work(manager)));
}

@Injectable()
export class TypeOrmUnitOfWork extends UnitOfWork {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return transactionOf(this.dataSource, () => work());
  }
}
