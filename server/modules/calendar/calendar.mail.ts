import { maskPersonalText } from '../../common/personal-data.js'
import { icsAttachment, type MailMessageInput } from '../mail/mail.outbox.service.js'
import { inviteDedupeKey, inviteThread } from './calendar.identity.js'
import { buildInvite, formatHearingTime, inviteText, type AttendeeRole, type CalendarHearing, type CalendarOrganizer, type CalendarRecipient, type InviteMethod } from './calendar.ics.js'

export type InviteMailKind = 'invite' | 'update' | 'cancelled' | 'removed'

/**
 * The first mail to each person, by what they are asked. Drawn hearing officers are invited and answer through
 * the link to their invitation page (replies from a calendar app are not processed, so none are promised); host and recorder are
 * designated by the bureau and respondent handlers attend for their unit: they are told, not asked.
 */
const FIRST: Record<AttendeeRole | 'other', { subject: string, intro: string }> = {
  panel: { subject: '听证邀请', intro: '您被抽取为以下听证的听证员，特邀请您参加。请打开下方链接答复是否参加；如不能参加，请在页面上点击“谢绝”并填写理由。' },
  host: { subject: '听证安排', intro: '您被指定为以下听证的主持人，请按时出席并主持听证。' },
  recorder: { subject: '听证安排', intro: '您被指定为以下听证的记录员，请按时出席并制作听证笔录。' },
  respondent: { subject: '听证安排', intro: '请您作为责任单位承办人按时参加以下听证，并准备答复意见和相关证据材料。' },
  other: { subject: '听证安排', intro: '以下听证已安排，特此告知。' }
}
/** A drawn officer who is not asked to answer (already answered, or nothing to answer with). */
const PANEL_WITHOUT_LINKS = '您被抽取为以下听证的听证员，请按时出席。'
const INTRO: Record<Exclude<InviteMailKind, 'invite'>, string> = {
  update: '以下听证的安排有变更，请以本邮件为准，日历中的原日程将随之更新。',
  cancelled: '以下听证已取消，日历中的原日程将随之删除。',
  removed: '您已不再参加以下听证，日历中的原日程将随之删除。'
}
const SUBJECT: Record<Exclude<InviteMailKind, 'invite'>, string> = { update: '听证变更', cancelled: '听证取消', removed: '听证安排变更（您不再参加）' }

function firstMail (hearing: CalendarHearing, recipient: CalendarRecipient) {
  const role = hearing.attendees.find((a) => a.ref.kind === recipient.ref.kind && a.ref.id === recipient.ref.id)?.role ?? recipient.role
  const first = FIRST[role ?? 'other']
  return role === 'panel' && !recipient.responseLink ? { ...first, intro: PANEL_WITHOUT_LINKS } : first
}

/**
 * The outbox message that carries one recipient's invite: a Chinese text body with the same facts and links as
 * the event, and the calendar as `text/calendar; method=…` plus `invite.ics`. Queue it with enqueueMail inside
 * the transaction of the change. `kind` is `invite` for a person's first message about the event (the caller
 * knows: calendar_invitations), worded for their role, and `update` after; it defaults by SEQUENCE.
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
  const { subject, intro } = resolved === 'invite' ? firstMail(hearing, recipient) : { subject: SUBJECT[resolved], intro: INTRO[resolved] }
  const text = [
    `${maskPersonalText(recipient.name)}：`,
    '',
    intro,
    '',
    inviteText({ hearing, recipient, method }),
    '',
    `${maskPersonalText(organizer.name)}`,
    '（本邮件由听证管理系统自动发送）'
  ].join('\n')
  return {
    to: { address: recipient.email, name: maskPersonalText(recipient.name) },
    subject: `${subject}：${maskPersonalText(hearing.title)}（${formatHearingTime(hearing.start, hearing.end)}）`,
    text,
    attachments: [icsAttachment({ ics, method })],
    dedupeKey: inviteDedupeKey({ uid: hearing.uid, sequence: hearing.sequence, method, person: recipient.ref }),
    thread: inviteThread({ uid: hearing.uid, sequence: hearing.sequence, method, person: recipient.ref })
  }
}
