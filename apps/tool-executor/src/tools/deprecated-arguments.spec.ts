import { DEPRECATIONS_META_KEY, mapDeprecatedArguments, withDeprecations } from './deprecated-arguments';

const readFile = { name: 'read_file', deprecatedArguments: { file_path: 'path' } };

describe('mapDeprecatedArguments', () => {
  it('renames a deprecated argument to its current name and reports it', () => {
    expect(mapDeprecatedArguments(readFile, { file_path: 'a.txt', encoding: 'utf8' })).toEqual({
      arguments: { path: 'a.txt', encoding: 'utf8' },
      deprecations: [
        {
          argument: 'file_path',
          use: 'path',
          message: 'read_file: the argument file_path is deprecated; send path instead',
        },
      ],
    });
  });

  it('leaves calls with the current names, and tools without deprecated names, as they are', () => {
    const args = { path: 'a.txt' };
    expect(mapDeprecatedArguments(readFile, args)).toEqual({ arguments: args, deprecations: [] });
    expect(mapDeprecatedArguments({ name: 'ping' }, { file_path: 'a.txt' })).toEqual({
      arguments: { file_path: 'a.txt' },
      deprecations: [],
    });
  });

  it('refuses a call naming both, naming the two, even when they agree', () => {
    expect(mapDeprecatedArguments(readFile, { file_path: 'a.txt', path: 'a.txt' })).toEqual({
      conflict: 'Invalid arguments for read_file: file_path is the deprecated name of path; send one, not both',
    });
  });
});

describe('withDeprecations', () => {
  const result = { content: [{ type: 'text', text: 'hello' }], isError: false, _meta: { other: 1 } };
  const deprecation = { argument: 'file_path', use: 'path', message: 'use path' };

  it('adds the deprecations to the result’s _meta, keeping what is there', () => {
    expect(withDeprecations(result, [deprecation])).toEqual({
      ...result,
      _meta: { other: 1, [DEPRECATIONS_META_KEY]: [deprecation] },
    });
  });

  it('adds nothing when the call used no deprecated name', () => {
    expect(withDeprecations(result, [])).toBe(result);
  });
});
