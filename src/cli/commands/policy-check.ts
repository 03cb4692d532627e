/**
 * @module `patron policy check FILE`: validate a policy exactly as the server would, without starting it.
 */
import { compilePolicyText, readPolicyFile, readPolicyFiles } from '../../app/load-policy.js'
import { EXIT, reportError, UsageError } from '../output.js'

export async function policyCheck(args: readonly string[]): Promise<number> {
  const file = args[0]
  if (!file || args.length > 1) throw new UsageError('usage: patron policy check FILE')
  try {
    const text = await readPolicyFile(file, 'FILE')
    const policy = compilePolicyText(text, file, await readPolicyFiles(text, file))
    const cells = [...policy.matrix.values()].length * 4
    process.stdout.write(
      `${file}: ok — "${policy.name}" ${policy.version}: ${policy.tiers.length} tiers, ${cells} matrix cells, ` +
        `${policy.boosts.custom.length} custom boosts, ${policy.alerts.length} alert rules\n`,
    )
    return EXIT.ok
  } catch (e) {
    return reportError(e, file)
  }
}
