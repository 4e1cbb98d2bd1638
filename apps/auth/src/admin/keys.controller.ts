import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ClientAddressResolver, openApi, parseInput } from '@lfc/common';
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
  CreateApiKeySchema,
  KeyIdSchema,
  ListApiKeysQuerySchema,
  RotateApiKeySchema,
  UpdateApiKeySchema,
  dateOrNull,
} from './dto';

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
  list(@Req() request: FastifyRequest, @Query() query: unknown): Promise<ApiKeyView[]> {
    return this.listKeys.execute(
      actorOfRequest(request, this.addresses),
      parseInput(ListApiKeysQuerySchema, query, 'query'),
    );
  }

  @Post()
  @ApiBody({ schema: openApi(CreateApiKeySchema) })
  create(@Req() request: FastifyRequest, @Body() body: unknown) {
    const command = parseInput(CreateApiKeySchema, body);
    return this.createKey.execute(actorOfRequest(request, this.addresses), {
      ...command,
      expiresAt: dateOrNull(command.expiresAt),
    });
  }

  @Patch(':id')
  @ApiBody({ schema: openApi(UpdateApiKeySchema) })
  update(@Req() request: FastifyRequest, @Param('id') id: string, @Body() body: unknown): Promise<ApiKeyView> {
    const command = parseInput(UpdateApiKeySchema, body);
    return this.updateKey.execute(actorOfRequest(request, this.addresses), parseInput(KeyIdSchema, id, 'key id'), {
      ...command,
      expiresAt: dateOrNull(command.expiresAt),
    });
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @ApiBody({ schema: openApi(RotateApiKeySchema), required: false })
  rotate(@Req() request: FastifyRequest, @Param('id') id: string, @Body() body: unknown) {
    const { graceSeconds } = parseInput(RotateApiKeySchema, body ?? {});
    return this.rotateKey.execute(
      actorOfRequest(request, this.addresses),
      parseInput(KeyIdSchema, id, 'key id'),
      graceSeconds,
    );
  }

  @Delete(':id')
  revoke(@Req() request: FastifyRequest, @Param('id') id: string): Promise<ApiKeyView> {
    return this.revokeKey.execute(actorOfRequest(request, this.addresses), parseInput(KeyIdSchema, id, 'key id'));
  }
}
