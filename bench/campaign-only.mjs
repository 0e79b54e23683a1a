// `node bench/campaign-only.mjs [--campaign-contacts 1000000]`: only the campaign phase of
// `npm run bench` (campaign.mjs), for measuring the engine without the five-minute load matrix.
import { parseArgs } from 'node:util'
import { benchCampaigns } from './campaign.mjs'
import { log, startBench } from './setup.mjs'

const { values: args } = parseArgs({
  options: { 'campaign-contacts': { type: 'string', default: '1000000' } },
})

const bench = await startBench()
try {
  const agent = bench.providerRuns.find((t) => t.provider === bench.campaignProvider)
  if (!agent) throw new Error(`no ${bench.campaignProvider} target: the campaign phase needs it`)
  const campaign = await benchCampaigns({
    gateway: bench.gateway,
    fake: bench.fake,
    agentId: agent.agentId,
    cpuPid: bench.cpuPid,
    largeContacts: Number(args['campaign-contacts']),
  })
  console.log(JSON.stringify(campaign, null, 2))
} catch (error) {
  log(`failed; workerd's last words:\n${bench.workerdStderr()}`)
  throw error
} finally {
  await bench.close()
}
