/** A delivery given up after its last attempt, kept so an operator can see and replay it. */
export interface DeadLetter {
  eventId: string
  destination: string
  attempts: number
  lastError: string
  failedAt: string
  body: string
}

/** The WEBHOOKS Durable Object instance that keeps dead letters (src/webhooks/store.ts). */
export const DEAD_LETTERS = 'dead-letters'

/** What a producer of events needs of that instance: to record an event it could not queue. */
export interface DeadLetterRecorder {
  recordDeadLetter(letter: DeadLetter): Promise<void> | void
}
