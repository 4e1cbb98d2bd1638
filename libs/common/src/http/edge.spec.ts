import { httpServerOptions } from './edge';

const config = {
  LFC_CORS_ORIGINS: [],
  LFC_HTTP_HEADERS_TIMEOUT_MS: 15_000,
  LFC_HTTP_REQUEST_TIMEOUT_MS: 120_000,
  LFC_HTTP_KEEP_ALIVE_TIMEOUT_MS: 65_000,
};

describe('httpServerOptions', () => {
  it('gives Node the configured header, request and keep-alive timeouts', () => {
    expect(httpServerOptions(config)).toEqual({
      requestTimeout: 120_000,
      keepAliveTimeout: 65_000,
      http: { headersTimeout: 15_000, requestTimeout: 120_000, connectionsCheckingInterval: 3750 },
    });
  });

  it('checks the timeouts often enough that a slow client overruns by a quarter at most', () => {
    expect(httpServerOptions({ ...config, LFC_HTTP_HEADERS_TIMEOUT_MS: 1000 }).http.connectionsCheckingInterval).toBe(
      250,
    );
    expect(httpServerOptions({ ...config, LFC_HTTP_HEADERS_TIMEOUT_MS: 200 }).http.connectionsCheckingInterval).toBe(
      100,
    );
  });

  it('keeps the headers timeout within the request timeout, which Node requires', () => {
    const options = httpServerOptions({
      ...config,
      LFC_HTTP_HEADERS_TIMEOUT_MS: 30_000,
      LFC_HTTP_REQUEST_TIMEOUT_MS: 10_000,
    });
    expect(options.http.headersTimeout).toBe(10_000);
    expect(options.http.requestTimeout).toBe(10_000);
  });
});
