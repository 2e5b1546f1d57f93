export default {
  title: 'Notifications',
  intro: 'News about the challenges, bids and reviews that concern you.',
  bellLabel: 'Notifications, {n} unread',
  all: 'All',
  unread: 'Unread',
  readAll: 'Mark all read',
  empty: 'No notifications',
  mailSettings: 'E-mail settings',
  mail: {
    title: 'E-mail settings',
    intro: 'Notifications always arrive here; choose which are also e-mailed, and in which language.',
    disabled: 'No mail server is configured yet: notifications arrive in the platform only.',
    lang: 'Language of the mails',
    kinds: 'Kinds of notification sent by e-mail (untick to stop mails of a kind)',
    noKinds: 'Once you receive notifications, you can turn their e-mails off here by kind.',
    saved: 'Saved',
  },
  kinds: {
    challenge: {
      submitted: 'Challenge submitted for validation',
      returned: 'Challenge returned',
      approved: 'Challenge approved',
      rejected: 'Challenge rejected',
      published: 'Challenge published',
      bidding_closed: 'Bidding closed',
    },
    bid: {
      eligible: 'Bid eligible',
      ineligible: 'Bid ineligible',
      deadline_near: 'Bid deadline reminder',
    },
  },
}
