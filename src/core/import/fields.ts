/** Sales records: what can be imported as records and exported. */
export const EXPORT_ENTITIES = ['customers', 'contacts', 'leads', 'deals', 'activities'] as const;
export type RecordEntity = (typeof EXPORT_ENTITIES)[number];
/**
 * What can be imported: the sales records, and bank statements (银行流水), whose lines are matched to
 * customers and installments and become receipts (finance only; see services/bank-import).
 */
export const IMPORT_ENTITIES = [...EXPORT_ENTITIES, 'bank_statement'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export type FieldKind =
  | 'text'
  | 'enum'
  | 'mobile'
  | 'email'
  | 'creditCode'
  | 'int'
  | 'money'
  | 'date'
  | 'datetime'
  | 'list'
  /** A reference resolved by the service (owner, customer, deal, stage): kept as typed. */
  | 'ref';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  required?: boolean;
  max?: number;
  /** Column header on export and first choice on import. */
  label: { 'zh-CN': string; en: string };
  /** Further headers recognised on import (compared after `headerKey`). */
  aliases: string[];
  /** enum: value → accepted spellings (Chinese and English labels); the first is what a zh-CN export writes, as the app shows it. */
  values?: Record<string, string[]>;
}

const owner: FieldSpec = {
  key: 'owner',
  kind: 'ref',
  label: { 'zh-CN': '负责人', en: 'Owner' },
  aliases: [
    '所有人',
    '归属人',
    '销售',
    '销售代表',
    '负责销售',
    'owner email',
    'owner e-mail',
    'sales rep',
    'rep',
    '负责人邮箱',
  ],
};
const region: FieldSpec = {
  key: 'region',
  kind: 'text',
  max: 100,
  label: { 'zh-CN': '区域', en: 'Region' },
  aliases: ['地区', '大区', '所属区域'],
};
const city: FieldSpec = {
  key: 'city',
  kind: 'text',
  max: 100,
  label: { 'zh-CN': '城市', en: 'City' },
  aliases: ['所在城市'],
};
const industry: FieldSpec = {
  key: 'industry',
  kind: 'text',
  max: 100,
  label: { 'zh-CN': '行业', en: 'Industry' },
  aliases: ['所属行业'],
};
const mobile: FieldSpec = {
  key: 'mobile',
  kind: 'mobile',
  label: { 'zh-CN': '手机', en: 'Mobile' },
  aliases: [
    '手机号',
    '手机号码',
    '移动电话',
    '电话',
    '联系电话',
    'phone',
    'cell',
    'mobile phone',
    'cellphone',
  ],
};
const email: FieldSpec = {
  key: 'email',
  kind: 'email',
  label: { 'zh-CN': '邮箱', en: 'E-mail' },
  aliases: ['电子邮件', '电子邮箱', '邮件', 'email address', 'mail'],
};
const wechat: FieldSpec = {
  key: 'wechat',
  kind: 'text',
  max: 100,
  label: { 'zh-CN': '微信', en: 'WeChat' },
  aliases: ['微信号', 'wechat id', 'weixin'],
};
const title: FieldSpec = {
  key: 'title',
  kind: 'text',
  max: 100,
  label: { 'zh-CN': '职位', en: 'Title' },
  aliases: ['职务', '岗位', 'job title', 'position'],
};
const customerRef: FieldSpec = {
  key: 'customer',
  kind: 'ref',
  label: { 'zh-CN': '客户', en: 'Customer' },
  aliases: [
    '客户名称',
    '所属客户',
    '公司',
    '公司名称',
    '企业名称',
    '客户信用代码',
    'customer name',
    'account',
    'company',
    'company name',
  ],
};
const nextStep: FieldSpec = {
  key: 'nextStep',
  kind: 'text',
  max: 500,
  label: { 'zh-CN': '下一步', en: 'Next step' },
  aliases: ['下一步计划', '下步计划'],
};
const notes: FieldSpec = {
  key: 'notes',
  kind: 'text',
  max: 5000,
  label: { 'zh-CN': '备注', en: 'Notes' },
  aliases: ['说明', '记录', '内容', 'note', 'remarks', 'comment'],
};

