/**
 * @module Structured JSON logs (pino) behind the small `Log` interface the app uses.
 */
import { pino } from 'pino'
import type { Log } from './deps.js'

export function jsonLog(level: string): Log {
  const logger = pino({ level, base: { service: 'patron' }, timestamp: pino.stdTimeFunctions.isoTime })
  return {
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
  }
}
