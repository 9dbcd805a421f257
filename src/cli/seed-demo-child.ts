/**
 * Seeds the demo organisation in a process of its own, started by `salesops start` on a first start
 * (cli/seed-demo.ts): the seed builds a few hundred MB of rows in memory, and a process that exits
 * gives all of it back, where a long-running server would keep most of it for the rest of its life.
 */
import { connect } from '../db/client.ts';
import { seedDemoOrg } from '../services/orgs/seed-demo-org.ts';

const url = process.env.SALESOPS_SEED_DATABASE_URL;
const now = new Date(Number(process.env.SALESOPS_SEED_NOW));
if (!url || Number.isNaN(now.getTime())) {
  console.error('seed-demo-child: SALESOPS_SEED_DATABASE_URL and SALESOPS_SEED_NOW are required');
  process.exit(2);
}
const database = connect(url, { max: 2 });
try {
  await seedDemoOrg(database.db, now);
} finally {
  await database.close();
}
