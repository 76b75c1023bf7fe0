import { maskPersonalText } from '../../shared/personal-data.js'
import { icsAttachment, type MailMessageInput } from '../mail/mail.outbox.js'
import { inviteDedupeKey, inviteThread } from './calendar.identity.js'
import { buildInvite, formatHearingTime, inviteText, type CalendarHearing, type CalendarOrganizer, type CalendarRecipient, type InviteMethod } from './calendar.ics.js'

export type InviteMailKind = 'invite' | 'update' | 'cancelled' | 'removed'

const INTRO: Record<InviteMailKind, string> = {
  invite: '您被安排参加以下听证。请通过下方链接答复是否参加，或在日历中接受邀请。',
  update: '以下听证的安排有变更，请以本邮件为准，日历中的原日程将随之更新。',
  cancelled: '以下听证已取消，日历中的原日程将随之删除。',
  removed: '您已不再参加以下听证，日历中的原日程将随之删除。'
}
const SUBJECT: Record<InviteMailKind, string> = { invite: '听证邀请', update: '听证变更', cancelled: '听证取消', removed: '听证安排变更（您不再参加）' }

/**
 * The outbox message that carries one recipient's invite: a Chinese text body with the same facts and links as
 * the event, and the calendar as `text/calendar; method=…` plus `invite.ics`. Queue it with enqueueMail inside
 * the transaction of the change. `kind` defaults to `invite` for SEQUENCE 0 and `update` after.
 */
export function inviteMail ({ hearing, recipient, method, now, organizer, kind }: {
  hearing: CalendarHearing
  recipient: CalendarRecipient
  method: InviteMethod
  now: Date
  organizer: CalendarOrganizer
  kind?: InviteMailKind
}): MailMessageInput {
  const resolved: InviteMailKind = method === 'CANCEL'
    ? (hearing.status === 'cancelled' ? 'cancelled' : 'removed')
    : kind ?? (hearing.sequence > 0 ? 'update' : 'invite')
  const ics = buildInvite({ hearing, recipient, method, now, organizer })
  const text = [
    `${maskPersonalText(recipient.name)}：`,
    '',
    INTRO[resolved],
    '',
    inviteText({ hearing, recipient, method }),
    '',
    `${maskPersonalText(organizer.name)}`,
    '（本邮件由听证管理系统自动发送）'
  ].join('\n')
  return {
    to: { address: recipient.email, name: maskPersonalText(recipient.name) },
    subject: `${SUBJECT[resolved]}：${maskPersonalText(hearing.title)}（${formatHearingTime(hearing.start, hearing.end)}）`,
    text,
    attachments: [icsAttachment({ ics, method })],
    dedupeKey: inviteDedupeKey({ uid: hearing.uid, sequence: hearing.sequence, method, person: recipient.ref }),
    thread: inviteThread({ uid: hearing.uid, sequence: hearing.sequence, method, person: recipient.ref })
  }
}
