import { Body, Controller, Get, HttpCode, Post, Put, Query, Req, UseGuards } from '@nestjs/common';
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
import { ServiceTokenGuard } from '@lfc/internal-http';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { EstimateCostUseCase } from './estimate-cost.use-case';
import { ListModelPricesUseCase } from './list-model-prices.use-case';
import { UpsertModelPriceUseCase } from './upsert-model-price.use-case';

@ApiExcludeController()
@Controller()
@UseGuards(ServiceTokenGuard)
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

  @Put(MODEL_PRICES_PATH)
  upsert(@Body() body: unknown, @Req() request: FastifyRequest): Promise<ModelPrice> {
    const command = parseInput(UpsertModelPriceRequestSchema, body);
    request.logFields.user_id = command.caller.userId;
    return this.upsertPrice.execute(command.caller, command.price);
  }

  @Post(COST_ESTIMATE_PATH)
  @HttpCode(200)
  estimate(@Body() body: unknown): Promise<CostEstimate> {
    return this.estimateCost.execute(parseInput(EstimateCostRequestSchema, body));
  }
}
