import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A model's list price from a date on; a price change is a new row, so past usage keeps its price. */
@Entity({ name: 'model_prices' })
export class ModelPriceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  model!: string;

  @Column({ type: 'varchar', length: 100 })
  provider!: string;

  @Column({ name: 'input_usd_per_million', type: 'numeric', precision: 14, scale: 6 })
  inputUsdPerMillion!: string;

  @Column({ name: 'output_usd_per_million', type: 'numeric', precision: 14, scale: 6 })
  outputUsdPerMillion!: string;

  @Column({ type: 'char', length: 3, default: 'USD' })
  currency!: 'USD';

  /** `YYYY-MM-DD` (TypeORM hydrates date columns as strings; raw queries cast to text), never shifted by a time zone. */
  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
