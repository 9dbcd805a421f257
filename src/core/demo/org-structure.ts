import type { Role } from '../auth/roles.ts';

/** Regions and their teams; each team sells mostly in its cities (first city most). */
export const DEMO_REGIONS: readonly {
  name: string;
  key: string;
  teams: readonly { name: string; cities: readonly string[] }[];
}[] = [
  {
    name: '华东',
    key: 'east',
    teams: [
      { name: '上海一组', cities: ['上海', '苏州', '无锡'] },
      { name: '上海二组', cities: ['上海', '南京', '合肥'] },
      { name: '杭州组', cities: ['杭州', '宁波'] },
    ],
  },
  {
    name: '华南',
    key: 'south',
    teams: [
      { name: '广州组', cities: ['广州', '佛山'] },
      { name: '深圳组', cities: ['深圳', '东莞'] },
      { name: '厦门组', cities: ['厦门', '福州'] },
    ],
  },
  {
    name: '华北',
    key: 'north',
    teams: [
      { name: '北京一组', cities: ['北京', '石家庄'] },
      { name: '北京二组', cities: ['北京', '太原'] },
      { name: '天津组', cities: ['天津', '济南'] },
    ],
  },
  {
    name: '西南',
    key: 'southwest',
    teams: [
      { name: '成都组', cities: ['成都'] },
      { name: '重庆组', cities: ['重庆', '贵阳'] },
      { name: '昆明组', cities: ['昆明'] },
    ],
  },
];

export interface DemoLoginSpec {
  role: Role;
  /** Part before the @; the domain is the seed's e-mail domain (demo.salesops.local). */
  local: string;
  name: string;
  /** 'company', a region name or a team name. */
  unit: string;
}

/** One login per role (the first is the org's admin, created with the org). */
export const DEMO_LOGINS: readonly DemoLoginSpec[] = [
  { role: 'admin', local: 'admin', name: '王管理 (Admin)', unit: 'company' },
  { role: 'director', local: 'director', name: '张总监 (Director)', unit: 'company' },
  { role: 'sales_ops', local: 'ops', name: '李运营 (Sales Ops)', unit: 'company' },
  { role: 'finance', local: 'finance', name: '赵财务 (Finance)', unit: 'company' },
  { role: 'manager', local: 'manager.east', name: '陈经理 (East manager)', unit: '华东' },
  { role: 'manager', local: 'manager.south', name: '周经理 (South manager)', unit: '华南' },
  { role: 'rep', local: 'rep.east', name: '刘销售 (East rep)', unit: '上海一组' },
  { role: 'rep', local: 'rep.south', name: '黄销售 (South rep)', unit: '广州组' },
];

export const DEMO_EMAIL_DOMAIN = 'demo.salesops.local';

/** Shared by every demo login; printed at start. Change it (or the users) before real use. */
export const DEMO_PASSWORD = 'salesops-demo-2026';
export const DEMO_ORG_NAME = '演示科技有限公司 (Demo Tech)';
