export { API_KEY_REVOKED_CHANNEL, ApiKeyVerifier } from './api-keys';
export { API_KEY_HEADER, authenticate, authenticateRequest } from './auth';
export { type GatewayConfig, gatewayConfigFromEnv } from './config';
export { graphiqlRouter, wantsGraphiQL } from './graphiql';
export { canIntrospect } from './guard-plugin';
export { limitRules, listSizeEstimator, operationCost } from './limits';
export { createRateLimiter, MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from './rate-limit';
export {
  type GatewayContext,
  type GatewayOptions,
  loadApiSchema,
  type RunningGateway,
  startGateway,
  subgraphUrlsFromEnv,
  supergraphPath,
} from './server';
