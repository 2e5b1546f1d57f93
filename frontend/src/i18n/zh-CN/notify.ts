export default {
  title: '消息通知',
  intro: '与您有关的榜单、申报与评审动态。',
  bellLabel: '消息通知，{n} 条未读',
  all: '全部',
  unread: '未读',
  readAll: '全部标为已读',
  empty: '暂无通知',
  mailSettings: '邮件提醒设置',
}
