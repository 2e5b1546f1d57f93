export default {
  title: '消息通知',
  intro: '与您有关的榜单、申报与评审动态。',
  bellLabel: '消息通知，{n} 条未读',
  all: '全部',
  unread: '未读',
  readAll: '全部标为已读',
  empty: '暂无通知',
  mailSettings: '邮件提醒设置',
  mail: {
    title: '邮件提醒设置',
    intro: '站内通知总会送达；这里选择哪些通知同时发送邮件，以及邮件的语言。',
    disabled: '本平台尚未配置邮件服务器，目前只有站内通知。',
    lang: '邮件语言',
    kinds: '发送邮件的通知类型（取消勾选即不再发邮件）',
    noKinds: '收到通知后，可在这里按类型关闭邮件。',
    saved: '已保存',
  },
  kinds: {
    challenge: {
      submitted: '榜单提交待论证',
      returned: '榜单被退回',
      approved: '榜单通过论证',
      rejected: '榜单未通过论证',
      published: '榜单已张榜',
      bidding_closed: '揭榜截止',
    },
    bid: {
      eligible: '形式审查通过',
      ineligible: '形式审查未通过',
      deadline_near: '揭榜截止提醒',
    },
  },
}
