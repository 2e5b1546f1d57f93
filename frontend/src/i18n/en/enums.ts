export default {
  role: { enterprise: 'Enterprise', team: 'Team', expert: 'Expert', bureau: 'Bureau', admin: 'Administrator' },
  orgType: { enterprise: 'Enterprise', university: 'University', research_institute: 'Research institute', other: 'Other' },
  creditStatus: { good: 'Good', warned: 'Warned', barred: 'Barred' },
  challengeStatus: {
    draft: 'Draft', submitted: 'Submitted', returned: 'Returned', approved: 'Approved', rejected: 'Rejected',
    published: 'Open for bids', bidding_closed: 'Bidding closed', reviewing: 'Under review', notice: 'Public notice',
    in_progress: 'In progress', completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled',
  },
  bidStatus: {
    draft: 'Draft', submitted: 'Submitted', withdrawn: 'Withdrawn', eligible: 'Eligible', ineligible: 'Ineligible',
    selected: 'Selected', not_selected: 'Not selected', cancelled: 'Ended (challenge cancelled)',
  },
  field: {
    equipment: 'High-end equipment', materials: 'New materials', energy: 'New energy', biomedicine: 'Biomedicine',
    electronics: 'Electronics & IT', ai: 'Artificial intelligence', environment: 'Energy saving & environment',
    agriculture: 'Modern agriculture', marine: 'Marine engineering', other: 'Other',
  },
  mode: { single: 'Open challenge (揭榜挂帅)', race: 'Horse race (赛马)' },
  modeHint: { single: 'One team is selected', race: 'Several teams in parallel, staged reviews eliminate the weaker' },
  comparison: { '>=': 'at least (≥)', '<=': 'at most (≤)', '=': 'equal (=)' },
  historyAction: {
    create: 'Draft created', submit: 'Submitted', approve: 'Approved', return: 'Returned for revision', reject: 'Rejected',
    publish: 'Published', cancel: 'Cancelled', close_bidding: 'Bidding closed', amend: 'Amendment published', update: 'Edited',
  },
  precheck: {
    credit_status: 'Credit status', pi_limit: 'PI limit', org_limit: 'Organisation limit', complete: 'Completeness',
    budget_cap: 'Budget cap', related_party: 'Related party',
  },
}
