import { UnitOfWork } from '../unit-of-work';

/** An in-memory store a failed unit of work puts back as it was, as a rollback would. */
export interface Restorable {
  /** Copies the current state; calling the result puts that copy back. */
  snapshot(): () => void;
}

/**
 * The unit of work of unit specs: runs the work at once and, when it throws, restores every
 * enlisted store, so a spec sees what a rolled-back transaction leaves. `open` tells a fake
 * whether it is called inside a unit (to check, say, that announcements wait for the commit).
 */
export class InMemoryUnitOfWork extends UnitOfWork {
  private depth = 0;
  /** Units that returned normally. */
  committed = 0;

  constructor(private readonly stores: readonly Restorable[] = []) {
    super();
  }

  get open(): boolean {
    return this.depth > 0;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.depth > 0) return work();
    const restores = this.stores.map((store) => store.snapshot());
    this.depth += 1;
    try {
      const result = await work();
      this.committed += 1;
      return result;
    } catch (error) {
      for (const restore of restores) restore();
      throw error;
    } finally {
      this.depth -= 1;
    }
  }
}
