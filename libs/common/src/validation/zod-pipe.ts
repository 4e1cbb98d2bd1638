import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { parseInput } from './parse';

/**
 * Binds one handler argument to its zod schema: `@Body(new ZodPipe(Schema))`,
 * `@Query(new ZodPipe(Schema, 'query'))`, `@Param('id', new ZodPipe(IdSchema, 'key id'))`. The
 * handler receives the validated command, never the raw input, and a failure is the same 400
 * `validation_failed` naming each bad field that `parseInput` gives everywhere else (ADR 011).
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown): z.output<S> {
    return parseInput(this.schema, value, this.what);
  }
}
