export default {
  role: { enterprise: '发榜企业', team: '揭榜团队', expert: '评审专家', bureau: '科技局', admin: '系统管理员' },
  orgType: { enterprise: '企业', university: '高等院校', research_institute: '科研院所', other: '其他' },
  creditStatus: { good: '良好', warned: '警示', barred: '禁入' },
  challengeStatus: {
    draft: '草稿', submitted: '待审核', returned: '已退回', approved: '已通过', rejected: '未通过', published: '张榜中',
    bidding_closed: '揭榜截止', reviewing: '评审中', notice: '公示中', in_progress: '攻关中', completed: '已完成',
    failed: '未达成', cancelled: '已撤榜',
  },
  bidStatus: {
    draft: '草稿', submitted: '已提交', withdrawn: '已撤回', eligible: '形式审查通过', ineligible: '形式审查未通过',
    selected: '入选', not_selected: '未入选', cancelled: '已终止（榜单撤榜）',
  },
  field: {
    equipment: '高端装备', materials: '新材料', energy: '新能源', biomedicine: '生物医药', electronics: '电子信息',
    ai: '人工智能', environment: '节能环保', agriculture: '现代农业', marine: '海洋工程', other: '其他',
  },
  mode: { single: '揭榜挂帅', race: '赛马' },
  modeHint: { single: '择优确定一支团队攻关', race: '多支团队并行攻关，分阶段考核、择优汰劣' },
  comparison: { '>=': '不低于 (≥)', '<=': '不高于 (≤)', '=': '等于 (=)' },
  historyAction: {
    create: '创建草稿', submit: '提交审核', approve: '审核通过', return: '退回修改', reject: '审核不通过',
    publish: '张榜发布', cancel: '撤榜', close_bidding: '揭榜截止', amend: '发布更正', update: '修改',
  },
  precheck: {
    credit_status: '信用状态', pi_limit: '负责人限项', org_limit: '单位限项', complete: '材料完整性',
    budget_cap: '预算上限', related_party: '关联关系',
  },
}
