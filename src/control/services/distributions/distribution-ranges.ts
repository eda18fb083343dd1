import { ControlError } from '../../errors.js'

/** `value` (named `where` in messages) within `[min, max]`, or InvalidArgument; `undefined` passes. */
export function inRange(
  value: number | undefined,
  where: string,
  min?: number,
  max?: number,
): number | undefined {
  if (value === undefined) return undefined
  if (!Number.isSafeInteger(value)) {
    throw new ControlError('InvalidArgument', `${where} must be an integer, not ${JSON.stringify(value)}.`)
  }
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    throw new ControlError(
      'InvalidArgument',
      `${where} must be from ${min ?? '-∞'} to ${max ?? '∞'}, not ${value}.`,
    )
  }
  return value
}
