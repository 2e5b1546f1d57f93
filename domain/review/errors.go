package review

import (
	"fmt"

	"jiebang/domain"
)

// ErrPoolTooSmall is the 409 of a draw the pool cannot staff, naming the item.
func ErrPoolTooSmall(itemID int64, label string, need, avail int) error {
	return domain.Conflict("pool_insufficient",
		fmt.Sprintf("专家库不足以为「%s」组成评审组：需要 %d 名无利益冲突且未满负荷的专家，仅有 %d 名", label, need, avail),
		fmt.Sprintf("the expert pool cannot staff %q: %d experts without conflict and below their maximum are needed, %d are available", label, need, avail)).
		WithDetails(map[string]any{"item_id": itemID, "item": label, "needed": need, "available": avail})
}
