import { Body, Controller, Get, Param, Patch, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ClientAddressResolver, openApi, parseInput } from '@lfc/common';
import { AccessGuard } from '@lfc/access';
import { AuthenticatedGuard, RequiresScope, Roles } from '@lfc/identity';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CreateUserUseCase } from '../users/create-user.use-case';
import { UpdateUserUseCase } from '../users/update-user.use-case';
import { UserView, userViewOf } from '../users/user.view';
import { UsersRepository } from '../users/users.repository';
import { actorOfRequest } from './admin-context';
import { CreateUserSchema, UpdateUserSchema } from './dto';

@ApiTags('users')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/auth/users')
@UseGuards(AuthenticatedGuard, AccessGuard)
@Roles('admin')
@RequiresScope('admin:users')
export class UsersController {
  constructor(
    private readonly users: UsersRepository,
    private readonly createUser: CreateUserUseCase,
    private readonly updateUser: UpdateUserUseCase,
    private readonly addresses: ClientAddressResolver,
  ) {}

  @Get()
  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(userViewOf);
  }

  @Post()
  @ApiBody({ schema: openApi(CreateUserSchema) })
  create(@Req() request: FastifyRequest, @Body() body: unknown): Promise<UserView> {
    return this.createUser.execute(actorOfRequest(request, this.addresses), parseInput(CreateUserSchema, body));
  }

  @Patch(':id')
  @ApiBody({ schema: openApi(UpdateUserSchema) })
  update(@Req() request: FastifyRequest, @Param('id') id: string, @Body() body: unknown): Promise<UserView> {
    const userId = parseInput(z.uuid('must be a user id (UUID)'), id, 'user id');
    return this.updateUser.execute(actorOfRequest(request, this.addresses), userId, parseInput(UpdateUserSchema, body));
  }
}
