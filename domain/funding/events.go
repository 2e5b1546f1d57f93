package funding

import "jiebang/domain/challenge"

// Events of the ledger, published inside the transaction of the change.
const (
	// EventDecided: a funding decision was recorded (Decided).
	EventDecided = "funding.decided"
	// EventReversed: a decision was reversed by a negated one, 冲销 (Decided: the reversal).
	EventReversed = "funding.reversed"
	// EventDisbursed: a payment was recorded against a decision, 拨付 (Disbursed).
	EventDisbursed = "funding.disbursed"
)

// Decided is the payload of EventDecided and EventReversed: the decision (or reversal), its racer and
// challenge.
type Decided struct {
	Decision  Decision
	Racer     Racer
	Challenge challenge.Challenge
}

// Disbursed is the payload of EventDisbursed.
type Disbursed struct {
	Disbursement Disbursement
	Challenge    challenge.Challenge
}
