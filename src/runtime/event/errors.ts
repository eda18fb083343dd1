import { VergeError } from '../../shared/index.js'

/**
 * `InvalidEvent`: a TestFunction event object that is not an event.
 * `InvalidOutput`: a handler's return value that is neither a request nor a response.
 */
export type EventErrorCode = 'InvalidEvent' | 'InvalidOutput'

/** Raised by the event model; the message names the offending field. */
export class EventError extends VergeError<EventErrorCode> {
  constructor(code: EventErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.name = 'EventError'
  }
}

/** How a value reads in an error message: `a string ("302")`, `null`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`
    case 'number':
      return `the number ${value}`
    case 'boolean':
      return `the boolean ${value}`
    case 'object':
      return 'an object'
    default:
      return `a ${typeof value}`
  }
}
