import { Body, Controller, Get, Param, Patch, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ClientAddressResolver, ZodPipe, openApi } from '@lfc/common';
import { AccessGuard } from '@lfc/access';
import { AuthenticatedGuard, RequiresScope, Roles } from '@lfc/identity';
import type { FastifyRequest } from 'fastify';
import { CreateUserUseCase } from '../users/create-user.use-case';
import { UpdateUserUseCase } from '../users/update-user.use-case';
import { UserView, userViewOf } from '../users/user.view';
import { UsersRepository } from '../users/users.repository';
import { actorOfRequest } from './admin-context';
import { CreateUserInput, CreateUserSchema, UpdateUserInput, UpdateUserSchema, UserIdSchema } from '@lfc/contracts';

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
  create(
    @Req() request: FastifyRequest,
    @Body(new ZodPipe(CreateUserSchema)) command: CreateUserInput,
  ): Promise<UserView> {
    return this.createUser.execute(actorOfRequest(request, this.addresses), command);
  }

  @Patch(':id')
  @ApiBody({ schema: openApi(UpdateUserSchema) })
  update(
    @Req() request: FastifyRequest,
    @Body(new ZodPipe(UpdateUserSchema)) changes: UpdateUserInput,
    @Param('id', new ZodPipe(UserIdSchema, 'user id')) userId: string,
  ): Promise<UserView> {
    return this.updateUser.execute(actorOfRequest(request, this.addresses), userId, changes);
  }
}
