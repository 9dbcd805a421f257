import type { FormRule } from 'antd';
import type { TFunction } from './i18n/index.tsx';

export const MIN_PASSWORD_LENGTH = 10;

/**
 * The server's password rules, checked before sending: at least 10 characters and not the account's
 * e-mail. `email` is read when validating, so it can come from another field of the same form.
 */
export function passwordRules(t: TFunction, email: () => string | null | undefined): FormRule[] {
  return [
    { required: true, message: t('validation.required') },
    { min: MIN_PASSWORD_LENGTH, message: t('validation.passwordLength') },
    {
      validator: async (_rule, value: string | undefined) => {
        const address = email()?.trim().toLowerCase();
        if (value && address && value.trim().toLowerCase() === address) {
          throw new Error(t('validation.passwordNotEmail'));
        }
      },
    },
  ];
}
