import { Body, Controller, Get, Put, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiQueryOf, ZodPipe, openApi } from '@lfc/common';
import {
  ListModelPricesResponse,
  ModelPrice,
  PriceListQuery,
  PriceListQuerySchema,
  UpsertPriceBody,
  UpsertPriceBodySchema,
} from '@lfc/contracts';
import { AccessGuard } from '@lfc/access';
import { AuthenticatedGuard, RequiresScope, Roles } from '@lfc/identity';
import type { FastifyRequest } from 'fastify';
import { actorOfRequest } from '../access/admin-actor';
import { ListModelPricesUseCase } from '../prices/list-model-prices.use-case';
import { UpsertModelPriceUseCase } from '../prices/upsert-model-price.use-case';

/**
 * The model price table for people (ingress path /api/v1/cost). Developers read it (the same list the
 * `list_model_prices` tool gives them); only admins change it.
 */
@ApiTags('prices')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/cost/prices')
@UseGuards(AuthenticatedGuard, AccessGuard)
@Roles('developer')
export class PricesAdminController {
  constructor(
    private readonly listPrices: ListModelPricesUseCase,
    private readonly upsertPrice: UpsertModelPriceUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Prices in effect today per model, or every dated price with history=true' })
  @ApiQueryOf(PriceListQuerySchema)
  async list(
    @Query(new ZodPipe(PriceListQuerySchema, 'query')) query: PriceListQuery,
  ): Promise<ListModelPricesResponse> {
    return { prices: await this.listPrices.execute(query) };
  }

  @Put()
  @Roles('admin')
  @RequiresScope('cost:prices')
  @ApiOperation({ summary: 'Set a model’s price from a date on (replaces the price of the same model and date)' })
  @ApiBody({ schema: openApi(UpsertPriceBodySchema) })
  upsert(
    @Req() request: FastifyRequest,
    @Body(new ZodPipe(UpsertPriceBodySchema)) price: UpsertPriceBody,
  ): Promise<ModelPrice> {
    return this.upsertPrice.execute(actorOfRequest(request), price);
  }
}
