import { Injectable } from '@nestjs/common';
import { BlockList } from 'node:net';
import { addressIn, trustedProxyList } from '@lfc/common';

/** A principal's CIDR allow-list as a BlockList, built once per distinct list. */
@Injectable()
export class IpAllowLists {
  private readonly lists = new Map<string, BlockList>();

  allows(allowedIps: readonly string[], address: string): boolean {
    if (allowedIps.length === 0) return true;
    const cacheKey = allowedIps.join(',');
    let list = this.lists.get(cacheKey);
    if (!list) {
      list = trustedProxyList(allowedIps);
      if (this.lists.size > 10_000) this.lists.clear();
      this.lists.set(cacheKey, list);
    }
    return addressIn(list, address);
  }
}
