export { startGateway, subgraphUrlsFromEnv, supergraphPath, type GatewayOptions, type RunningGateway } from './server';
export { authenticate } from './auth';
export { graphiqlRouter, wantsGraphiQL } from './graphiql';
