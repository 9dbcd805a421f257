import type { Rng } from '../random.ts';
import { chance, pick, weighted } from './pick.ts';

/** Cities of each region with the 6-digit administrative division code used in credit codes. */
export interface City {
  name: string;
  region: string;
  division: string;
}

export const CITIES: readonly City[] = [
  { name: '上海', region: '华东', division: '310115' },
  { name: '杭州', region: '华东', division: '330106' },
  { name: '南京', region: '华东', division: '320106' },
  { name: '苏州', region: '华东', division: '320505' },
  { name: '宁波', region: '华东', division: '330212' },
  { name: '无锡', region: '华东', division: '320214' },
  { name: '合肥', region: '华东', division: '340104' },
  { name: '广州', region: '华南', division: '440106' },
  { name: '深圳', region: '华南', division: '440305' },
  { name: '东莞', region: '华南', division: '441900' },
  { name: '佛山', region: '华南', division: '440604' },
  { name: '厦门', region: '华南', division: '350203' },
  { name: '福州', region: '华南', division: '350102' },
  { name: '北京', region: '华北', division: '110108' },
  { name: '天津', region: '华北', division: '120116' },
  { name: '石家庄', region: '华北', division: '130102' },
  { name: '太原', region: '华北', division: '140105' },
  { name: '济南', region: '华北', division: '370102' },
  { name: '成都', region: '西南', division: '510107' },
  { name: '重庆', region: '西南', division: '500103' },
  { name: '昆明', region: '西南', division: '530102' },
  { name: '贵阳', region: '西南', division: '520102' },
];

export function cityByName(name: string): City {
  const c = CITIES.find((x) => x.name === name);
  if (!c) {
    throw new Error(`unknown city ${name}`);
  }
  return c;
}

/** Industries (stored as shown, zh-CN) with the words that end a company name of that trade. */
export const INDUSTRIES: readonly { name: string; share: number; words: readonly string[] }[] = [
  { name: '制造业', share: 24, words: ['精密机械', '智能装备', '电子', '新材料', '汽车零部件', '五金制品'] },
  { name: '信息技术', share: 16, words: ['科技', '信息技术', '软件', '网络科技', '数据科技'] },
  { name: '零售', share: 12, words: ['商贸', '百货', '连锁超市', '电子商务'] },
  { name: '医疗健康', share: 9, words: ['医疗器械', '生物科技', '医药', '健康管理'] },
  { name: '金融', share: 6, words: ['投资', '融资租赁', '保险代理', '资产管理'] },
  { name: '教育', share: 6, words: ['教育科技', '培训', '文化传播'] },
  { name: '物流', share: 8, words: ['物流', '供应链管理', '国际货运代理'] },
  { name: '建筑工程', share: 8, words: ['建设工程', '建筑装饰', '工程技术'] },
  { name: '能源', share: 5, words: ['新能源', '能源科技', '电力设备'] },
  { name: '餐饮', share: 6, words: ['餐饮管理', '食品', '酒店管理'] },
];

const INDUSTRY = weighted(INDUSTRIES.map((i) => [i, i.share] as const));

export function pickIndustry(rng: Rng): (typeof INDUSTRIES)[number] {
  return INDUSTRY.sample(rng);
}

/** Characters trade names (字号) are made of. */
export const TRADE_CHARS = [
  '华',
  '鑫',
  '瑞',
  '恒',
  '达',
  '远',
  '盛',
  '泰',
  '兴',
  '宏',
  '博',
  '创',
  '鼎',
  '嘉',
  '信',
  '诚',
  '安',
  '康',
  '新',
  '天',
  '海',
  '金',
  '中',
  '联',
  '通',
  '明',
  '德',
  '汇',
  '正',
  '东',
  '方',
  '星',
  '云',
  '智',
  '卓',
  '越',
  '和',
  '润',
  '丰',
  '晟',
  '辰',
  '昊',
  '锦',
  '峰',
  '宇',
  '腾',
  '飞',
  '立',
  '广',
  '永',
  '佳',
  '美',
  '弘',
  '源',
  '森',
  '凯',
  '迪',
  '科',
  '易',
  '捷',
  '领',
  '航',
  '朗',
  '骏',
  '优',
  '品',
  '图',
  '睿',
  '启',
  '赛',
  '拓',
  '蓝',
];

/** A two-character trade name (字号), occasionally three. */
export function tradeName(rng: Rng): string {
  const a = pick(rng, TRADE_CHARS);
  let b = pick(rng, TRADE_CHARS);
  while (b === a) {
    b = pick(rng, TRADE_CHARS);
  }
  return chance(rng, 0.12) ? a + b + pick(rng, TRADE_CHARS) : a + b;
}

/** City + 字号 + industry word + 有限公司 (80 %) / 股份有限公司 (20 %). */
export function companyName(rng: Rng, city: string, industry: (typeof INDUSTRIES)[number]): string {
  const form = chance(rng, 0.2) ? '股份有限公司' : '有限公司';
  return `${city}${tradeName(rng)}${pick(rng, industry.words)}${form}`;
}

/** The GB 32100-2015 character set in value order (no I, O, Z, S, V). */
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character (18th) of the first 17 characters of a credit code. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CODE_CHARS.indexOf(first17[i] as string);
    if (v < 0) {
      throw new Error(`"${first17[i]}" is not a credit-code character`);
    }
    sum += v * (CODE_WEIGHTS[i] as number);
  }
  return CODE_CHARS[(31 - (sum % 31)) % 31] as string;
}

/**
 * A valid 统一社会信用代码 of an enterprise (registration authority 9, type 1) in `division`.
 * `serial` (0 … 31^7) is written into the organisation code, so distinct serials give distinct codes;
 * the other organisation-code characters come from `rng`.
 */
export function creditCode(rng: Rng, division: string, serial: number): string {
  let org = '';
  let n = Math.floor(serial);
  for (let i = 0; i < 7; i++) {
    org = CODE_CHARS[n % 31] + org;
    n = Math.floor(n / 31);
  }
  // Organisation codes are 8 body characters + their own check; 2 random body characters lead.
  const lead = pick(rng, ['M', 'MA', 'X']).padEnd(2, String(Math.floor(rng.next() * 10)));
  const first17 = `91${division}${lead}${org}`;
  return first17 + creditCodeCheckChar(first17);
}
