export default {
  title: 'Notifications',
  intro: 'News about the challenges, bids and reviews that concern you.',
  bellLabel: 'Notifications, {n} unread',
  all: 'All',
  unread: 'Unread',
  readAll: 'Mark all read',
  empty: 'No notifications',
  mailSettings: 'E-mail settings',
}
