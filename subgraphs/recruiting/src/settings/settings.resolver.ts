import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RecruitingContext } from '../loaders';
import { UpdateRecruitingSettingsInput } from './settings.input';
import { settingsService } from './settings.service';
import { RecruitingSettings } from './settings.type';

@Resolver(() => RecruitingSettings)
export class RecruitingSettingsResolver {
  @Query(() => RecruitingSettings, {
    description: 'The tenant’s recruiting settings. Requires `recruiting_settings:read` (scope all).',
  })
  recruitingSettings(@Ctx() ctx: RecruitingContext) {
    return settingsService.get(ctx);
  }

  @Mutation(() => RecruitingSettings, {
    description:
      'Change the tenant’s recruiting settings; a new reminder lead time re-times every pending interview reminder in the same transaction. Requires `recruiting_settings:update` (scope all).',
  })
  updateRecruitingSettings(
    @Ctx() ctx: RecruitingContext,
    @Arg('input', () => UpdateRecruitingSettingsInput, { description: 'What to change.' })
    input: UpdateRecruitingSettingsInput,
  ) {
    return settingsService.update(ctx, input);
  }
}
