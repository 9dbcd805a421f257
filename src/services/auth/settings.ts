import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE, type ThrottleRule } from '../../core/auth/throttle.ts';

export interface AuthSettings {
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  accountThrottle: ThrottleRule;
  addressThrottle: ThrottleRule;
}

export const defaultAuthSettings: AuthSettings = {
  sessionIdleMinutes: 120,
  sessionAbsoluteHours: 24 * 7,
  accountThrottle: ACCOUNT_THROTTLE,
  addressThrottle: ADDRESS_THROTTLE,
};
