import { Field, ObjectType } from 'type-graphql';
import type { SettingsWarningCode } from '../../domain/chat-settings/settings-warnings';
import { SettingsWarningCodeEnum } from '../enums';

@ObjectType({
  description: 'Something in the settings the admin should fix: messages go out, but not as they may expect',
})
export class SettingsWarning {
  @Field(() => SettingsWarningCodeEnum, { description: 'Stable machine-readable code' })
  code: SettingsWarningCode;

  @Field({ description: 'What is wrong and how to fix it, in English' })
  message: string;

  @Field({ description: 'The settings field that fixes it, e.g. companyName' })
  field: string;
}
