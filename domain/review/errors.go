package review

import (
	"fmt"
	"strings"

	"jiebang/domain"
)

// ErrPoolTooSmall is the 409 of a draw the pool cannot staff, naming the item.
func ErrPoolTooSmall(itemID int64, label string, need, avail int) error {
	return domain.Conflict("pool_insufficient",
		fmt.Sprintf("专家库不足以为「%s」组成评审组：需要 %d 名无利益冲突且未满负荷的专家，仅有 %d 名", label, need, avail),
		fmt.Sprintf("the expert pool cannot staff %q: %d experts without conflict and below their maximum are needed, %d are available", label, need, avail)).
		WithDetails(map[string]any{"item_id": itemID, "item": label, "needed": need, "available": avail})
}

// ErrRoundExists is the 409 of opening a round while a round of the same kind and stage is still open or
// assigned (not closed): one round at a time per stage, named in the message.
func ErrRoundExists(prior Round) error {
	what := KindLabelZh(prior.Kind)
	whatEn := strings.ReplaceAll(string(prior.Kind), "_", " ")
	if prior.Stage > 0 {
		what += fmt.Sprintf("（第 %d 阶段）", prior.Stage)
		whatEn += fmt.Sprintf(" (stage %d)", prior.Stage)
	}
	details := map[string]any{"kind": string(prior.Kind), "stage": prior.Stage}
	zh := fmt.Sprintf("该榜单已有未关闭的%s评审轮次，请先完成或关闭该轮次", what)
	en := fmt.Sprintf("the challenge already has a %s round that is not closed: finish or close it first", whatEn)
	if prior.ID != 0 {
		details["round_id"] = prior.ID
		zh = fmt.Sprintf("该榜单已有未关闭的%s评审轮次（#%d），请先完成或关闭该轮次", what, prior.ID)
		en = fmt.Sprintf("the challenge already has a %s round that is not closed (#%d): finish or close it first", whatEn, prior.ID)
	}
	return domain.Conflict("round_exists", zh, en).WithDetails(details)
}

// KindLabelZh is the Chinese name of a round kind.
func KindLabelZh(k Kind) string {
	switch k {
	case KindValidation:
		return "需求论证"
	case KindBidReview:
		return "揭榜评审"
	case KindStageReview:
		return "阶段考核"
	case KindAcceptance:
		return "验收"
	}
	return string(k)
}

// effectiveStage is the stage a round reviews: an acceptance round opened without a stage reviews the last.
func effectiveStage(k Kind, stage, stages int) int {
	if k == KindAcceptance && stage == 0 {
		return stages
	}
	return stage
}

// OpenRoundFor returns the round of kind k on stage that is not closed yet, if any, among a challenge's rounds
// (stages is the challenge's number of stages).
func OpenRoundFor(rounds []Round, k Kind, stage, stages int) (Round, bool) {
	want := effectiveStage(k, stage, stages)
	for _, r := range rounds {
		if r.Kind == k && r.Status != StatusClosed && effectiveStage(r.Kind, r.Stage, stages) == want {
			return r, true
		}
	}
	return Round{}, false
}

// NextStageToReview is the stage a new stage review defaults to: the first stage before the last (the last is
// the acceptance's) that has no stage review round yet; 0 when every one has (the caller then names one).
func NextStageToReview(rounds []Round, stages int) int {
	has := map[int]bool{}
	for _, r := range rounds {
		if r.Kind == KindStageReview {
			has[r.Stage] = true
		}
	}
	for st := 1; st < stages; st++ {
		if !has[st] {
			return st
		}
	}
	return 0
}
