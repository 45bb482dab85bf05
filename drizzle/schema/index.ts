export * as common from './common';
export * as finance from './finance';
export * as insights from './insights';
export * as people from './people';
export * as recruiting from './recruiting';
export * as security from './security';
export * as work from './work';
