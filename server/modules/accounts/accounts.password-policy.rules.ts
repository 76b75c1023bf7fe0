import { createRequire } from 'node:module'
import { projectPath } from '../../common/paths.js'

/**
 * The password rules, applied wherever a password is set (new user, own change, reset by a manager, the first
 * administrator). They follow GB/T 22239-2019 (等保 2.0: 口令具有复杂度要求) and are stricter on length:
 * at least 10 characters, three of the four classes, no leading or trailing whitespace, not containing the
 * login name, and not a common password nor a common password with digits or symbols around it.
 */
export const PASSWORD_MIN_LENGTH = 10
const MIN_CLASSES = 3
/** Login names shorter than this are not looked for inside the password: two letters occur everywhere. */
const MIN_USERNAME_MATCH = 3
/** A common password is looked for inside digits and symbols only when what remains is at least this long. */
const MIN_CORE_LENGTH = 4

const CLASSES: readonly { name: string, pattern: RegExp }[] = [
  { name: '大写字母', pattern: /\p{Lu}/u },
  { name: '小写字母', pattern: /\p{Ll}/u },
  { name: '数字', pattern: /\p{Nd}/u },
  { name: '符号', pattern: /[^\p{L}\p{N}\s]/u }
]

export const PASSWORD_RULES = `至少 ${PASSWORD_MIN_LENGTH} 位，包含大写字母、小写字母、数字、符号中的至少三类，首尾不能是空格，不能包含登录名，不能是常见密码`

const load = createRequire(projectPath('package.json'))
let common: ReadonlySet<string> | undefined

/**
 * The common-password list of @zxcvbn-ts/language-common (about 49,000 passwords from published leaks, in
 * lower case). Loaded on first use rather than at start-up: decompressing it takes some 60 ms.
 */
function commonPasswords (): ReadonlySet<string> {
  common ??= new Set((load('@zxcvbn-ts/language-common') as { dictionary: Record<'passwords-common', string[]> }).dictionary['passwords-common'])
  return common
}

/** What is wrong with a password, one Chinese sentence per problem; empty when it may be used. */
export function passwordProblems (password: string, { username }: { username?: string | undefined } = {}): string[] {
  const problems: string[] = []
  const text = password.normalize('NFC')
  const length = [...text].length
  if (length < PASSWORD_MIN_LENGTH) problems.push(`密码至少 ${PASSWORD_MIN_LENGTH} 位，当前只有 ${length} 位`)
  if (/^\s|\s$/u.test(text)) problems.push('密码首尾不能是空格或其他空白字符')
  const present = CLASSES.filter((c) => c.pattern.test(text))
  if (present.length < MIN_CLASSES) {
    const missing = CLASSES.filter((c) => !present.includes(c)).map((c) => c.name)
    const has = present.length === 0 ? '当前一类都没有' : `当前只有${present.map((c) => c.name).join('、')}`
    problems.push(`密码须包含大写字母、小写字母、数字、符号中的至少三类；${has}，还需加入${missing.join('、')}中的至少 ${MIN_CLASSES - present.length} 类`)
  }
  const lower = text.toLowerCase()
  if (username !== undefined && containsUsername(lower, username.toLowerCase())) problems.push('密码不能包含登录名')
  if (commonPasswords().has(lower)) problems.push('该密码是常见密码，极易被猜中，请换一个')
  else {
    const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
    if (core !== lower && [...core].length >= MIN_CORE_LENGTH && commonPasswords().has(core)) {
      problems.push('密码只是在常见密码前后加了数字或符号，极易被猜中，请换一个')
    }
  }
  return problems
}

function containsUsername (lowerPassword: string, lowerUsername: string) {
  const forms = new Set([lowerUsername, lowerUsername.replace(/[._-]/g, '')])
  return [...forms].some((form) => form.length >= MIN_USERNAME_MATCH && lowerPassword.includes(form))
}
