/** Product lines and products with list prices (yuan; stored as fen). */
export const PRODUCT_LINES: readonly {
  name: string;
  code: string;
  products: readonly { name: string; sku: string; priceYuan: number; unit: string }[];
}[] = [
  {
    name: '云平台订阅',
    code: 'CLOUD',
    products: [
      { name: '销售云 标准版（年）', sku: 'CLD-STD', priceYuan: 12_000, unit: '套/年' },
      { name: '销售云 专业版（年）', sku: 'CLD-PRO', priceYuan: 36_000, unit: '套/年' },
      { name: '销售云 企业版（年）', sku: 'CLD-ENT', priceYuan: 98_000, unit: '套/年' },
      { name: '附加用户许可（年）', sku: 'CLD-SEAT', priceYuan: 1_200, unit: '用户/年' },
      { name: '数据存储扩容 1TB（年）', sku: 'CLD-STO', priceYuan: 4_800, unit: 'TB/年' },
    ],
  },
  {
    name: '智能硬件',
    code: 'HW',
    products: [
      { name: '工业网关 G200', sku: 'HW-G200', priceYuan: 6_800, unit: '台' },
      { name: '边缘计算盒 E5', sku: 'HW-E5', priceYuan: 18_500, unit: '台' },
      { name: '智能扫码终端 T1', sku: 'HW-T1', priceYuan: 2_600, unit: '台' },
      { name: '机房服务器 R740', sku: 'HW-R740', priceYuan: 86_000, unit: '台' },
      { name: '传感器套件 S10', sku: 'HW-S10', priceYuan: 3_900, unit: '套' },
    ],
  },
  {
    name: '实施服务',
    code: 'SVC',
    products: [
      { name: '标准实施包', sku: 'SVC-STD', priceYuan: 30_000, unit: '项' },
      { name: '定制开发（人天）', sku: 'SVC-DEV', priceYuan: 2_500, unit: '人天' },
      { name: '数据迁移服务', sku: 'SVC-MIG', priceYuan: 45_000, unit: '项' },
      { name: '系统集成服务', sku: 'SVC-INT', priceYuan: 120_000, unit: '项' },
      { name: '驻场运维（月）', sku: 'SVC-OPS', priceYuan: 22_000, unit: '人月' },
    ],
  },
  {
    name: '培训咨询',
    code: 'EDU',
    products: [
      { name: '销售管理培训（天）', sku: 'EDU-DAY', priceYuan: 8_000, unit: '天' },
      { name: '销售运营咨询', sku: 'EDU-OPS', priceYuan: 150_000, unit: '项' },
      { name: '管理层工作坊', sku: 'EDU-WS', priceYuan: 26_000, unit: '场' },
      { name: '认证考试券', sku: 'EDU-CERT', priceYuan: 1_500, unit: '张' },
      { name: '年度顾问服务', sku: 'EDU-ADV', priceYuan: 260_000, unit: '年' },
    ],
  },
  {
    name: '维保服务',
    code: 'MNT',
    products: [
      { name: '标准维保（年）', sku: 'MNT-STD', priceYuan: 9_800, unit: '年' },
      { name: '金牌维保（年）', sku: 'MNT-GLD', priceYuan: 28_000, unit: '年' },
      { name: '硬件延保（年）', sku: 'MNT-HW', priceYuan: 3_600, unit: '台/年' },
      { name: '7×24 响应服务（年）', sku: 'MNT-247', priceYuan: 58_000, unit: '年' },
      { name: '备件包', sku: 'MNT-PART', priceYuan: 12_000, unit: '套' },
    ],
  },
];

export const COMPETITORS = [
  '纷享销客',
  '销售易',
  'Salesforce',
  '用友',
  '金蝶',
  '钉钉 CRM',
  '企业微信 CRM',
  '自研系统',
];

export const LOST_REASONS = [
  '价格超出预算',
  '选择了竞争对手',
  '需求取消或延期',
  '决策人变更',
  '功能不满足需求',
  '项目预算被砍',
  '联系中断',
];

export const DISQUALIFY_REASONS = [
  '无明确需求',
  '无预算',
  '非目标客户',
  '联系方式无效',
  '重复线索',
  '竞争对手人员',
];

export const CUSTOMER_SOURCES = [
  '线索转化',
  '客户转介绍',
  '展会',
  '官网咨询',
  '电话营销',
  '合作伙伴推荐',
  '老客户增购',
];

export const BUDGET_CYCLES = ['年度预算（每年 11–12 月编制）', '季度预算', '按项目立项', '随时审批'];
export const DECISION_PROCESSES = [
  '部门提需求 → IT 评估 → 总经理审批',
  '采购部招标，三家比价',
  '老板直接拍板',
  '集团总部统一采购',
  '信息化委员会评审后采购',
];
export const PAIN_POINTS = [
  '销售过程不透明，预测不准',
  '线索跟进慢，转化率低',
  '客户资料分散在个人手里',
  '回款周期长，应收账款多',
  '报表靠手工 Excel，耗时',
  '渠道管理混乱',
  '新人上手慢，缺少销售方法',
];
export const CUSTOMER_TAGS = [
  '重点行业',
  '老客户',
  '上市公司',
  '国企',
  '外资',
  '高潜力',
  '需要高层拜访',
  '渠道客户',
];

/**
 * Next steps that fit each stage (index = stage position − 1): a deal at 线索获取 books a first call,
 * never "collect the first payment".
 */
export const NEXT_STEPS_BY_STAGE: readonly (readonly string[])[] = [
  ['电话初步沟通需求', '发送公司介绍资料', '添加微信建立联系'],
  ['确认预算与决策人', '了解采购时间表', '评估需求匹配度'],
  ['约客户高层拜访', '安排产品演示', '调研现有系统'],
  ['提交技术方案', '发送正式报价', '安排方案讲解会'],
  ['确认采购流程', '商谈价格与付款条件', '准备投标文件'],
  ['推进合同审批', '安排合同签署', '确认盖章流程'],
  ['催收首付款', '安排实施启动会', '跟进交付验收'],
];

/** Next steps of account care outside any deal. */
export const CARE_NEXT_STEPS = ['回访使用情况', '了解续约计划', '介绍新产品'];
