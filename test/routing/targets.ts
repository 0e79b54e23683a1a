import { NUMBER_ID, USE_CASE_ID } from '../fakes/happyrobot'

type Json = Record<string, any>

/** What each target needs to deploy and place calls on the fakes. */
export const TARGETS: Record<string, Json> = {
  sandbox: { provider: 'sandbox' },
  dasha: { provider: 'dasha', voice: { vendor: 'ElevenLabs', voiceId: 'EXAVITQu4vr4xnSDxMaL' } },
  oneinbox: { provider: 'oneinbox', from: '+14155550199' },
  bland: { provider: 'bland' },
  happyrobot: { provider: 'happyrobot', agentId: `happyrobot_${USE_CASE_ID}`, from: NUMBER_ID },
}
