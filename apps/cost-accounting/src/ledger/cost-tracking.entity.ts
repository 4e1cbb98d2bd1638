import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One LLM usage event. Money is a decimal string (numeric column), never a float. */
@Entity({ name: 'cost_tracking' })
export class CostTrackingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'key_id', type: 'uuid', nullable: true })
  keyId!: string | null;

  /** Isolation boundary the usage belongs to, as the gateway established it. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  tenant!: string | null;

  @Column({ name: 'operation_id', type: 'varchar', length: 255, nullable: true })
  operationId!: string | null;

  @Column({ name: 'operation_type', type: 'varchar', length: 100 })
  operationType!: string;

  @Column({ type: 'varchar', length: 255 })
  model!: string;

  /** False when no price was known at recording time: the cost is then 0 and the row is flagged. */
  @Column({ name: 'model_known', type: 'boolean', default: true })
  modelKnown!: boolean;

  @Column({ name: 'input_tokens', type: 'integer', default: 0 })
  inputTokens!: number;

  @Column({ name: 'output_tokens', type: 'integer', default: 0 })
  outputTokens!: number;

  @Column({ name: 'tokens_used', type: 'integer', default: 0 })
  tokensUsed!: number;

  @Column({ name: 'cost_usd', type: 'numeric', precision: 24, scale: 12, default: 0 })
  costUsd!: string;

  /** Recorded past the limit of a budget that asks first, with the person's confirmation. */
  @Column({ name: 'overrun_confirmed', type: 'boolean', default: false })
  overrunConfirmed!: boolean;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  timestamp!: Date;
}
