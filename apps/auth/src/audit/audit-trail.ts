import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isIP } from 'node:net';
import { DataSource } from 'typeorm';
import { Actor } from '../access/actor';
import { AuditLogEntity } from './audit-log.entity';

/** Records every change made through the admin API or the CLI: who, what, when, from where. */
@Injectable()
export class AuditTrail {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(actor: Actor, action: string, resource: string, details: Record<string, unknown> = {}): Promise<void> {
    await this.dataSource.getRepository(AuditLogEntity).insert({
      userId: actor.userId,
      keyId: actor.keyId,
      action,
      resource,
      details: { ...details, channel: actor.channel, role: actor.role },
      ipAddress: actor.ip && isIP(actor.ip) ? actor.ip : null,
      requestId: actor.requestId,
    });
  }
}
