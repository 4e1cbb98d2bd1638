import { Body, Controller, Get, HttpCode, Post, Put, Query, UseGuards } from '@nestjs/common';
import { parseInput } from '@lfc/common';
import {
  COST_ESTIMATE_PATH,
  CostEstimate,
  EstimateCostRequestSchema,
  ListModelPricesQuerySchema,
  ListModelPricesResponse,
  MODEL_PRICES_PATH,
  ModelPrice,
  UpsertModelPriceRequestSchema,
} from '@lfc/contracts';
import { EndUser, EndUserOf, ForEndUser, InternalCallers, ServiceTokenGuard } from '@lfc/internal-http';
import { ApiExcludeController } from '@nestjs/swagger';
import { usageCallerOf } from '../access/caller-policy';
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
  async list(@Query() query: unknown): Promise<ListModelPricesResponse> {
    return { prices: await this.listPrices.execute(parseInput(ListModelPricesQuerySchema, query, 'query')) };
  }

  /** For an admin surface on the gateway; the public admin API is `/api/v1/cost/prices`. */
  @Put(MODEL_PRICES_PATH)
  @InternalCallers('gateway')
  @ForEndUser()
  upsert(@Body() body: unknown, @EndUserOf() endUser: EndUser): Promise<ModelPrice> {
    return this.upsertPrice.execute(usageCallerOf(endUser), parseInput(UpsertModelPriceRequestSchema, body).price);
  }

  @Post(COST_ESTIMATE_PATH)
  @HttpCode(200)
  estimate(@Body() body: unknown): Promise<CostEstimate> {
    return this.estimateCost.execute(parseInput(EstimateCostRequestSchema, body));
  }
}
