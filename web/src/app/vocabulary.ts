import { type Locale, useI18n } from './i18n/index.tsx';

/**
 * English names of the free-text vocabularies the server stores in Chinese (industry, customer
 * source, tags, close and disqualify reasons, a contact's role on a deal): the demo data and the
 * usual values of Chinese teams. The server keeps what was entered; the English UI translates the
 * values it knows at display and shows any other value as entered.
 */
const EN: Record<VocabularyKind, Record<string, string>> = {
  industry: {
    制造业: 'Manufacturing',
    信息技术: 'Information technology',
    零售: 'Retail',
    医疗健康: 'Healthcare',
    金融: 'Finance',
    教育: 'Education',
    物流: 'Logistics',
    建筑工程: 'Construction',
    能源: 'Energy',
    餐饮: 'Food & hospitality',
    互联网: 'Internet',
    房地产: 'Real estate',
    政府: 'Government',
    农业: 'Agriculture',
  },
  customerSource: {
    线索转化: 'Converted lead',
    客户转介绍: 'Customer referral',
    展会: 'Trade show',
    官网咨询: 'Website inquiry',
    电话营销: 'Telemarketing',
    合作伙伴推荐: 'Partner referral',
    老客户增购: 'Upsell to an existing customer',
  },
  tag: {
    重点行业: 'Key industry',
    老客户: 'Existing customer',
    上市公司: 'Listed company',
    国企: 'State-owned',
    外资: 'Foreign-owned',
    高潜力: 'High potential',
    需要高层拜访: 'Needs an executive visit',
    渠道客户: 'Channel customer',
  },
  closeReason: {
    价格超出预算: 'Price over budget',
    选择了竞争对手: 'Chose a competitor',
    需求取消或延期: 'Need cancelled or postponed',
    决策人变更: 'Decision maker changed',
    功能不满足需求: 'Features do not meet the need',
    项目预算被砍: 'Project budget cut',
    联系中断: 'Lost contact',
    方案契合需求: 'Solution fits the need',
    价格有竞争力: 'Competitive price',
    客户关系稳固: 'Strong relationship',
    服务口碑好: 'Good service reputation',
    交付周期短: 'Short delivery time',
  },
  disqualifyReason: {
    无明确需求: 'No clear need',
    无预算: 'No budget',
    非目标客户: 'Not a target customer',
    联系方式无效: 'Invalid contact details',
    重复线索: 'Duplicate lead',
    竞争对手人员: "A competitor's staff",
  },
  dealContactRole: {
    商务决策: 'Business decision',
    需求与技术评估: 'Requirements and technical evaluation',
  },
};

export type VocabularyKind =
  | 'industry'
  | 'customerSource'
  | 'tag'
  | 'closeReason'
  | 'disqualifyReason'
  | 'dealContactRole';

/** A stored vocabulary value as the language shows it (unknown values as entered). */
export function vocabularyLabel(locale: Locale, kind: VocabularyKind, value: string): string {
  if (locale !== 'en') {
    return value;
  }
  return EN[kind][value.trim()] ?? value;
}

/** `vocabularyLabel` in the current language, with the usual dash for an empty value. */
export function useVocabulary(): (kind: VocabularyKind, value: string | null | undefined) => string {
  const { locale, t } = useI18n();
  return (kind, value) => (value ? vocabularyLabel(locale, kind, value) : t('common.none'));
}
