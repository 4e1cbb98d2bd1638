import { readTags, writeTags } from './cache-tags';

describe('cache tags', () => {
  it('tags a read with the file and a listing with the folder', () => {
    expect(readTags('user-1', { reads: ['a/b.txt'], lists: ['a'] })).toEqual([
      'obj:tenants/user-1/a/b.txt',
      'dir:tenants/user-1/a/',
    ]);
  });

  it('drops, on a write, the file and every folder listing above it', () => {
    expect(writeTags('user-1', ['a/b/c.txt'])).toEqual([
      'obj:tenants/user-1/a/b/c.txt',
      'dir:tenants/user-1/',
      'dir:tenants/user-1/a/',
      'dir:tenants/user-1/a/b/',
    ]);
  });

  it('lets a write invalidate exactly what reads of the same object were tagged with', () => {
    const written = new Set(writeTags('user-1', ['docs/x.md']));
    for (const tag of readTags('user-1', { reads: ['docs/x.md'], lists: ['docs', ''] }))
      expect(written.has(tag)).toBe(true);
    expect(readTags('user-2', { reads: ['docs/x.md'] }).some((tag) => written.has(tag))).toBe(false);
  });

  it('tags nothing for a path the tools refuse', () => {
    expect(readTags('user-1', { reads: ['../escape'] })).toEqual([]);
    expect(writeTags('user-1', ['/abs'])).toEqual([]);
  });
});
