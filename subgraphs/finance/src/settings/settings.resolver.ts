import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { FinanceContext } from '../loaders';
import { settingsService } from './settings.service';
import { FinanceSettings } from './settings.type';

@Resolver(() => FinanceSettings)
export class SettingsResolver {
  @Query(() => FinanceSettings, {
    description: "The tenant's finance settings (reporting currency). Requires `financials:read`.",
  })
  financeSettings(@Ctx() ctx: FinanceContext): Promise<FinanceSettings> {
    return settingsService.get(ctx);
  }

  @Mutation(() => FinanceSettings, {
    description:
      'Set the reporting currency (ISO-4217). Requires `settings:update` (admins). CONFLICT once amounts exist in another currency: multi-currency is not supported yet.',
  })
  setReportingCurrency(
    @Ctx() ctx: FinanceContext,
    @Arg('currency', () => String, { description: 'ISO-4217 code, e.g. "EUR".' }) currency: string,
  ): Promise<FinanceSettings> {
    return settingsService.setCurrency(ctx, currency);
  }
}
