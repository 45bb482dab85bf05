export * as common from './common';
export * as people from './people';
export * as work from './work';
export * as finance from './finance';
export * as recruiting from './recruiting';
export * as security from './security';
export * as insights from './insights';
