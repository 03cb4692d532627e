/**
 * @module A follow-up task reached its due time: if it is still open, tell its owner and the team lead.
 */
import type { AppDeps } from './deps.js'
import { fanOut, type Recipient, recipientsFor, summarize, taskDueNotification } from './notifications.js'

export async function taskDue(deps: AppDeps, taskId: string): Promise<void> {
  const now = deps.now()
  const policy = deps.policy.current()
  await deps.store.transaction(async (tx) => {
    const task = await tx.tasks.get(taskId)
    if (!task || task.state === 'done') return
    const ticket = await tx.tickets.get(task.ticketId)
    if (!ticket) return
    const summary = summarize(ticket)
    const recipients: Recipient[] = [
      ...(task.owner ? [{ role: 'owner', name: task.owner.name, email: task.owner.email }] : []),
      ...recipientsFor(['teamLead'], policy, null, summary.queue),
    ]
    await tx.outbox.add(
      fanOut(
        policy,
        deps.channels,
        taskDueNotification(summary, task, now.toISOString()),
        recipients,
        ticket.id,
      ),
      now,
    )
  })
}
