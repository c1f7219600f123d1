// Numbers in messages as en-US writes them (12,380 requests, $5,040), without Intl: the first
// toLocaleString of a process loads ICU's number data, about 25 ms, a quarter of the start-up budget.
// Both give exactly what toLocaleString('en-US', ...) gives (a property test holds them to it): formatNumber
// with its defaults, formatDollars with two decimals unless whole.

/**
 * Like Intl: rounds the shortest decimal that reads back as `value` (1.0005, not the binary
 * 1.000499...) half away from zero to at most `maxDigits` decimals, keeps at least `minDigits`, and
 * groups the whole part by thousands. A negative value keeps its sign even when it rounds to 0.
 */
function decimal(value: number, minDigits: number, maxDigits: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (Number.isSafeInteger(value) && !Object.is(value, -0) && minDigits === 0) return String(value).replace(/\B(?=(\d{3})+$)/g, ',')
  const sign = value < 0 || Object.is(value, -0) ? '-' : ''
  if (!Number.isFinite(value)) return `${sign}∞`
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e') as [string, string]
  let digits = mantissa.replace('.', '')
  let wholeDigits = Number(exponent) + 1
  if (wholeDigits < 1) {
    digits = '0'.repeat(1 - wholeDigits) + digits
    wholeDigits = 1
  }
  const kept = wholeDigits + maxDigits
  if (digits.length > kept) {
    const roundUp = digits.charCodeAt(kept) >= 53 // '5'
    const cut = digits.slice(0, kept).split('').map(Number)
    if (roundUp) {
      let at = kept - 1
      while (at >= 0 && cut[at] === 9) cut[at--] = 0
      if (at < 0) {
        cut.unshift(1)
        wholeDigits++
      } else cut[at]!++
    }
    digits = cut.join('')
  }
  digits = digits.padEnd(wholeDigits, '0')
  const whole = digits
    .slice(0, wholeDigits)
    .replace(/^0+(?=\d)/, '')
    .replace(/\B(?=(\d{3})+$)/g, ',')
  const fraction = digits.slice(wholeDigits).replace(/0+$/, '').padEnd(minDigits, '0')
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`
}

/** A count or quantity: `n.toLocaleString('en-US')` (up to 3 decimals). */
export const formatNumber = (value: number): string => decimal(value, 0, 3)

/**
 * Dollars: whole when whole, else with cents ($5,040, $4,072.50, $1.40), grouped as en-US writes them.
 * Given the amount it is compared with, more decimals where both would otherwise read the same
 * ("$4,000.004 > budget $4,000.000", never "$4,000.00 > budget $4,000").
 */
export function formatDollars(value: number, against?: number): string {
  const plain = (amount: number): string => (Number.isInteger(amount) ? decimal(amount, 0, 0) : decimal(amount, 2, 2))
  if (against === undefined || value === against || !Number.isFinite(value) || !Number.isFinite(against) || decimal(value, 2, 2) !== decimal(against, 2, 2))
    return `$${plain(value)}`
  let digits = 3
  while (digits < 12 && decimal(value, digits, digits) === decimal(against, digits, digits)) digits++
  return `$${decimal(value, digits, digits)}`
}
