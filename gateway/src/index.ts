export { authenticate } from './auth';
export { graphiqlRouter, wantsGraphiQL } from './graphiql';
export {
  type GatewayOptions,
  type RunningGateway,
  startGateway,
  subgraphUrlsFromEnv,
  supergraphPath,
} from './server';
