import { Body, Controller, Get, HttpCode, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ZodPipe } from '@lfc/common';
import {
  COST_ESTIMATE_PATH,
  CostEstimate,
  EstimateCostRequestSchema,
  ListModelPricesQuery,
  ListModelPricesQuerySchema,
  ListModelPricesResponse,
  MODEL_PRICES_PATH,
  ModelPrice,
  UpsertModelPriceRequestSchema,
  UsageCaller,
} from '@lfc/contracts';
import { z } from 'zod';
import { ForEndUser, InternalCallers, ServiceTokenGuard } from '@lfc/internal-http';
import { ApiExcludeController } from '@nestjs/swagger';
import { UsageCallerOf } from '../access/caller-policy';
import { EstimateCostUseCase } from './estimate-cost.use-case';
import { ListModelPricesUseCase } from './list-model-prices.use-case';
import { UpsertModelPriceUseCase } from './upsert-model-price.use-case';

@ApiExcludeController()
@Controller()
@UseGuards(ServiceTokenGuard)
@InternalCallers('tool-executor')
export class PricesController {
  constructor(
    private readonly listPrices: ListModelPricesUseCase,
    private readonly upsertPrice: UpsertModelPriceUseCase,
    private readonly estimateCost: EstimateCostUseCase,
  ) {}

  @Get(MODEL_PRICES_PATH)
  async list(
    @Query(new ZodPipe(ListModelPricesQuerySchema, 'query')) query: ListModelPricesQuery,
  ): Promise<ListModelPricesResponse> {
    return { prices: await this.listPrices.execute(query) };
  }

  /** For an admin surface on the gateway; the public admin API is `/api/v1/cost/prices`. */
  @Put(MODEL_PRICES_PATH)
  @InternalCallers('gateway')
  @ForEndUser()
  upsert(
    @Body(new ZodPipe(UpsertModelPriceRequestSchema)) { price }: z.output<typeof UpsertModelPriceRequestSchema>,
    @UsageCallerOf() caller: UsageCaller,
  ): Promise<ModelPrice> {
    return this.upsertPrice.execute(caller, price);
  }

  @Post(COST_ESTIMATE_PATH)
  @HttpCode(200)
  estimate(
    @Body(new ZodPipe(EstimateCostRequestSchema)) request: z.output<typeof EstimateCostRequestSchema>,
  ): Promise<CostEstimate> {
    return this.estimateCost.execute(request);
  }
}