export const FIELDS: Record<ImportEntity, FieldSpec[]> = {
  customers: [
    {
      key: 'name',
      kind: 'text',
      required: true,
      max: 200,
      label: { 'zh-CN': '客户名称', en: 'Name' },
      aliases: [
        '公司名称',
        '企业名称',
        '客户',
        '公司',
        '名称',
        'customer name',
        'customer',
        'company',
        'company name',
        'account name',
      ],
    },
    {
      key: 'creditCode',
      kind: 'creditCode',
      label: { 'zh-CN': '统一社会信用代码', en: 'Credit code' },
      aliases: ['信用代码', '社会信用代码', 'uscc', 'unified social credit code', 'credit code'],
    },
    industry,
    {
      key: 'size',
      kind: 'enum',
      label: { 'zh-CN': '规模', en: 'Size' },
      aliases: ['企业规模', '公司规模', 'company size'],
      values: {
        micro: ['微型', 'micro'],
        small: ['小型', 'small'],
        medium: ['中型', 'medium'],
        large: ['大型', 'large'],
        enterprise: ['集团', '特大型', 'enterprise'],
      },
    },
    region,
    city,
    {
      key: 'channel',
      kind: 'enum',
      label: { 'zh-CN': '渠道', en: 'Channel' },
      aliases: ['销售渠道', '渠道类型', 'sales channel'],
      values: {
        direct: ['直销', 'direct'],
        distributor: ['经销商', '经销', '分销', '代理', 'distributor', 'distribution'],
        ecommerce: ['电商', '电子商务', 'ecommerce', 'e-commerce', 'online'],
      },
    },
    {
      key: 'source',
      kind: 'text',
      max: 100,
      label: { 'zh-CN': '来源', en: 'Source' },
      aliases: ['客户来源', 'lead source'],
    },
    {
      key: 'tier',
      kind: 'enum',
      label: { 'zh-CN': '级别', en: 'Tier' },
      aliases: ['等级', '客户级别', '客户等级', '客户分级', 'level', 'customer tier'],
      values: {
        vip: ['VIP 客户', 'VIP', '重要'],
        key: ['重点客户', '重点', 'key', 'key account'],
        normal: ['普通客户', '普通', '一般', 'normal'],
        long_tail: ['长尾客户', '长尾', 'long tail', 'long-tail', 'long_tail'],
      },
    },
    {
      key: 'lifecycle',
      kind: 'enum',
      label: { 'zh-CN': '生命周期', en: 'Lifecycle' },
      aliases: ['生命周期阶段', '客户阶段', 'lifecycle stage', 'stage'],
      values: {
        prospect: ['潜在客户', '潜在', 'prospect'],
        first_purchase: ['首次购买', '首购', '新客户', 'first purchase'],
        repeat: ['重复购买', '复购', 'repeat'],
        loyal: ['忠诚客户', '忠诚', 'loyal'],
        strategic_partner: ['战略伙伴', '战略合作伙伴', 'strategic partner'],
      },
    },
    { key: 'tags', kind: 'list', label: { 'zh-CN': '标签', en: 'Tags' }, aliases: ['tag'] },
    {
      key: 'budgetCycle',
      kind: 'text',
      max: 200,
      label: { 'zh-CN': '预算周期', en: 'Budget cycle' },
      aliases: [],
    },
    {
      key: 'decisionProcess',
      kind: 'text',
      max: 2000,
      label: { 'zh-CN': '决策流程', en: 'Decision process' },
      aliases: [],
    },
    {
      key: 'painPoints',
      kind: 'text',
      max: 2000,
      label: { 'zh-CN': '痛点', en: 'Pain points' },
      aliases: ['业务痛点'],
    },
    owner,
  ],
  contacts: [
    customerRef,
    {
      key: 'name',
      kind: 'text',
      required: true,
      max: 100,
      label: { 'zh-CN': '姓名', en: 'Name' },
      aliases: ['联系人', '联系人姓名', '名字', 'contact', 'contact name', 'full name'],
    },
    title,
    mobile,
    email,
    wechat,
    {
      key: 'decisionRole',
      kind: 'enum',
      label: { 'zh-CN': '决策角色', en: 'Decision role' },
      aliases: ['角色', 'role'],
      values: {
        decision_maker: ['决策者', '决策人', 'decision maker'],
        influencer: ['影响者', '影响人', 'influencer'],
        user: ['使用者', '用户', 'user'],
        gatekeeper: ['把关者', '守门人', 'gatekeeper'],
        champion: ['内部支持者', '内线', '倡导者', '教练', 'champion', 'coach'],
      },
    },
    {
      key: 'attitude',
      kind: 'enum',
      label: { 'zh-CN': '态度', en: 'Attitude' },
      aliases: [],
      values: {
        supporter: ['支持', '支持者', 'supporter', 'support'],
        neutral: ['中立', 'neutral'],
        opponent: ['反对', '反对者', 'opponent'],
      },
    },
    owner,
  ],
  leads: [
    {
      key: 'name',
      kind: 'text',
      required: true,
      max: 100,
      label: { 'zh-CN': '姓名', en: 'Name' },
      aliases: ['联系人', '线索名称', '名字', 'contact', 'contact name', 'lead name', 'full name'],
    },
    {
      key: 'company',
      kind: 'text',
      max: 200,
      label: { 'zh-CN': '公司', en: 'Company' },
      aliases: ['公司名称', '企业名称', '单位', 'company name'],
    },
    title,
    mobile,
    email,
    wechat,
    {
      key: 'sourceChannel',
      kind: 'enum',
      label: { 'zh-CN': '来源渠道', en: 'Source channel' },
      aliases: ['来源', '线索来源', '渠道', 'source', 'channel'],
      values: {
        content: ['内容营销', '内容', 'content'],
        wechat: ['微信', 'wechat'],
        weibo: ['微博', 'weibo'],
        zhihu: ['知乎', 'zhihu'],
        linkedin: ['领英', 'linkedin'],
        seo: ['SEO', '自然搜索'],
        sem: ['SEM', '搜索广告', '竞价'],
        event: ['会议活动', '活动', '会议', '展会', 'event'],
        referral: ['转介绍', '推荐', '介绍', 'referral'],
        other: ['其他', '其它', 'other'],
      },
    },
    region,
    city,
    industry,
    {
      key: 'budgetAmount',
      kind: 'money',
      label: { 'zh-CN': '预算金额', en: 'Budget' },
      aliases: ['预算', 'budget amount'],
    },
    notes,
    owner,
  ],
  deals: [
    {
      key: 'name',
      kind: 'text',
      required: true,
      max: 200,
      label: { 'zh-CN': '商机名称', en: 'Name' },
      aliases: ['商机', '项目名称', '名称', 'deal', 'deal name', 'opportunity', 'opportunity name'],
    },
    { ...customerRef, required: true },
    {
      key: 'stage',
      kind: 'ref',
      label: { 'zh-CN': '阶段', en: 'Stage' },
      aliases: ['销售阶段', '商机阶段', 'sales stage', 'pipeline stage'],
    },
    {
      key: 'amount',
      kind: 'money',
      label: { 'zh-CN': '金额', en: 'Amount' },
      aliases: ['商机金额', '预计金额', '合同金额', 'value', 'deal amount'],
    },
    {
      key: 'expectedCloseDate',
      kind: 'date',
      label: { 'zh-CN': '预计成交日期', en: 'Expected close date' },
      aliases: ['预计签约日期', '成交日期', '预计成交', 'close date'],
    },
    {
      key: 'forecastCategory',
      kind: 'enum',
      label: { 'zh-CN': '预测类别', en: 'Forecast category' },
      aliases: ['预测分类', 'forecast'],
      values: {
        pipeline: ['管道', '普通', 'pipeline'],
        best_case: ['最佳情况', '乐观', 'best case'],
        commit: ['承诺', '确定', 'commit'],
        closed: ['已成交', '已关闭', 'closed'],
        omitted: ['排除', '忽略', 'omitted'],
      },
    },
    {
      key: 'competitors',
      kind: 'list',
      label: { 'zh-CN': '竞争对手', en: 'Competitors' },
      aliases: ['竞品', 'competitor'],
    },
    nextStep,
    owner,
  ],
  activities: [
    {
      key: 'type',
      kind: 'enum',
      required: true,
      label: { 'zh-CN': '类型', en: 'Type' },
      aliases: ['活动类型', '跟进方式', 'activity type'],
      values: {
        visit: ['拜访', '上门拜访', 'visit'],
        call: ['电话', '通话', 'call', 'phone call'],
        meeting: ['会议', '会面', 'meeting'],
        demo: ['演示', 'demo'],
        email: ['邮件', '电子邮件', 'email', 'e-mail'],
        wechat: ['微信', 'wechat'],
        proposal: ['方案', '提案', 'proposal'],
        quote: ['报价', 'quote'],
      },
    },
    {
      key: 'subject',
      kind: 'text',
      required: true,
      max: 200,
      label: { 'zh-CN': '主题', en: 'Subject' },
      aliases: ['标题', 'title'],
    },
    {
      key: 'occurredAt',
      kind: 'datetime',
      required: true,
      label: { 'zh-CN': '时间', en: 'Occurred at' },
      aliases: ['发生时间', '活动时间', '日期', 'date', 'time', 'when'],
    },
    {
      key: 'durationMinutes',
      kind: 'int',
      label: { 'zh-CN': '时长(分钟)', en: 'Duration (minutes)' },
      aliases: ['时长', 'duration', 'minutes'],
    },
    {
      key: 'outcome',
      kind: 'text',
      max: 500,
      label: { 'zh-CN': '结果', en: 'Outcome' },
      aliases: ['跟进结果', 'result'],
    },
    nextStep,
    notes,
    {
      ...customerRef,
      aliases: ['客户名称', '所属客户', '公司', '公司名称', 'customer name', 'account', 'company'],
    },
    {
      key: 'deal',
      kind: 'ref',
      label: { 'zh-CN': '商机', en: 'Deal' },
      aliases: ['商机名称', '项目', '项目名称', 'deal name', 'opportunity'],
    },
    owner,
  ],
  // Headers of the usual Chinese bank exports (ICBC 工商银行, CCB 建设银行, CMB 招商银行, BOC, ABC …).
  bank_statement: [
    {
      key: 'date',
      kind: 'date',
      required: true,
      label: { 'zh-CN': '交易日期', en: 'Date' },
      aliases: [
        '交易时间',
        '入账日期',
        '入账时间',
        '记账日期',
        '记账日',
        '交易日',
        '日期',
        '到账日期',
        'transaction date',
        'value date',
        'booking date',
        'posting date',
      ],
    },
    {
      key: 'amount',
      kind: 'text',
      max: 40,
      label: { 'zh-CN': '贷方金额', en: 'Credit amount' },
      aliases: [
        '贷方发生额',
        '收入金额',
        '收入',
        '存入金额',
        '来账金额',
        '贷方',
        '入账金额',
        '交易金额',
        '金额',
        'credit',
        'amount',
        'deposit',
        'deposits',
      ],
    },
    {
      key: 'debit',
      kind: 'text',
      max: 40,
      label: { 'zh-CN': '借方金额', en: 'Debit amount' },
      aliases: ['借方发生额', '支出金额', '支出', '付款金额', '取出金额', '借方', 'debit', 'withdrawal'],
    },
    {
      key: 'payerName',
      kind: 'text',
      max: 200,
      label: { 'zh-CN': '对方户名', en: 'Payer name' },
      aliases: [
        '付款人',
        '付款人名称',
        '付款方',
        '付款单位',
        '对方单位',
        '对方名称',
        '对方账户名',
        '对方账户名称',
        '对方单位名称',
        '收付款人名称',
        'payer',
        'counterparty',
        'counterparty name',
      ],
    },
    {
      key: 'payerAccount',
      kind: 'text',
      max: 60,
      label: { 'zh-CN': '对方账号', en: 'Payer account' },
      aliases: [
        '付款人账号',
        '付款账号',
        '对方账户',
        '对方账户账号',
        '对方卡号',
        'counterparty account',
        'account no',
      ],
    },
    {
      key: 'bankReference',
      kind: 'text',
      max: 100,
      label: { 'zh-CN': '流水号', en: 'Bank reference' },
      aliases: [
        '交易流水号',
        '交易参考号',
        '参考号',
        '凭证号',
        '交易序号',
        '银行流水号',
        '业务流水号',
        '流水号码',
        'reference',
        'transaction id',
        'reference no',
      ],
    },
    {
      key: 'memo',
      kind: 'text',
      max: 500,
      label: { 'zh-CN': '摘要', en: 'Memo' },
      aliases: [
        '附言',
        '用途',
        '备注',
        '交易附言',
        '交易摘要',
        '摘要说明',
        '交易用途',
        'purpose',
        'remark',
        'remarks',
        'memo',
        'narrative',
      ],
    },
  ],
};
