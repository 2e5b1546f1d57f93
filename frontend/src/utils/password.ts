/** Password strength hint for the registration form (the server has the final word). */
export type PasswordStrength = 'invalid' | 'weak' | 'medium' | 'strong'

/** Server rule: ≥ 8 characters, at least one letter and one digit, not the e-mail. */
export function meetsPasswordRule(pw: string, email = ''): boolean {
  return pw.length >= 8 && /[A-Za-z]/.test(pw) && /\d/.test(pw) && pw.toLowerCase() !== email.trim().toLowerCase()
}

export function passwordStrength(pw: string, email = ''): PasswordStrength {
  if (!meetsPasswordRule(pw, email)) return 'invalid'
  let score = 0
  if (pw.length >= 12) score++
  if (/[a-z]/.test(pw) && /[A-Z]/.test(pw)) score++
  if (/[^A-Za-z0-9]/.test(pw)) score++
  if (score >= 2) return 'strong'
  if (score === 1) return 'medium'
  return 'weak'
}
