import type { privacyZhCN } from './privacy-zh-CN.ts';

/** English strings of personal-data protection; typed against the Chinese set. */
export const privacyEn: Record<keyof typeof privacyZhCN, string> = {
  'privacy.show': 'Show',
  'privacy.showTooltip': 'Show the full personal data (recorded in the audit log)',
  'privacy.masked': 'Masked',
  'privacy.erase': 'Erase personal data',
  'privacy.eraseTitle': "Erase this person's personal data",
  'privacy.eraseExplain':
    'Name, title, mobile, e-mail, WeChat and marketing consent are wiped for good (also on the contact this lead became, or the lead it came from); deals, activities and figures stay. This cannot be undone.',
  'privacy.eraseConfirm': "Type the person's name to confirm:",
  'privacy.erased': 'Personal data erased',
  'privacy.erasedPerson': 'Erased person',
  'privacy.consent': 'Marketing consent',
  'privacy.consentYes': 'Agreed',
  'privacy.consentNo': 'Refused / withdrawn',
  'privacy.consentUnknown': 'Never asked',
  'privacy.consentChannel': 'Consent channel',
  'privacy.consentAt': 'Consent given at',
  'privacy.channel.web_form': 'Web form',
  'privacy.channel.phone': 'Phone',
  'privacy.channel.email': 'E-mail',
  'privacy.channel.wechat': 'WeChat',
  'privacy.channel.in_person': 'In person',
  'privacy.channel.paper': 'Paper form',
  'privacy.channel.event': 'Event',
  'privacy.channel.other': 'Other',
  'privacy.settingsTitle': 'Privacy settings',
  'privacy.settingsExplain':
    "A record's owner, the owner's managers, finance and admin always see contacts' and leads' personal data in full. Set here what directors and sales ops see: masked (138****5678); on request (masked, with a Show button per record, recorded in the audit log); or in full.",
  'privacy.level.masked': 'Masked',
  'privacy.level.on_request': 'On request (audited)',
  'privacy.level.full': 'Full',
  'privacy.saved': 'Privacy settings saved',
  'nav.privacy': 'Privacy settings',
  'audit.action.reveal': 'Personal data shown',
  'audit.action.erase': 'Personal data erased',
};
