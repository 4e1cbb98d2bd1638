/**
 * A parameterised WHERE clause built condition by condition: each `?` in a condition becomes the
 * next `$n` placeholder and its value joins `params`, so numbering never has to be kept by hand.
 */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Adds `condition`; its `?` placeholders take `values` in order. */
  where(condition: string, ...values: unknown[]): this {
    const placeholders = condition.split('?').length - 1;
    if (placeholders !== values.length) {
      throw new Error(`SqlFilter: ${placeholders} placeholders but ${values.length} values in "${condition}"`);
    }
    let next = 0;
    this.conditions.push(condition.replace(/\?/g, () => this.param(values[next++])));
    return this;
  }

  /** A placeholder for a value used outside the conditions (LIMIT, …). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** `WHERE a AND b …`, or nothing when no condition was added. */
  get clause(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
