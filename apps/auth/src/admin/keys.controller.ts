import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ClientAddressResolver, ZodPipe, openApi } from '@lfc/common';
import { AccessGuard } from '@lfc/access';
import { AuthenticatedGuard, RequiresScope, Roles } from '@lfc/identity';
import type { FastifyRequest } from 'fastify';
import { ApiKeyView } from '../keys/api-key.view';
import { CreateApiKeyUseCase } from '../keys/create-api-key.use-case';
import { ListApiKeysUseCase } from '../keys/list-api-keys.use-case';
import { RevokeApiKeyUseCase } from '../keys/revoke-api-key.use-case';
import { RotateApiKeyUseCase } from '../keys/rotate-api-key.use-case';
import { UpdateApiKeyUseCase } from '../keys/update-api-key.use-case';
import { actorOfRequest } from './admin-context';
import {
  CreateApiKeyInput,
  CreateApiKeySchema,
  KeyIdSchema,
  ListApiKeysQuery,
  ListApiKeysQuerySchema,
  RotateApiKeyBodySchema,
  RotateApiKeyInput,
  RotateApiKeySchema,
  UpdateApiKeyInput,
  UpdateApiKeySchema,
} from '@lfc/contracts';
import { dateOrNull } from './dto';

const keyId = new ZodPipe(KeyIdSchema, 'key id');

@ApiTags('api-keys')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/auth/keys')
@UseGuards(AuthenticatedGuard, AccessGuard)
@Roles('developer')
@RequiresScope('admin:keys')
export class KeysController {
  constructor(
    private readonly createKey: CreateApiKeyUseCase,
    private readonly listKeys: ListApiKeysUseCase,
    private readonly rotateKey: RotateApiKeyUseCase,
    private readonly revokeKey: RevokeApiKeyUseCase,
    private readonly updateKey: UpdateApiKeyUseCase,
    private readonly addresses: ClientAddressResolver,
  ) {}

  @Get()
  list(
    @Req() request: FastifyRequest,
    @Query(new ZodPipe(ListApiKeysQuerySchema, 'query')) query: ListApiKeysQuery,
  ): Promise<ApiKeyView[]> {
    return this.listKeys.execute(actorOfRequest(request, this.addresses), query);
  }

  @Post()
  @ApiBody({ schema: openApi(CreateApiKeySchema) })
  create(@Req() request: FastifyRequest, @Body(new ZodPipe(CreateApiKeySchema)) command: CreateApiKeyInput) {
    return this.createKey.execute(actorOfRequest(request, this.addresses), {
      ...command,
      expiresAt: dateOrNull(command.expiresAt),
    });
  }

  @Patch(':id')
  @ApiBody({ schema: openApi(UpdateApiKeySchema) })
  update(
    @Req() request: FastifyRequest,
    @Param('id', keyId) id: string,
    @Body(new ZodPipe(UpdateApiKeySchema)) command: UpdateApiKeyInput,
  ): Promise<ApiKeyView> {
    return this.updateKey.execute(actorOfRequest(request, this.addresses), id, {
      ...command,
      expiresAt: dateOrNull(command.expiresAt),
    });
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @ApiBody({ schema: openApi(RotateApiKeySchema), required: false })
  rotate(
    @Req() request: FastifyRequest,
    @Param('id', keyId) id: string,
    @Body(new ZodPipe(RotateApiKeyBodySchema)) { graceSeconds }: RotateApiKeyInput,
  ) {
    return this.rotateKey.execute(actorOfRequest(request, this.addresses), id, graceSeconds);
  }

  @Delete(':id')
  revoke(@Req() request: FastifyRequest, @Param('id', keyId) id: string): Promise<ApiKeyView> {
    return this.revokeKey.execute(actorOfRequest(request, this.addresses), id);
  }
}
